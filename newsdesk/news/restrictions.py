"""Page privacy (Wagtail view restrictions) read from the cache, so public pages pay no query for it.

Restrictions are rare and change rarely; the whole list is cached and dropped whenever one is saved or deleted.
"""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import SITE_TAG

CACHE_KEY = "news:view-restriction-paths:v1"


def restricted_paths() -> list[str]:
    """Return the tree paths of every page that carries a view restriction."""
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, 3600)
    return paths


def is_restricted(path: str) -> bool:
    """Return True if the page at this tree path, or an ancestor, is restricted."""
    return any(path.startswith(restricted) for restricted in restricted_paths())


def public_q() -> Q:
    """Return a filter that keeps only pages with no restricted ancestor (Wagtail's .public(), without a query)."""
    q = Q()
    for path in restricted_paths():
        q &= ~Q(path__startswith=path)
    return q


def forget_restrictions(**kwargs) -> None:
    cache.delete(CACHE_KEY)
    # A page made private (or public) must leave every cached copy at once: the page cache, nginx's and Varnish's
    # copies, and the premium bodies kept for entitled readers. Restrictions change rarely; purge the whole site.
    purge_tags({SITE_TAG})


def connect() -> None:
    post_save.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="news-restrictions-save")
    post_delete.connect(forget_restrictions, sender=PageViewRestriction, dispatch_uid="news-restrictions-delete")

"""Which cached pages show a live page: what its publish, unpublish, move or deletion must purge.

Posts purge the page's own tag in the services; a publish (status, key points, headline) also changes what the
front page, its sections, the sitemaps and the "live now" strips show.
"""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import LIVE_NOW_TAG, liveblog_tag
from newsdesk.news.purge import tags_for_page

from .models import LivePage


def _purge_live_page(sender, instance, **kwargs) -> None:
    purge_tags(tags_for_page(instance) | {liveblog_tag(instance.pk), LIVE_NOW_TAG})


def connect() -> None:
    """Purge on publish, unpublish and delete (moves purge the whole site in news.purge)."""
    page_published.connect(_purge_live_page, sender=LivePage, dispatch_uid="liveblogs-purge-pub")
    page_unpublished.connect(_purge_live_page, sender=LivePage, dispatch_uid="liveblogs-purge-unpub")
    post_delete.connect(_purge_live_page, sender=LivePage, dispatch_uid="liveblogs-purge-del")

"""Reads shared by every app: absolute URLs, pagination."""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

from .models import NewsroomSettings


def absolute_url(path: str) -> str:
    """Return the public absolute URL for a site path (SITE_URL, not the request's host, so bytes stay stable)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


@dataclass(frozen=True)
class PageWindow:
    """A page of results plus the numbers a pager shows."""

    page: PaginatorPage
    page_range: list[int | str]


def paginate(object_list, *, page_number: str | None, per_page: int) -> PageWindow:
    """Return one page of a list; junk or out-of-range page numbers fall back to the first or last page."""
    paginator = Paginator(object_list, per_page)
    page = paginator.get_page(page_number)  # never raises: "abc" -> 1, "99999" -> last page
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return PageWindow(page=page, page_range=page_range)


IDENTITY_CACHE_KEY = "core:newsroom-identity:{site_id}:v1"


def newsroom_identity(request) -> dict[str, str]:
    """Return the publication's name, tagline and logo URL (absolute) for the request's site (cached).

    Without a request (a task, a command), the default site's.
    """
    from django.core.cache import cache
    from django.templatetags.static import static
    from wagtail.models import Site

    if request is None:
        site = Site.objects.filter(is_default_site=True).first()
    else:
        site = Site.find_for_request(request)
    key = IDENTITY_CACHE_KEY.format(site_id=site.pk if site else 0)
    identity = cache.get(key)
    if identity is None:
        config = NewsroomSettings.for_site(site) if site else NewsroomSettings()
        logo_url = absolute_url(static("newsdesk/logo.png"))
        if config.publisher_logo_id:
            logo_url = absolute_url(config.publisher_logo.get_rendition("max-600x60").url)
        identity = {
            "name": config.publication_name,
            "tagline": config.tagline,
            "logo_url": logo_url,
            "twitter_handle": config.twitter_handle,
        }
        cache.set(key, identity, 3600)
    return identity


def forget_newsroom_identity(*, site_id: int) -> None:
    """Drop the cached identity after the newsroom settings change."""
    from django.core.cache import cache

    cache.delete(IDENTITY_CACHE_KEY.format(site_id=site_id))


SITES_CACHE_KEY = "core:sites-by-host:v1"
SITES_CACHE_SECONDS = 300
MAX_CACHED_HOSTS = 50  # host names the app answers: a handful; requests with others are refused before this


def site_for_request(request):
    """Return the Wagtail site that answers the request's host and port, as Wagtail chooses it (cached).

    Wagtail asks the database on every request, with a query that costs as much CPU to build as the rest of a
    page served from fragments. Sites change rarely; saving or deleting one forgets them all.
    """
    from django.core.cache import cache
    from django.http.request import split_domain_port
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    host = f"{hostname}:{port}"
    known = cache.get(SITES_CACHE_KEY) or {}
    if host in known:
        return known[host]
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    if len(known) < MAX_CACHED_HOSTS:
        cache.set(SITES_CACHE_KEY, {**known, host: site}, SITES_CACHE_SECONDS)
    return site


def forget_sites(**kwargs) -> None:
    """Drop the cached sites, so the next request finds its site in the database."""
    from django.core.cache import cache

    cache.delete(SITES_CACHE_KEY)


def newsroom_from_email(request=None) -> str:
    """Return the From of the newsroom's emails: its name (set by `newsroom_setup --name`) at DEFAULT_FROM_EMAIL's
    address, so that a reader's inbox shows the newspaper, however the address itself is named in the settings."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((newsroom_identity(request)["name"], address))


def is_newsroom_staff(user) -> bool:
    """Return True for a signed-in member of the newsroom: anyone who may open the admin (a role's group gives
    that), a Django staff user or a superuser. Roles do not set the is_staff flag, so it alone says too little."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")

"""Reads shared by every app: absolute URLs, pagination."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator


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


def newsroom_identity(request) -> dict[str, str]:
    """Return the publication's name, tagline and logo URL (absolute) for the request's site."""
    from django.templatetags.static import static

    from .models import NewsroomSettings

    config = NewsroomSettings.for_request(request)
    logo_url = absolute_url(static("newsdesk/logo.png"))
    if config.publisher_logo_id:
        logo_url = absolute_url(config.publisher_logo.get_rendition("max-600x60").url)
    return {
        "name": config.publication_name,
        "tagline": config.tagline,
        "logo_url": logo_url,
        "twitter_handle": config.twitter_handle,
    }

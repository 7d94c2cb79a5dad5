"""Template context every page shares: the masthead's name and navigation."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsdesk.news.selectors import primary_sections

from .selectors import newsroom_identity


def site_chrome(request) -> dict:
    """Return the publication identity and primary navigation for the layout."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}  # the admins' pages have layouts of their own
    return layout_context(request)


def layout_context(request) -> dict:
    """Return what the site's layout shows around every page, for a page under any address."""
    return {
        "newsroom": newsroom_identity(request),
        # Read only when the masthead is rendered, not when it comes from its shared fragment.
        "primary_sections": SimpleLazyObject(primary_sections),
        "current_year": timezone.localdate().year,
        # The newsroom's time zone (TIME_ZONE) as the footer names it, e.g. "SAST (Africa/Johannesburg)".
        "time_zone_label": f"{timezone.localtime().tzname()} ({timezone.get_current_timezone_name()})",
    }

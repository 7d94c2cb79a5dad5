"""Template context every page shares: the publication's identity, the year and the time zone."""

from django.utils import timezone

from .selectors import newsroom_identity


def site_chrome(request) -> dict:
    """Return the publication identity and the rest of what the layout shows."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}  # the admins' pages have layouts of their own
    return layout_context(request)


def layout_context(request) -> dict:
    """Return what the site's layout shows around every page, for a page under any address."""
    return {
        "newsroom": newsroom_identity(request),
        "current_year": timezone.localdate().year,
        # The newsroom's time zone (TIME_ZONE) as the footer names it, e.g. "SAST (Africa/Johannesburg)".
        "time_zone_label": f"{timezone.localtime().tzname()} ({timezone.get_current_timezone_name()})",
    }

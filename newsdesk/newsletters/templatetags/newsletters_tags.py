"""The sign-up form for cached pages: the same bytes for every reader (no CSRF token, nothing personal)."""

from django import template

from ..models import Audience
from ..selectors import open_newsletters

register = template.Library()


@register.inclusion_tag("newsletters/includes/signup.html")
def newsletter_signup(source: str) -> dict:
    """Render the form for the lists anyone may join; empty when there are none."""
    lists = [n for n in open_newsletters() if n.audience == Audience.ANYONE]
    return {"lists": lists, "source": source}

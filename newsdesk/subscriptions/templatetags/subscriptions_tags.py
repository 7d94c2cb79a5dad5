"""Template access to whether readers can subscribe, and whether payments here are real."""

from django import template

from ..selectors import SUBSCRIPTIONS_CLOSED, TEST_MODE_NOTICE, payments_simulated, subscriptions_open

register = template.Library()


@register.inclusion_tag("subscriptions/includes/test_mode_notice.html")
def test_mode_notice() -> dict:
    """Render the notice that no money moves, when the configured gateway moves none."""
    return {"notice": TEST_MODE_NOTICE if payments_simulated() else ""}


@register.simple_tag
def subscriptions_closed_message() -> str:
    """Return why nobody can subscribe now, or an empty string when readers can."""
    return "" if subscriptions_open() else SUBSCRIPTIONS_CLOSED

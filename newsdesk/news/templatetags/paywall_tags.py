"""Template access to the paywall's offer (figures live in news.paywall, not in templates)."""

from django import template

from newsdesk.news.paywall import Offer, current_offer

register = template.Library()


@register.simple_tag
def paywall_offer() -> Offer:
    """Return the subscription offer shown under premium articles."""
    return current_offer()

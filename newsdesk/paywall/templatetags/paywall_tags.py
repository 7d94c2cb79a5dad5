"""Template access to the paywall's offer (its figures come from the plan on offer, never from templates)."""

from django import template

from newsdesk.paywall.selectors import Offer, current_offer

register = template.Library()


@register.simple_tag
def paywall_offer() -> Offer:
    """Return the subscription offer shown under premium articles."""
    return current_offer()

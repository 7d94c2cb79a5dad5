from django import template
from django.utils.safestring import mark_safe

from newsdesk.markets.panel import panel_html

register = template.Library()


@register.simple_tag
def markets_panel() -> str:
    """Render the cached markets panel (no database query while the cached copy is current)."""
    return mark_safe(panel_html())  # noqa: S308 - our own template's output, escaped when it was rendered

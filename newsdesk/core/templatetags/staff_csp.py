"""The staff policy's nonce for the inline scripts Wagtail writes into admin pages."""

from django import template

from newsdesk.core.csp import staff_script_nonce as current_nonce

register = template.Library()


@register.simple_tag
def staff_script_nonce() -> str:
    """Return the nonce of the staff response being rendered, for a script element's nonce attribute."""
    return current_nonce()

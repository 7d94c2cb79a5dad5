"""The masthead's navigation: the paper's top-level sections.

    {% primary_sections as sections %}

Read only where the masthead is rendered, not when it comes from its shared fragment.
"""

from django import template

from newsdesk.news import selectors

register = template.Library()


@register.simple_tag(name="primary_sections")
def primary_sections_tag() -> list[dict[str, str]]:
    """Return the top-level sections shown in navigation, as title and URL."""
    return selectors.primary_sections()

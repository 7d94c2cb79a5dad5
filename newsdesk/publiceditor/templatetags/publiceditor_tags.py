from django import template

from ..selectors import corrections_for_article

register = template.Library()


@register.simple_tag
def article_corrections(page) -> list:
    """Return the article's corrections (one query per page render, shared by the top and foot slots)."""
    if page is None or not getattr(page, "pk", None):
        return []
    return corrections_for_article(page)

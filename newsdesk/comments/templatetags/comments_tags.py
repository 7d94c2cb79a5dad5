"""Template helpers for the comment slot."""

from django import template

from newsdesk.comments.selectors import published_count

register = template.Library()


@register.simple_tag
def comment_count(article_id: int) -> int:
    """Return the article's published-comment count (cached counter; no query on a hit)."""
    return published_count(article_id=article_id)

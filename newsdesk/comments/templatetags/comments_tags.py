"""Template helpers for the comment slot and the thread."""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.comments.selectors import published_count

register = template.Library()


@register.simple_tag
def comment_count(article_id: int) -> int:
    """Return the article's published-comment count (cached counter; no query on a hit)."""
    return published_count(article_id=article_id)


@functools.cache
def _permalink_pattern(script_prefix: str, urlconf) -> tuple[str, str]:
    before, _, after = reverse("comments:permalink", args=[987654321]).partition("987654321")
    return before, after


def permalink_path(pk: int) -> str:
    """Return a comment's permalink; the same as reverse("comments:permalink"), reversed once per process, not once
    per comment."""
    before, after = _permalink_pattern(get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"


@register.simple_tag
def comment_shown(comment) -> SafeString:
    """Return the opening of a comment's <article> and the part every reader sees: who, when, the text.

    Built here rather than in a template: a page of a long thread shows a hundred or more comments, and a template
    costs several times more per comment (a variable lookup, a URL reversal and a date filter each). The caller
    adds the reader's own actions and closes the element. `comment` comes from selectors (author_name and, for
    replies, parent_status and parent_author_name annotated).
    """
    pk = int(comment.pk)
    featured = " comment--featured" if comment.featured else ""
    opening = f'<article class="comment{featured}" id="c{pk}" aria-label="Comment {pk}">\n'
    if comment.status == "deleted":
        return mark_safe(opening + '  <p class="comment__deleted">comment deleted</p>\n')  # noqa: S308 - constant
    local = timezone.localtime(comment.created_at)
    parts = [
        opening,
        '  <header class="comment__meta">\n',
        f'    <span class="comment__author">{escape(comment.author_name or "")}</span>\n',
        '    <span class="comment__badge">Editor\'s pick</span>\n' if comment.featured else "",
        f'    <a class="comment__permalink" href="{escape(permalink_path(pk))}">'
        f'<time datetime="{local.isoformat()}">{local.day} {local:%b %Y, %H:%M %Z}</time></a>\n',
        '    <span class="comment__edited">(edited)</span>\n' if comment.edited_at else "",
        "  </header>\n",
    ]
    if comment.parent_id and comment.parent_id != comment.root_id:
        name = "a deleted comment" if comment.parent_status == "deleted" else escape(comment.parent_author_name or "")
        parts.append(f'  <p class="comment__replying-to">replying to {name}</p>\n')
    # body_html was made safe when the comment was written (text.render: escaped, linked, then nh3-cleaned).
    parts.append(f'  <div class="comment__body">{comment.body_html}</div>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or was cleaned at write time

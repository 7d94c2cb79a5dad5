"""Writes for live coverage: posts written, edited, pinned, marked as key events and deleted, each reaching
readers on their next refresh (a purge of the page's tag), without publishing the page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import liveblog_tag
from newsdesk.news.models import Author

from .lock_objects import live_page_for_post_change
from .models import LivePage, LivePost

POST_PERMISSION = "liveblogs.post_to_live_page"
MAY_NOT_POST = "You may not post on live pages: ask an editor for the live posting permission."
EMPTY_POST = "Write something: a post needs at least one block of text, an image, a quote, an embed or a link."
POST_GONE = "That post has been deleted."


def may_post(user) -> bool:
    """Return whether this user may write, edit, pin and delete live posts."""
    return bool(user and user.is_active and user.has_perm(POST_PERMISSION))


def _check(user) -> None:
    if not may_post(user):
        raise PermissionDenied(MAY_NOT_POST)


def _check_body(body: Any) -> None:
    if body is None or len(body) == 0:
        raise ValidationError({"body": EMPTY_POST})


def _next_seq(page_id: int) -> int:
    page = live_page_for_post_change(page_id)
    seq = page.post_seq + 1
    LivePage.objects.filter(pk=page_id).update(post_seq=seq)
    return seq


def _changed(post: LivePost) -> None:
    purge_tags({liveblog_tag(post.page_id)})  # after commit: the page, its updates, feeds and "live now" strips


@transaction.atomic
def live_post_create(
    *,
    page: LivePage,
    user,
    body: Any,
    headline: str = "",
    author: Author | None = None,
    pinned: bool = False,
    key_event: bool = False,
) -> LivePost:
    """Write a post on a live page; it is on the page at the readers' next refresh."""
    _check(user)
    _check_body(body)
    now = timezone.now()
    post = LivePost(
        page_id=page.pk,
        headline=headline.strip(),
        body=body,
        author=author,
        pinned=pinned,
        key_event=key_event,
        created_by=user,
        created_at=now,
        updated_at=now,
        seq=_next_seq(page.pk),
    )
    post.full_clean(exclude=["body"], validate_constraints=False)  # the form validated the blocks
    post.save()
    _changed(post)
    return post


def _locked_post(post: LivePost) -> tuple[LivePost, int]:
    seq = _next_seq(post.page_id)  # the page first, always: one lock order for every writer
    current = LivePost.objects.select_for_update().get(pk=post.pk)
    if current.deleted_at is not None:
        raise ValidationError(POST_GONE)
    return current, seq


def _save(post: LivePost, seq: int, fields: list[str]) -> LivePost:
    post.seq = seq
    post.updated_at = timezone.now()
    post.save(update_fields=[*fields, "seq", "updated_at"])
    _changed(post)
    return post


@transaction.atomic
def live_post_update(*, post: LivePost, user, body: Any, headline: str = "", author: Author | None = None) -> LivePost:
    """Change a post's words (or images, links); readers see the new version in place."""
    _check(user)
    _check_body(body)
    current, seq = _locked_post(post)
    current.body, current.headline, current.author = body, headline.strip(), author
    current.full_clean(exclude=["body"], validate_constraints=False)
    return _save(current, seq, ["body", "headline", "author"])


@transaction.atomic
def live_post_pin(*, post: LivePost, user, pinned: bool) -> LivePost:
    """Pin a post above the stream, or unpin it."""
    _check(user)
    current, seq = _locked_post(post)
    current.pinned = pinned
    return _save(current, seq, ["pinned"])


@transaction.atomic
def live_post_mark_key_event(*, post: LivePost, user, key_event: bool) -> LivePost:
    """List a post in the key events (with a jump link), or take it off the list."""
    _check(user)
    current, seq = _locked_post(post)
    current.key_event = key_event
    return _save(current, seq, ["key_event"])


@transaction.atomic
def live_post_delete(*, post: LivePost, user) -> LivePost:
    """Take a post off the page. The row stays (soft delete), so a reader's page can be told to drop it too."""
    _check(user)
    current, seq = _locked_post(post)
    current.deleted_at = timezone.now()
    current.pinned = current.key_event = False
    return _save(current, seq, ["deleted_at", "pinned", "key_event"])

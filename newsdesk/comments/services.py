"""Writes: posting, editing, deleting and reporting comments; moderators' actions; commenters' choices.

Every status change goes through `_move_status`, which keeps the article's published count in step (F() in the same
transaction) and schedules the cache refresh and page purge after commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.core.ratelimit import allow, ip_network_key
from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import article_tag
from newsdesk.subscriptions.selectors import reader_is_entitled

from . import filters, text
from .lock_objects import lock_comment, lock_profile
from .models import (
    ArticleCommentStats,
    Comment,
    CommenterProfile,
    CommentSettings,
    CommentStatus,
    ModerationAction,
    ModerationActionKind,
    ModerationMode,
    ReplyNotification,
    Report,
    ReportReason,
    WhoMayComment,
)
from .selectors import forget_published_count, policy_for, thread_changed
from .tasks import send_reply_notification

# Messages readers see.
SIGN_IN_TO_COMMENT = "Sign in to join the conversation."
SUBSCRIBERS_ONLY = "Only subscribers can comment on this article."
CHOOSE_DISPLAY_NAME = "Choose a display name before you comment."
DISPLAY_NAME_ALREADY_CHOSEN = "Your display name is already set; it cannot be changed."
DISPLAY_NAME_TAKEN = "That display name is taken; choose another."
DISPLAY_NAME_INVALID = "A display name is 2 to 40 characters."
BANNED = "You can no longer comment on this site."
SUSPENDED = "You cannot comment until {until}."
EMPTY_BODY = "Write something before posting."
BODY_TOO_LONG = "A comment can be at most 3,000 characters; yours has {length}."
REPLY_TARGET_GONE = "The comment you are replying to is no longer available."
REPLY_WRONG_ARTICLE = "You can only reply to a comment on the same article."
RATE_LIMITED = "You are commenting too fast; wait a minute and try again."
RATE_LIMITED_ADDRESS = (
    "Too many comments are coming from your internet connection right now; wait a minute and try again."
)
REPORTS_RATE_LIMITED = "You are sending reports too fast; wait a minute and try again."
REPORTS_RATE_LIMITED_ADDRESS = (
    "Too many reports are coming from your internet connection right now; wait a minute and try again."
)
POSTED = "Your comment is published."
HELD = "Thanks: your comment will appear once a moderator has approved it."
REJECTED_BY_FILTER = "Your comment was not published: it breaks our community rules."
NOT_YOUR_COMMENT = "You can only change your own comments."
EDIT_WINDOW_OVER = "Comments can only be edited for {minutes} minutes after posting."
CANNOT_EDIT = "This comment can no longer be edited."
ALREADY_DELETED = "This comment has already been deleted."
ALREADY_REPORTED = "You have already reported this comment."
CANNOT_REPORT = "This comment cannot be reported."
CANNOT_REPORT_OWN = "You cannot report your own comment."
REPORTED = "Thanks: a moderator will look at this comment."
NOT_A_MODERATOR = "Only moderators can do that."
NOT_ALLOWED_TO_BAN = "Banning or suspending readers needs the ban permission; ask an administrator for it."
BAN_PERMISSION = "comments.ban_commenter"
REJECT_NEEDS_REASON = "Give a reason for rejecting this comment."
DELETED_PLACEHOLDER = "comment deleted"


class CommentError(Exception):
    """A refused comment operation; `status` is the HTTP status the views answer with."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(CommentError):
    status = 403


class RateLimited(CommentError):
    status = 429


class Conflict(CommentError):
    status = 409


# --- the count -------------------------------------------------------------------------------------------------


def _move_status(comment: Comment, new_status: str, **fields) -> None:
    """Save a comment's new status and keep the article's published count in step."""
    old_status = comment.status
    comment.status = new_status
    for name, value in fields.items():
        setattr(comment, name, value)
    if new_status == CommentStatus.PUBLISHED and comment.published_at is None:
        comment.published_at = timezone.now()
    comment.save()
    delta = (new_status == CommentStatus.PUBLISHED) - (old_status == CommentStatus.PUBLISHED)
    _count(comment.article_id, delta)
    _thread_changed(comment.article_id)


def _thread_changed(article_id: int) -> None:
    # Now, and again after commit: a reader who rendered the old rows in between must not keep them cached.
    thread_changed(article_id=article_id)
    transaction.on_commit(lambda: thread_changed(article_id=article_id))


def _count(article_id: int, delta: int) -> None:
    if not delta:
        return
    if not ArticleCommentStats.objects.filter(pk=article_id).update(published_count=F("published_count") + delta):
        ArticleCommentStats.objects.get_or_create(article_id=article_id)  # the first comment: the row may race in
        ArticleCommentStats.objects.filter(pk=article_id).update(published_count=F("published_count") + delta)
    forget_published_count(article_id=article_id)
    transaction.on_commit(lambda: forget_published_count(article_id=article_id))
    # The article page shows "Show Comments (N)": purge its cached copies so N is current for every reader.
    purge_tags({article_tag(article_id)})


# --- readers ----------------------------------------------------------------------------------------------------


def _can_take_part(*, user, policy) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(SIGN_IN_TO_COMMENT)
    if not policy.is_open:
        raise NotAllowed(policy.closed_reason)
    if policy.who_may_comment == WhoMayComment.SUBSCRIBERS and not reader_is_entitled(user=user):
        raise NotAllowed(SUBSCRIBERS_ONLY)


def _check_standing(profile: CommenterProfile | None, now: datetime) -> CommenterProfile:
    if profile is None:
        raise NotAllowed(CHOOSE_DISPLAY_NAME)
    if profile.banned:
        raise NotAllowed(BANNED)
    if profile.suspended_until and profile.suspended_until > now:
        until = timezone.localtime(profile.suspended_until)
        raise NotAllowed(SUSPENDED.format(until=f"{until.day} {until:%b %Y, %H:%M %Z}"))
    return profile


def _clean_body(body: str) -> str:
    cleaned = text.normalise(body or "")
    if len(cleaned) < text.MIN_LENGTH:
        raise CommentError(EMPTY_BODY)
    if len(cleaned) > text.MAX_LENGTH:
        raise CommentError(BODY_TOO_LONG.format(length=f"{len(cleaned):,}"))
    return cleaned


def _filter(*, body: str, user, article, policy, exclude_comment_id: int | None = None) -> filters.FilterResult:
    config = policy.settings
    return filters.run_filters(
        filters.FilterInput(
            text=body,
            author_id=user.pk,
            article_id=article.pk,
            banned_words=config.word_list(config.banned_words),
            suspect_words=config.word_list(config.suspect_words),
            max_links=config.max_links,
            exclude_comment_id=exclude_comment_id,
        )
    )


def _premoderated(*, profile: CommenterProfile, policy) -> str:
    """Return why this reader's comment is held before publication, or "" if it is not."""
    if policy.moderation_mode == ModerationMode.PRE:
        return "Pre-moderation is on for this article."
    if profile.premoderate:
        return "A moderator set this reader to pre-moderation."
    first_n = policy.settings.premoderate_first_n
    if first_n and profile.approved_count < first_n:
        return f"New commenter: the first {first_n} comments are held ({profile.approved_count} approved so far)."
    return ""


def _check_rate(
    *, action: str, user_id: int, ip: str | None, config: CommentSettings, per_reader: int, messages: tuple[str, str]
) -> None:
    """Count one action against the reader's, the IP address's and the network's limits in the shared cache.

    The address limits catch one person with many accounts (and a flood from one network) that the per-reader
    limit cannot see. `ip` is None only for writes that come from no request (scripts, the demo loader).
    """
    if not allow(f"comments-{action}", str(user_id), limit=per_reader, window=60):
        raise RateLimited(messages[0])
    if ip is None:
        return
    if not allow(f"comments-{action}-ip", ip, limit=config.rate_limit_per_ip_per_minute, window=60):
        raise RateLimited(messages[1])
    if not allow(
        f"comments-{action}-net", ip_network_key(ip), limit=config.rate_limit_per_network_per_minute, window=60
    ):
        raise RateLimited(messages[1])


def reply_notification_enqueue(*, reply: Comment) -> ReplyNotification | None:
    """Record that the parent's author is to be told about this published reply, and send it after commit.

    Call inside the transaction that publishes the reply. Nothing is recorded for a reply to oneself or for an
    author who has not opted in.
    """
    if not reply.parent_id:
        return None
    recipient_id = Comment.objects.filter(pk=reply.parent_id).values_list("author_id", flat=True).first()
    if recipient_id is None or recipient_id == reply.author_id:
        return None
    if not CommenterProfile.objects.filter(user_id=recipient_id, notify_replies=True).exists():
        return None
    try:
        with transaction.atomic():
            notification, created = ReplyNotification.objects.get_or_create(reply=reply, recipient_id=recipient_id)
    except IntegrityError:  # a concurrent approval wrote it first
        return None
    if created:
        notification_id = notification.pk
        transaction.on_commit(lambda: send_reply_notification.enqueue(notification_id))
    return notification


def comment_post(*, user, article, body: str, parent_id: int | None = None, ip: str | None = None) -> Comment:
    """Store a reader's comment (or reply) after the policy, standing, input, rate and filter checks.

    `ip` is the client's address (newsdesk.core.ratelimit.client_ip) for the per-address and per-network limits.
    """
    now = timezone.now()
    policy = policy_for(article=article, now=now)
    _can_take_part(user=user, policy=policy)
    profile = _check_standing(CommenterProfile.objects.filter(user=user).first(), now)
    cleaned = _clean_body(body)
    with transaction.atomic():
        parent = None
        if parent_id is not None:
            parent = Comment.objects.select_for_update().filter(pk=parent_id).first()
            if parent is None or parent.status != CommentStatus.PUBLISHED:
                raise CommentError(REPLY_TARGET_GONE)
            if parent.article_id != article.pk:
                raise CommentError(REPLY_WRONG_ARTICLE)
        # Counted last, so a refused comment does not use up the reader's allowance.
        _check_rate(
            action="post",
            user_id=user.pk,
            ip=ip,
            config=policy.settings,
            per_reader=policy.settings.rate_limit_per_minute,
            messages=(RATE_LIMITED, RATE_LIMITED_ADDRESS),
        )
        result = _filter(body=cleaned, user=user, article=article, policy=policy)
        notes = result.notes()
        verdict = result.verdict
        held_because = _premoderated(profile=profile, policy=policy)
        if verdict == filters.PUBLISH and held_because:
            verdict = filters.HOLD
            notes.append({"step": "moderation_mode", "verdict": filters.HOLD, "explanation": held_because})
        status = {
            filters.PUBLISH: CommentStatus.PUBLISHED,
            filters.HOLD: CommentStatus.PENDING,
            filters.REJECT: CommentStatus.REJECTED,
        }[verdict]
        comment = Comment(
            article_id=article.pk,
            author=user,
            parent=parent,
            root_id=(parent.root_id or parent.pk) if parent else None,
            body=cleaned,
            body_html=text.render(cleaned),
            body_hash=text.body_hash(cleaned),
            status=CommentStatus.PENDING,
            filter_notes=notes,
        )
        comment.save()
        _move_status(comment, status)
        if status == CommentStatus.REJECTED:
            ModerationAction.objects.create(
                kind=ModerationActionKind.AUTO_FILTER, comment=comment, target_user=user, details={"notes": notes}
            )
        if parent is not None and not parent.has_replies:
            Comment.objects.filter(pk=parent.pk).update(has_replies=True)
        if status == CommentStatus.PUBLISHED and parent is not None:
            reply_notification_enqueue(reply=comment)
    return comment


def outcome_message(comment: Comment) -> str:
    """Return what to tell the reader about the comment they just posted."""
    return {
        CommentStatus.PUBLISHED: POSTED,
        CommentStatus.PENDING: HELD,
        CommentStatus.REJECTED: REJECTED_BY_FILTER,
    }.get(comment.status, POSTED)


def _own_comment(*, user, comment_id: int) -> Comment:
    comment = lock_comment(comment_id=comment_id)
    if not getattr(user, "is_authenticated", False) or comment.author_id != user.pk:
        raise NotAllowed(NOT_YOUR_COMMENT)
    return comment


@transaction.atomic
def comment_edit(*, user, comment_id: int, body: str) -> Comment:
    """Change the text of one's own comment within the edit window; it shows as edited."""
    comment = _own_comment(user=user, comment_id=comment_id)
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING):
        raise Conflict(CANNOT_EDIT)
    article = comment.article
    policy = policy_for(article=article)
    minutes = policy.settings.edit_window_minutes
    now = timezone.now()
    if now > comment.created_at + timedelta(minutes=minutes):
        raise NotAllowed(EDIT_WINDOW_OVER.format(minutes=minutes))
    _check_standing(CommenterProfile.objects.filter(user=user).first(), now)
    cleaned = _clean_body(body)
    result = _filter(body=cleaned, user=user, article=article, policy=policy, exclude_comment_id=comment.pk)
    verdict = result.verdict
    if verdict == filters.PUBLISH and comment.status == CommentStatus.PENDING:
        verdict = filters.HOLD  # an edit never skips a review that was already due
    new_status = {
        filters.PUBLISH: comment.status,
        filters.HOLD: CommentStatus.PENDING,
        filters.REJECT: CommentStatus.REJECTED,
    }[verdict]
    _move_status(
        comment,
        new_status,
        body=cleaned,
        body_html=text.render(cleaned),
        body_hash=text.body_hash(cleaned),
        edited_at=now,
        filter_notes=comment.filter_notes + result.notes(),
    )
    return comment


@transaction.atomic
def comment_delete(*, user, comment_id: int) -> Comment:
    """Delete one's own comment; if it has replies it stays in the thread as "comment deleted"."""
    comment = _own_comment(user=user, comment_id=comment_id)
    if comment.status == CommentStatus.DELETED:
        raise Conflict(ALREADY_DELETED)
    _move_status(comment, CommentStatus.DELETED, featured=False)
    return comment


@transaction.atomic
def comment_report(*, user, comment_id: int, reason: str, ip: str | None = None) -> Report:
    """Record a reader's report; at the site's threshold the comment is hidden pending review."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(SIGN_IN_TO_COMMENT)
    if reason not in ReportReason.values:
        raise CommentError(f"Choose a reason: {', '.join(str(label) for label in ReportReason.labels)}.")
    comment = lock_comment(comment_id=comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        raise Conflict(CANNOT_REPORT)
    if comment.author_id == user.pk:
        raise CommentError(CANNOT_REPORT_OWN)
    config = policy_for(article=comment.article).settings
    _check_rate(
        action="report",
        user_id=user.pk,
        ip=ip,
        config=config,
        per_reader=config.report_rate_limit_per_minute,
        messages=(REPORTS_RATE_LIMITED, REPORTS_RATE_LIMITED_ADDRESS),
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, reporter=user, reason=reason)
    except IntegrityError:
        raise Conflict(ALREADY_REPORTED) from None
    Comment.objects.filter(pk=comment.pk).update(reports_count=F("reports_count") + 1)
    comment.refresh_from_db(fields=["reports_count"])
    threshold = config.report_threshold
    if threshold and comment.reports_count >= threshold:
        _move_status(comment, CommentStatus.PENDING, reported=True)
        ModerationAction.objects.create(
            kind=ModerationActionKind.AUTO_HOLD,
            comment=comment,
            target_user_id=comment.author_id,
            reason=f"{comment.reports_count} reports",
        )
    return report


def commenter_profile_create(*, user, display_name: str, notify_replies: bool = False) -> CommenterProfile:
    """Set a reader's public display name; it is chosen once."""
    name = " ".join((display_name or "").split())
    if not 2 <= len(name) <= 40:
        raise CommentError(DISPLAY_NAME_INVALID)
    if CommenterProfile.objects.filter(user=user).exists():
        raise Conflict(DISPLAY_NAME_ALREADY_CHOSEN)
    if CommenterProfile.objects.filter(display_name__iexact=name).exists():
        raise Conflict(DISPLAY_NAME_TAKEN)
    try:
        with transaction.atomic():
            return CommenterProfile.objects.create(user=user, display_name=name, notify_replies=notify_replies)
    except IntegrityError:  # a concurrent sign-up took the name, or this reader double-submitted
        if CommenterProfile.objects.filter(user=user).exists():
            raise Conflict(DISPLAY_NAME_ALREADY_CHOSEN) from None
        raise Conflict(DISPLAY_NAME_TAKEN) from None


def commenter_notifications_set(*, user_id: int, enabled: bool) -> bool:
    """Switch reply notification emails on or off; return whether anything changed."""
    return bool(
        CommenterProfile.objects.filter(user_id=user_id).exclude(notify_replies=enabled).update(notify_replies=enabled)
    )


# --- moderators ------------------------------------------------------------------------------------------------


def _require_moderator(moderator) -> None:
    if not (getattr(moderator, "is_authenticated", False) and moderator.has_perm("comments.change_comment")):
        raise NotAllowed(NOT_A_MODERATOR)


def can_ban(user) -> bool:
    """Return whether this person may ban or suspend readers (and lift a ban or suspension)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(BAN_PERMISSION))


def _require_ban_permission(moderator) -> None:
    _require_moderator(moderator)
    if not can_ban(moderator):
        raise NotAllowed(NOT_ALLOWED_TO_BAN)


def _profile_for_update(user_id: int) -> CommenterProfile:
    """Lock and return a reader's commenter profile, or refuse: a moderator acts on commenters only."""
    profile = lock_profile(user_id=user_id)
    if profile is None:
        raise CommentError("This reader has no commenter profile.")
    return profile


def _audit(*, moderator, kind: str, comment: Comment | None = None, target_user_id=None, reason="", **details):
    ModerationAction.objects.create(
        actor=moderator, kind=kind, comment=comment, target_user_id=target_user_id, reason=reason, details=details
    )


@transaction.atomic
def comment_approve(*, moderator, comment_id: int) -> Comment:
    """Publish a held or reported comment; the author's approved count grows."""
    _require_moderator(moderator)
    comment = lock_comment(comment_id=comment_id)
    if comment.status == CommentStatus.DELETED:
        raise Conflict(ALREADY_DELETED)
    was_published = comment.status == CommentStatus.PUBLISHED
    _move_status(comment, CommentStatus.PUBLISHED, reported=False, rejection_reason="")
    if not was_published:
        CommenterProfile.objects.filter(user_id=comment.author_id).update(approved_count=F("approved_count") + 1)
        if comment.parent_id:
            reply_notification_enqueue(reply=comment)
    _audit(moderator=moderator, kind=ModerationActionKind.APPROVE, comment=comment, target_user_id=comment.author_id)
    return comment


@transaction.atomic
def comment_reject(*, moderator, comment_id: int, reason: str) -> Comment:
    """Remove a comment from the thread, recording why."""
    _require_moderator(moderator)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise CommentError(REJECT_NEEDS_REASON)
    comment = lock_comment(comment_id=comment_id)
    if comment.status == CommentStatus.DELETED:
        raise Conflict(ALREADY_DELETED)
    _move_status(comment, CommentStatus.REJECTED, reported=False, featured=False, rejection_reason=reason)
    _audit(
        moderator=moderator,
        kind=ModerationActionKind.REJECT,
        comment=comment,
        target_user_id=comment.author_id,
        reason=reason,
    )
    return comment


@transaction.atomic
def comment_feature(*, moderator, comment_id: int, featured: bool = True) -> Comment:
    """Mark a published comment as an editor's pick (listed first), or unmark it."""
    _require_moderator(moderator)
    comment = lock_comment(comment_id=comment_id)
    if featured and comment.status != CommentStatus.PUBLISHED:
        raise Conflict("Only published comments can be featured.")
    comment.featured = featured
    comment.save(update_fields=["featured"])
    _thread_changed(comment.article_id)
    _audit(
        moderator=moderator,
        kind=ModerationActionKind.FEATURE if featured else ModerationActionKind.UNFEATURE,
        comment=comment,
        target_user_id=comment.author_id,
    )
    return comment


@transaction.atomic
def commenter_ban(
    *, moderator, user_id: int, reason: str, until: datetime | None = None, reject_past: bool = False
) -> CommenterProfile:
    """Ban a reader (until=None) or suspend them until a time; optionally reject everything they have written."""
    _require_ban_permission(moderator)
    profile = _profile_for_update(user_id)
    if until is None:
        profile.banned = True
    else:
        profile.suspended_until = until
    profile.save(update_fields=["banned", "suspended_until"])
    rejected = 0
    if reject_past:
        for comment in Comment.objects.select_for_update().filter(
            author_id=user_id, status__in=[CommentStatus.PUBLISHED, CommentStatus.PENDING]
        ):
            _move_status(comment, CommentStatus.REJECTED, featured=False, reported=False, rejection_reason=reason)
            rejected += 1
    _audit(
        moderator=moderator,
        kind=ModerationActionKind.BAN if until is None else ModerationActionKind.SUSPEND,
        target_user_id=user_id,
        reason=reason,
        until=until.isoformat() if until else None,
        rejected_past=rejected,
    )
    return profile


@transaction.atomic
def commenter_standing_set(
    *, moderator, user_id: int, banned: bool, suspended_until: datetime | None, reason: str
) -> CommenterProfile:
    """Set a reader's ban and suspension as given (the commenter form's route to them), auditing any change."""
    _require_ban_permission(moderator)
    profile = _profile_for_update(user_id)
    if (profile.banned, profile.suspended_until) == (banned, suspended_until):
        return profile
    if banned and not profile.banned:
        kind = ModerationActionKind.BAN
    elif suspended_until and suspended_until != profile.suspended_until:
        kind = ModerationActionKind.SUSPEND
    else:
        kind = ModerationActionKind.LIFT
    profile.banned, profile.suspended_until = banned, suspended_until
    profile.save(update_fields=["banned", "suspended_until"])
    _audit(
        moderator=moderator,
        kind=kind,
        target_user_id=user_id,
        reason=reason,
        banned=banned,
        until=suspended_until.isoformat() if suspended_until else None,
    )
    return profile


@transaction.atomic
def commenter_premoderate(*, moderator, user_id: int, enabled: bool = True) -> CommenterProfile:
    """Hold (or stop holding) every comment by this reader for approval."""
    _require_moderator(moderator)
    profile = _profile_for_update(user_id)
    profile.premoderate = enabled
    profile.save(update_fields=["premoderate"])
    _audit(moderator=moderator, kind=ModerationActionKind.PREMODERATE, target_user_id=user_id, enabled=enabled)
    return profile

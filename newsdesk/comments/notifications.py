"""Reply notification emails, persist first: the promise to email is written with the reply, a task keeps it once.

The promise is a ReplyNotification row, written in the same transaction that publishes the reply (unique per
reply and recipient, so approving a reply twice or two racing approvals write one row; services'
`reply_notification_enqueue` writes it and enqueues the send after commit). A task then

1. claims the row (`reply_notification_claim`): under a row lock, "pending" (or a claim gone stale) becomes
   "sending"; a row already sent or skipped, or claimed a moment ago by another run, is left alone, so a
   duplicate run sends nothing;
2. sends the email, outside any transaction, so no lock is held while a mail server takes its time;
3. marks the row "sent" under a row lock (`reply_notification_finish`). If sending raised, the row goes back to
   "pending" with the error (`reply_notification_release`), and the next run (the periodic sweep) sends it; after
   MAX_ATTEMPTS it is "failed", with the last error on the row and a warning in the log.

The edge: a worker that dies after the mail server accepted the email but before step 3 leaves the row
"sending". Once that claim is older than CLAIM_TIMEOUT the sweep sends the email again. Delivery is at least
once: in that rare case a duplicate email, never a lost one. (Exactly once would need the mail server to
deduplicate by Message-ID, which SMTP does not promise.)
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsdesk.core.selectors import absolute_url

from .models import Comment, CommenterProfile, CommentStatus, NotificationStatus, ReplyNotification

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)  # far longer than a send with the SMTP timeout
RETRY_AFTER = timedelta(minutes=1)  # the task enqueued at commit gets the first try
MAX_ATTEMPTS = 5
REPLY_SUBJECT = "{name} replied to your comment"
UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reply_notification_claim(*, notification_id: int, now: datetime | None = None) -> ReplyNotification | None:
    """Claim a notification for sending; return None if it is done or another run is sending it now."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = ReplyNotification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status not in (NotificationStatus.PENDING, NotificationStatus.SENDING):
            return None
        if notification.status == NotificationStatus.SENDING and notification.claimed_at > now - CLAIM_TIMEOUT:
            return None  # in flight in another run
        notification.status = NotificationStatus.SENDING
        notification.claimed_at = now
        notification.attempts += 1
        notification.save(update_fields=["status", "claimed_at", "attempts"])
    return notification


def reply_notification_finish(*, notification_id: int, status: str) -> None:
    """Record that a claimed notification was sent (or that there was nothing to send)."""
    with transaction.atomic():
        notification = ReplyNotification.objects.select_for_update().get(pk=notification_id)
        if notification.status == NotificationStatus.SENT:
            return
        notification.status = status
        notification.sent_at = timezone.now() if status == NotificationStatus.SENT else None
        notification.last_error = ""
        notification.save(update_fields=["status", "sent_at", "last_error"])


def reply_notification_release(*, notification_id: int, error: str) -> None:
    """Hand a notification whose send failed back for a retry (or give up after MAX_ATTEMPTS)."""
    with transaction.atomic():
        notification = ReplyNotification.objects.select_for_update().get(pk=notification_id)
        if notification.status != NotificationStatus.SENDING:
            return
        failed = notification.attempts >= MAX_ATTEMPTS
        notification.status = NotificationStatus.FAILED if failed else NotificationStatus.PENDING
        notification.last_error = error[:300]
        notification.save(update_fields=["status", "last_error"])
    if failed:
        logger.warning(
            "comments: gave up on reply notification %s after %s attempts: %s", notification_id, MAX_ATTEMPTS, error
        )


def due_reply_notification_ids(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return the notifications a sweep should (re)try: pending for a while, or claimed by a run that vanished."""
    now = now or timezone.now()
    return list(
        ReplyNotification.objects.filter(
            Q(status=NotificationStatus.PENDING, created_at__lte=now - RETRY_AFTER)
            | Q(status=NotificationStatus.SENDING, claimed_at__lte=now - CLAIM_TIMEOUT)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def reply_email(*, notification: ReplyNotification) -> EmailMessage | None:
    """Return the email for a notification, or None if it should no longer be sent."""
    reply = Comment.objects.select_related("article").filter(pk=notification.reply_id).first()
    recipient = notification.recipient
    profile = CommenterProfile.objects.filter(user_id=recipient.pk).first()
    if (
        reply is None
        or reply.status != CommentStatus.PUBLISHED
        or profile is None
        or not profile.notify_replies
        or profile.banned
        or not recipient.email
    ):
        return None
    replier = CommenterProfile.objects.filter(user_id=reply.author_id).first()
    name = replier.display_name if replier else "A reader"
    link = absolute_url(reverse("comments:permalink", args=[reply.pk]))
    unsubscribe = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(user_id=recipient.pk)]))
    return EmailMessage(
        subject=REPLY_SUBJECT.format(name=name),
        body=(
            f'{name} replied to your comment on "{reply.article.title}":\n\n{reply.body}\n\n'
            f"Read the conversation: {link}\n\n"
            f"Stop these emails with one click: {unsubscribe}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

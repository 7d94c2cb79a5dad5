"""Writes of the outbox: record every email first, deliver it, retry it with backoff, resend it, forget it.

An email is a row before it is anything else. `message_send` (behind the EMAIL_BACKEND, so every caller's
`send()`) records the row and tries the mail server at once, with the EMAIL_TIMEOUT; `message_queue` records it
and leaves the try to a task after commit, for callers that answer a web request. A failed try leaves the row
queued with its error and the time of the next try (RETRY_DELAYS); the periodic job `deliver_due_messages`
takes due rows one at a time through `lock_objects.claim_due_message`, so two workers never send the same row,
and records the outcome only if the claim is still theirs. After MAX_ATTEMPTS, or a refusal that can never
succeed (an unknown mailbox), the row is failed: staff see it in the admin and can send it again.

The tries themselves (one message, the due ones, the forgetting of old content) are in `delivery`, which the tasks
run. Delivery is at least once. A worker that dies after the mail server took the message but before recording it
leaves the row "sending"; after CLAIM_TIMEOUT it is sent again, under the same Message-ID.
"""

import copy
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.core.mail.message import DNS_NAME, make_msgid
from django.db import transaction
from django.utils import timezone

from newsdesk.core.selectors import newsroom_from_email

from . import transport
from .content import content_of, message_id_of
from .delivery import attempt
from .lock_objects import Claim, message_for_update
from .models import OutboxMessage, State
from .tasks import deliver_message

logger = logging.getLogger(__name__)

NOT_TRIED = "Not tried yet: the mail server failed a moment ago; the retry job will send it."
RESEND_SENDING = "This email is being sent right now; look again in a minute."
RESEND_PURGED = "This email's content was deleted a week after it was written, so it cannot be sent again."


class ResendRefused(Exception):
    """The message cannot be sent again now."""


def _from_the_newsroom(message: EmailMessage) -> EmailMessage:
    """Return the message sent under the newsroom's name when it comes from the default address (most do)."""
    if message.from_email != settings.DEFAULT_FROM_EMAIL:
        return message  # a sender that chose its own address (the public editor's) keeps it
    message = copy.copy(message)
    message.from_email = newsroom_from_email()
    return message


def _record(*, message: EmailMessage, message_id: str, now: datetime, **fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        message_id=message_id,
        from_email=str(message.from_email),
        recipients=", ".join(str(address) for address in message.recipients()),
        subject=str(message.subject),
        content=content_of(message),
        created_at=now,
        next_attempt_at=now,
        **fields,
    )


def message_send(*, message: EmailMessage) -> OutboxMessage | None:
    """Record one email and try to deliver it now; a failed try leaves it queued. None if it has no recipient."""
    if not message.recipients():
        return None
    message = _from_the_newsroom(message)
    now = timezone.now()
    message_id = message_id_of(message)
    if transport.paused():
        return _record(message=message, message_id=message_id, now=now, last_error=NOT_TRIED)
    row = _record(message=message, message_id=message_id, now=now, state=State.SENDING, attempts=1, claimed_at=now)
    # The caller's own message object goes out (what it built is what is sent), under the stored Message-ID.
    email = copy.copy(message)
    email.extra_headers = {name: value for name, value in message.extra_headers.items() if name.lower() != "message-id"}
    email.extra_headers["Message-ID"] = message_id
    attempt(Claim(message_id=row.pk, attempt=1), email)
    return row


def message_queue(*, message: EmailMessage) -> OutboxMessage | None:
    """Record one email for a task to deliver after commit, so the caller never waits on the mail server."""
    if not message.recipients():
        return None
    message = _from_the_newsroom(message)
    row = _record(message=message, message_id=message_id_of(message), now=timezone.now())
    transaction.on_commit(lambda: deliver_message.enqueue(row.pk))
    return row


def message_resend(*, message_id: int, by: AbstractBaseUser | None) -> OutboxMessage:
    """Send a message again at once: a queued or failed one is retried, a sent one goes out as a new message."""
    now = timezone.now()
    with transaction.atomic():
        row = message_for_update(message_id)
        if row.state == State.SENDING:
            raise ResendRefused(RESEND_SENDING)
        if row.content_purged_at is not None:
            raise ResendRefused(RESEND_PURGED)
        if row.state == State.SENT:
            # A new Message-ID: mailboxes drop a message whose id they have already seen.
            row = OutboxMessage(
                message_id=make_msgid(domain=DNS_NAME),
                from_email=row.from_email,
                recipients=row.recipients,
                subject=row.subject,
                content=row.content,
                created_at=now,
                resend_of=row,
            )
        elif row.state == State.FAILED:
            row.attempts = 0
        row.state = State.QUEUED
        row.next_attempt_at = now
        row.resent_by = by
        row.resent_at = now
        row.save()
        transaction.on_commit(lambda: deliver_message.enqueue(row.pk))
    logger.info("outbox: message %s to %s queued again by %s", row.pk, row.recipients, by)
    return row

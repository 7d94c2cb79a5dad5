"""Writes of the outbox: record every email first, deliver it, retry it with backoff, resend it, forget it.

An email is a row before it is anything else. `message_send` (behind the EMAIL_BACKEND, so every caller's
`send()`) records the row and tries the mail server at once, with the EMAIL_TIMEOUT; `message_queue` records it
and leaves the try to a task after commit, for callers that answer a web request. A failed try leaves the row
queued with its error and the time of the next try (RETRY_DELAYS); the periodic job `deliver_due_messages`
takes due rows one at a time through `lock_objects.claim_due_message`, so two workers never send the same row,
and records the outcome only if the claim is still theirs. After MAX_ATTEMPTS, or a refusal that can never
succeed (an unknown mailbox), the row is failed: staff see it in the admin and can send it again.

Delivery is at least once. A worker that dies after the mail server took the message but before recording it
leaves the row "sending"; after CLAIM_TIMEOUT it is sent again, under the same Message-ID.
"""

import copy
import enum
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage
from django.core.mail.message import DNS_NAME, make_msgid
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsdesk.core.selectors import newsroom_from_email

from . import transport
from .content import content_of, message_from, message_id_of
from .lock_objects import Claim, claim_due_message, message_for_update
from .models import OutboxMessage, State

logger = logging.getLogger(__name__)

# The wait before each retry: a blip, a restart, an outage of an hour, of an evening. About a day in all, shorter
# than the three days a sign-up confirmation or password-reset link stays valid.
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
DUE_BATCH = 100
# A message's content (its links included) is kept this long after it was written, then only its envelope.
CONTENT_RETENTION = timedelta(days=7)
ROW_RETENTION = timedelta(days=90)

NOT_DUE = "not due"  # sent already, waiting for its next try, or in another run's hands
PAUSED = "left for the retry job: the mail server failed a moment ago"
NOT_TRIED = "Not tried yet: the mail server failed a moment ago; the retry job will send it."
UNREADABLE = "The stored message could not be rebuilt: {error}"
RESEND_SENDING = "This email is being sent right now; look again in a minute."
RESEND_PURGED = "This email's content was deleted a week after it was written, so it cannot be sent again."


class ResendRefused(Exception):
    """The message cannot be sent again now."""


class Outcome(enum.Enum):
    SENT = "sent"
    MESSAGE_FAILED = "the server refused this message, or it could not be built"
    SERVER_FAILED = "the server is down, not answering or refusing everything"


def retry_delay(attempt: int) -> timedelta:
    """Return how long to wait after the given failed attempt (the first is 1)."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


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
    _attempt(Claim(message_id=row.pk, attempt=1), email)
    return row


def message_queue(*, message: EmailMessage) -> OutboxMessage | None:
    """Record one email for a task to deliver after commit, so the caller never waits on the mail server."""
    # Tasks deliver with these services, and these services hand rows to the tasks: the cycle is the design.
    from .tasks import deliver_message

    if not message.recipients():
        return None
    message = _from_the_newsroom(message)
    row = _record(message=message, message_id=message_id_of(message), now=timezone.now())
    transaction.on_commit(lambda: deliver_message.enqueue(row.pk))
    return row


def message_deliver(*, message_id: int) -> str:
    """Deliver one message if it is due and no other run holds it; return its state after, NOT_DUE or PAUSED."""
    if transport.paused():
        return PAUSED  # still due: the periodic run tries it, without this worker waiting on the server again
    claim = claim_due_message(now=timezone.now(), message_id=message_id)
    if claim is None:
        return NOT_DUE
    _deliver_claimed(claim)
    return OutboxMessage.objects.filter(pk=message_id).values_list("state", flat=True).get()


def messages_deliver_due(*, limit: int = DUE_BATCH) -> dict[str, int]:
    """Deliver due messages one at a time until none is left, `limit` were tried or the mail server fails."""
    report = {"sent": 0, "not sent": 0}
    for _ in range(limit):
        claim = claim_due_message(now=timezone.now())
        if claim is None:
            break
        outcome = _deliver_claimed(claim)
        report["sent" if outcome is Outcome.SENT else "not sent"] += 1
        if outcome is Outcome.SERVER_FAILED:
            break  # the server is down or not answering: the rest wait for the next run, not for more timeouts
    return report


def _deliver_claimed(claim: Claim) -> Outcome:
    row = OutboxMessage.objects.get(pk=claim.message_id)
    try:
        email = message_from(
            content=row.content, subject=row.subject, from_email=row.from_email, message_id=row.message_id
        )
    except Exception as error:  # noqa: BLE001 - a row that cannot be rebuilt fails alone, with its reason
        _record_failure(claim, RuntimeError(UNREADABLE.format(error=error)), permanent=True)
        return Outcome.MESSAGE_FAILED
    return _attempt(claim, email)


def _attempt(claim: Claim, email: EmailMessage) -> Outcome:
    try:
        transport.deliver(email)
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row and retried or given up
        transport.pause_after(error)
        _record_failure(claim, error, permanent=transport.is_permanent(error))
        return Outcome.MESSAGE_FAILED if transport.is_about_the_message(error) else Outcome.SERVER_FAILED
    transport.resume()
    _record_sent(claim)
    return Outcome.SENT


def _claimed(claim: Claim) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(pk=claim.message_id, state=State.SENDING, attempts=claim.attempt)


def _record_sent(claim: Claim) -> None:
    now = timezone.now()
    if not _claimed(claim).update(state=State.SENT, sent_at=now, claimed_at=None, next_attempt_at=None, last_error=""):
        # The claim went stale (a send slower than CLAIM_TIMEOUT) and another run took the row over.
        logger.warning("outbox: message %s was sent under a claim that had gone stale", claim.message_id)


def _record_failure(claim: Claim, error: BaseException, *, permanent: bool) -> None:
    now = timezone.now()
    give_up = permanent or claim.attempt >= MAX_ATTEMPTS
    next_attempt_at = None if give_up else now + retry_delay(claim.attempt)
    _claimed(claim).update(
        state=State.FAILED if give_up else State.QUEUED,
        next_attempt_at=next_attempt_at,
        claimed_at=None,
        last_error=transport.describe(error),
    )
    if give_up:
        logger.error(
            "outbox: gave up on message %s after %s attempt(s): %s",
            claim.message_id,
            claim.attempt,
            transport.describe(error),
        )
    else:
        logger.warning(
            "outbox: message %s not delivered (attempt %s), next try at %s: %s",
            claim.message_id,
            claim.attempt,
            next_attempt_at.isoformat(),
            transport.describe(error),
        )


def message_resend(*, message_id: int, by: AbstractBaseUser | None) -> OutboxMessage:
    """Send a message again at once: a queued or failed one is retried, a sent one goes out as a new message."""
    from .tasks import deliver_message  # see message_queue

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


def messages_prune() -> dict[str, int]:
    """Empty the content of sent and failed messages after CONTENT_RETENTION; delete them after ROW_RETENTION."""
    now = timezone.now()
    done = OutboxMessage.objects.filter(state__in=(State.SENT, State.FAILED))
    purged = done.filter(content_purged_at__isnull=True, created_at__lte=now - CONTENT_RETENTION).update(
        content={}, content_purged_at=now
    )
    deleted, _ = done.filter(created_at__lte=now - ROW_RETENTION).delete()
    return {"purged": purged, "deleted": deleted}

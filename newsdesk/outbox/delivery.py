"""Delivery of the outbox's recorded messages: one try, the retry of due rows, the forgetting of old ones.

The tasks run these; `services` records messages and hands them to the tasks (see its docstring for the whole
story). Nothing here enqueues a task.
"""

import enum
import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.utils import timezone

from . import transport
from .content import message_from
from .lock_objects import Claim, claim_due_message
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
UNREADABLE = "The stored message could not be rebuilt: {error}"


class Outcome(enum.Enum):
    SENT = "sent"
    MESSAGE_FAILED = "the server refused this message, or it could not be built"
    SERVER_FAILED = "the server is down, not answering or refusing everything"


def retry_delay(attempt: int) -> timedelta:
    """Return how long to wait after the given failed attempt (the first is 1)."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


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
    return attempt(claim, email)


def attempt(claim: Claim, email: EmailMessage) -> Outcome:
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


def messages_prune() -> dict[str, int]:
    """Empty the content of sent and failed messages after CONTENT_RETENTION; delete them after ROW_RETENTION."""
    now = timezone.now()
    done = OutboxMessage.objects.filter(state__in=(State.SENT, State.FAILED))
    purged = done.filter(content_purged_at__isnull=True, created_at__lte=now - CONTENT_RETENTION).update(
        content={}, content_purged_at=now
    )
    deleted, _ = done.filter(created_at__lte=now - ROW_RETENTION).delete()
    return {"purged": purged, "deleted": deleted}

"""Row locks of the outbox: claiming a message for sending, so that two workers never send the same one."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q

from .models import OutboxMessage, State

# A claim older than this is taken to belong to a worker that died mid-send. One send is a handful of SMTP
# exchanges, each bounded by EMAIL_TIMEOUT (seconds), so a live worker finishes long before.
CLAIM_TIMEOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Claim:
    message_id: int
    attempt: int  # the row's attempts after the claim: recording the outcome needs it unchanged


def due_q(*, now: datetime) -> Q:
    """Return the condition of a message a delivery run should take: due, or claimed by a worker that vanished."""
    return Q(state=State.QUEUED, next_attempt_at__lte=now) | Q(state=State.SENDING, claimed_at__lte=now - CLAIM_TIMEOUT)


def claim_due_message(*, now: datetime, message_id: int | None = None) -> Claim | None:
    """Claim the oldest due message (or the given one, if due) that no other run holds; mark it sending.

    The row lock is held only for the claim, never while talking to the mail server; rows another run has
    locked are skipped, and once committed the claim takes the row out of everybody's due list.
    """
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update(skip_locked=True).filter(due_q(now=now))
        if message_id is not None:
            rows = rows.filter(pk=message_id)
        row = rows.order_by("next_attempt_at", "pk").values("pk", "attempts").first()
        if row is None:
            return None
        OutboxMessage.objects.filter(pk=row["pk"]).update(
            state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return Claim(message_id=row["pk"], attempt=row["attempts"] + 1)


def message_for_update(message_id: int) -> OutboxMessage:
    """Lock one message, waiting for a run that holds it."""
    return OutboxMessage.objects.select_for_update().get(pk=message_id)

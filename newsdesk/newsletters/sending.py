"""Sending an edition: one Delivery row per recipient, claimed in batches and sent exactly once.

1. `edition_start` (under the edition's row lock) turns an approved edition, or a held one nobody touched by its
   deadline, into "sending" and writes one Delivery per confirmed, unsuppressed member; the unique
   (edition, email) constraint makes a second start write nothing.
2. `batch_claim` takes up to BATCH_SIZE queued rows (or rows whose claim is older than the claim timeout: a worker
   that died) with `select_for_update(skip_locked=True)` on PostgreSQL, so parallel senders never share a row,
   and marks them "sending" under a fresh claim token. SQLite has no row locks and takes the database lock for
   the claim's short transaction instead; the claim token guards every later write either way.
3. `batch_send` checks the batch against suppressions and unsubscribes, then sends each message on one connection.
   A row becomes "sent" by an UPDATE that requires the claim to be still this run's: with the SMTP backend
   (`smtp.HandoverEmailBackend`) that UPDATE commits before the final "." of DATA, so a killed worker never leaves
   a message that the server has and the database does not. If the UPDATE finds the claim gone (another run took
   the batch over), the message is abandoned before "." and this run stops.

A sender killed between that commit and the "." is covered by its witness (witness.py), which finishes the
message (the row says sent) or drops it and hands the row back (it does not): exactly once over plain SMTP. What
remains: over TLS the witness cannot finish a message, so such a kill loses that one (at most once). With an HTTP
email service (anymail), the row is marked after the service accepted the message, so a worker killed in between
leaves the row "sending" and the resume sends it again under the same Message-ID (at least once; mailboxes that saw
that Message-ID drop the repeat).
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .lock_objects import edition_for_update
from .models import Delivery, DeliveryState, Edition, EditionLink, EditionStatus, Status, Subscription, Suppression
from .render import RenderedEdition, edition_render, recipient_message, wire_template
from .selectors import edition_articles, recipients_q, story_url

logger = logging.getLogger(__name__)


class ClaimLost(Exception):
    """Another run took this batch over (this one was too slow): stop before sending anything more."""


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTERS_BATCH_SIZE", 500))


def claim_timeout() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "NEWSLETTERS_CLAIM_TIMEOUT", 600)))


def is_due(edition: Edition, *, now: datetime) -> bool:
    """Return whether an edition should start sending now: approved, or held, untouched and past its deadline."""
    if edition.status == EditionStatus.APPROVED:
        return True
    return (
        edition.status == EditionStatus.HELD
        and edition.touched_at is None
        and edition.send_deadline is not None
        and edition.send_deadline <= now
    )


def edition_start(*, edition_id: int, now: datetime | None = None) -> int:
    """Start sending a due edition: write its deliveries; return how many were written (0: not due, or started)."""
    now = now or timezone.now()
    with transaction.atomic():
        edition = edition_for_update(edition_id)
        if not is_due(edition, now=now):
            return 0
        edition.status = EditionStatus.SENDING
        edition.send_started_at = now
        edition.save(update_fields=["status", "send_started_at"])
        members = Subscription.objects.filter(recipients_q(edition.newsletter, at=now)).values("pk", "email").order_by()
        written = _deliveries_write(edition_id=edition.pk, members=members)
        if edition.newsletter.count_clicks:
            EditionLink.objects.bulk_create(
                [EditionLink(edition=edition, url=story_url(article)) for article in edition_articles(edition)],
                ignore_conflicts=True,
            )
    logger.info("newsletters: edition %s started, %d recipients", edition_id, written)
    return written


def _deliveries_write(*, edition_id: int, members) -> int:
    """Write one queued Delivery per member in one INSERT ... SELECT (100,000 rows never pass through Python);
    a row already there (a second start) is left as it is. Return how many were written."""
    select, params = members.query.sql_with_params()
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    sql = (
        f"INSERT INTO {table} (edition_id, subscription_id, email, state, claim, error, bounced, complained) "  # noqa: S608 - names only, values bound
        f"SELECT %s, m.pk, m.email, %s, '', '', false, false FROM ({select}) m "
        # "WHERE true" tells SQLite's parser the ON CONFLICT clause is the INSERT's, not a join's.
        "WHERE true ON CONFLICT (edition_id, email) DO NOTHING"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [edition_id, DeliveryState.QUEUED.value, *params])
        return max(cursor.rowcount, 0)


@dataclass
class Claim:
    token: str
    rows: list[tuple[int, int, str]] = field(default_factory=list)  # (delivery id, subscription id, email)


def batch_claim(*, edition_id: int, now: datetime | None = None, size: int | None = None) -> Claim | None:
    """Claim the next batch of an edition's unsent rows for this run; None when nothing is left to claim."""
    now = now or timezone.now()
    due = Q(state=DeliveryState.QUEUED) | Q(state=DeliveryState.SENDING, claimed_at__lte=now - claim_timeout())
    token = uuid.uuid4().hex
    with transaction.atomic():
        rows = Delivery.objects.filter(due, edition_id=edition_id)
        if db_connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        picked = list(rows.order_by("pk").values_list("pk", "subscription_id", "email")[: size or batch_size()])
        if not picked:
            return None
        Delivery.objects.filter(pk__in=[row[0] for row in picked]).update(
            state=DeliveryState.SENDING, claim=token, claimed_at=now
        )
    return Claim(token=token, rows=picked)


def _commit_without_waiting_for_disk(on: bool) -> None:
    """On PostgreSQL, let this session's "sent" commits return before the WAL reaches the disk, or stop that.

    One commit per email otherwise waits for a disk flush each (milliseconds: the send rate's limit). A worker
    that dies loses nothing by it: the database server already has the commit. Only a crash of the database
    server itself within a moment (three times wal_writer_delay, 0.6 s by default) could forget the last "sent"
    marks, and those emails would go again under their same Message-IDs.
    """
    if db_connection.vendor == "postgresql" and not db_connection.in_atomic_block:
        with db_connection.cursor() as cursor:
            cursor.execute(f"SET synchronous_commit TO {'OFF' if on else 'DEFAULT'}")


def _mark_sent(claim: Claim, delivery_id: int) -> bool:
    """Commit one row as sent if this run's claim on it still holds; return whether it did.

    One statement per email, so it is written in SQL once rather than built by the ORM for every message."""
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s WHERE id = %s AND claim = %s AND state = %s",  # noqa: S608 - the table's name only
            [
                DeliveryState.SENT.value,
                db_connection.ops.adapt_datetimefield_value(timezone.now()),
                delivery_id,
                claim.token,
                DeliveryState.SENDING.value,
            ],
        )
        return cursor.rowcount == 1


def _skip_unwanted(claim: Claim) -> list[tuple[int, int, str]]:
    """Mark as skipped the rows whose address was suppressed or whose reader left since the start; return the rest."""
    emails = [row[2] for row in claim.rows]
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    left = set(
        Subscription.objects.filter(pk__in=[row[1] for row in claim.rows])
        .exclude(status=Status.CONFIRMED)
        .values_list("pk", flat=True)
    )
    unwanted = [row[0] for row in claim.rows if row[2] in suppressed or row[1] in left]
    if unwanted:
        Delivery.objects.filter(pk__in=unwanted, claim=claim.token).update(state=DeliveryState.SKIPPED)
    return [row for row in claim.rows if row[0] not in set(unwanted)]


class Pacer:
    """Keep one sender under its share of the configured rate (NEWSLETTERS_RATE_PER_SECOND, 0: no limit)."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def sender_rate() -> float:
    """Return one sender's share of the backend's configured rate, in messages per second."""
    total = float(getattr(settings, "NEWSLETTERS_RATE_PER_SECOND", 0) or 0)
    return total / max(1, int(getattr(settings, "NEWSLETTERS_SENDERS", 1)))


_rendered: dict[int, RenderedEdition] = {}


def rendered(edition_id: int) -> RenderedEdition:
    """Return the edition rendered once per process (its content is frozen once it is sending)."""
    if edition_id not in _rendered:
        _rendered.clear()
        _rendered[edition_id] = edition_render(Edition.objects.select_related("newsletter").get(pk=edition_id))
    return _rendered[edition_id]


def _permanent(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)


def batch_send(*, edition_id: int, claim: Claim, pacer: Pacer | None = None) -> dict[str, int]:
    """Send one claimed batch on one connection; return counts of sent, skipped, failed and released rows."""
    edition = rendered(edition_id)
    rows = _skip_unwanted(claim)
    counts = {"sent": 0, "skipped": len(claim.rows) - len(rows), "failed": 0, "released": 0}
    pacer = pacer or Pacer(sender_rate())
    backend = get_connection(getattr(settings, "NEWSLETTERS_EMAIL_BACKEND", settings.OUTBOX_DELIVERY_BACKEND))
    handover = getattr(backend, "supports_handover", False)
    # Over SMTP each email is the edition's bytes with three slots filled; an email service gets Django messages.
    template = wire_template(edition) if handover else None
    _commit_without_waiting_for_disk(True)
    backend.open()
    try:
        for index, (delivery_id, subscription_id, email) in enumerate(rows):
            pacer.wait()
            if template is not None:
                message = template.fill(
                    email=email, subscription_id=subscription_id, delivery_id=delivery_id, edition_id=edition_id
                )
            else:
                message = recipient_message(
                    edition, email=email, subscription_id=subscription_id, delivery_id=delivery_id, connection=backend
                )

            def mark_sent(delivery_id=delivery_id) -> None:
                if not _mark_sent(claim, delivery_id):
                    raise ClaimLost(f"delivery {delivery_id} was claimed by another run")

            if handover:
                backend.set_handover(mark_sent, delivery_id=delivery_id, claim_token=claim.token)
            try:
                backend.send_messages([message])
            except ClaimLost:
                if handover:
                    backend.abandon()
                counts["released"] += len(rows) - index
                logger.warning("newsletters: edition %s batch taken over; stopping this run", edition_id)
                break
            except Exception as error:  # the server or the service refused; decide what the row becomes
                state = DeliveryState.FAILED if _permanent(error) else DeliveryState.QUEUED
                Delivery.objects.filter(pk=delivery_id, claim=claim.token).update(
                    state=state, sent_at=None, error=f"{type(error).__name__}: {error}"[:300]
                )
                if state == DeliveryState.FAILED:
                    counts["failed"] += 1
                    continue
                # A server trouble, not this message's: hand the rest back for the next run and stop.
                rest = [row[0] for row in rows[index + 1 :]]
                Delivery.objects.filter(pk__in=rest, claim=claim.token, state=DeliveryState.SENDING).update(
                    state=DeliveryState.QUEUED
                )
                counts["released"] += len(rest) + 1
                break
            except BaseException:
                # Interrupted with this message on the wire: drop the connection without QUIT (the server may be
                # inside DATA), first sending its "." if its row was already committed as sent (the database says,
                # as it tells a dead sender's witness); this run's other rows go back to the queue.
                if handover:
                    backend.abandon(finish=_settled_as_sent(delivery_id=delivery_id, claim=claim))
                raise
            else:
                if not handover:
                    mark_sent()
                counts["sent"] += 1
    except BaseException:
        # Interrupted between messages: drop the connection without QUIT (a no-op after the abandon above).
        getattr(backend, "abandon", backend.close)()
        raise
    finally:
        _commit_without_waiting_for_disk(False)
    backend.close()
    return counts


def _settled_as_sent(*, delivery_id: int, claim: Claim) -> bool:
    """Settle an interrupted delivery in-process; if the database cannot say, count it as not sent."""
    try:
        return delivery_settle(delivery_id=delivery_id, claim_token=claim.token)
    except Exception:
        logger.exception("newsletters: could not settle delivery %s after an interruption", delivery_id)
        return False


def delivery_settle(*, delivery_id: int, claim_token: str) -> bool:
    """A sender died in the middle of this delivery: return whether it was committed as sent under that claim (its
    message must be finished), else hand it and the rest of that claim's rows back for the next run.

    Called by the dead sender's witness (witness.py). The row's lock waits out an UPDATE the dead sender's database
    session may still be running; a "sent" that lands after the hand-back finds the claim gone and changes nothing.
    """
    with transaction.atomic():
        row = Delivery.objects.select_for_update().filter(pk=delivery_id).values_list("state", "claim").first()
        finish = row is not None and row == (DeliveryState.SENT, claim_token)
        released = Delivery.objects.filter(claim=claim_token, state=DeliveryState.SENDING).update(
            state=DeliveryState.QUEUED, claim="", claimed_at=None
        )
    logger.warning(
        "newsletters: a sender died mid-message (delivery %s %s); %d rows of its batch handed back",
        delivery_id,
        "finished" if finish else "dropped",
        released,
    )
    return finish


def edition_send(*, edition_id: int) -> dict[str, int]:
    """Send an edition's batches until none is left to claim; finish the edition when every row has an outcome."""
    totals = {"sent": 0, "skipped": 0, "failed": 0, "released": 0}
    pacer = Pacer(sender_rate())
    while (claim := batch_claim(edition_id=edition_id)) is not None:
        for key, value in batch_send(edition_id=edition_id, claim=claim, pacer=pacer).items():
            totals[key] += value
        if totals["released"]:
            break
    edition_finish(edition_id=edition_id)
    return totals


def edition_finish(*, edition_id: int, now: datetime | None = None) -> bool:
    """Mark a sending edition sent once none of its rows is queued or sending; return whether it is sent."""
    open_rows = Delivery.objects.filter(edition_id=edition_id, state__in=[DeliveryState.QUEUED, DeliveryState.SENDING])
    if open_rows.exists():
        return False
    return bool(
        Edition.objects.filter(pk=edition_id, status=EditionStatus.SENDING).update(
            status=EditionStatus.SENT, sent_at=now or timezone.now()
        )
    )


def editions_due(*, now: datetime | None = None) -> list[int]:
    """Return the editions to start now, and the sending ones that no live run is working on.

    A sending edition is left alone while any of its rows was claimed within the claim timeout: its senders are at
    work (a batch takes seconds), and more senders than configured would go over the backend's rate. It is resumed
    when rows wait and nobody has claimed any for that long (its runs died), or a dead run's claim went stale.
    """
    now = now or timezone.now()
    to_start = [
        edition.pk
        for edition in Edition.objects.filter(status__in=[EditionStatus.APPROVED, EditionStatus.HELD])
        if is_due(edition, now=now)
    ]
    since = now - claim_timeout()
    rows = Delivery.objects.filter(edition_id=OuterRef("pk"))
    waiting = Exists(rows.filter(state=DeliveryState.QUEUED))
    at_work = Exists(rows.filter(claimed_at__gt=since))
    stale = Exists(rows.filter(state=DeliveryState.SENDING, claimed_at__lte=since))
    sending = list(
        Edition.objects.filter(status=EditionStatus.SENDING)
        .filter((waiting & ~at_work) | stale)
        .values_list("pk", flat=True)
    )
    return to_start + sending

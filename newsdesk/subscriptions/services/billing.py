"""The billing engine: charge every due subscription exactly once per period, whatever crashes or runs beside it.

A run first settles every charge whose answer timed out (its period is `unknown`): under the subscription's row
lock it looks the charge up by its reference and records what the gateway did, whatever the period's re-check time.
Only then does it charge, in batches of three steps:

1. claim (one transaction): lock due subscriptions with SKIP LOCKED, create each period's BillingPeriod row
   (unique on subscription + period start) and stamp a short lease, so another run leaves them alone;
2. charge (no transaction open): call the gateway with a reference and an idempotency key derived from
   (subscription, period start, attempt); a period whose earlier attempt has no recorded outcome is first
   looked up by its reference;
3. settle (one transaction): lock the subscriptions again, write the ledger and move the state machine.

A crash after 1 leaves a lease that expires (LEASE); a crash after 2 leaves a charge the gateway knows by its
reference, found by the look-up of the first run after the lease (and the idempotency key makes a repeated charge
return the first one).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..bulk import bulk_insert_rows, bulk_update_rows, insert_rows
from ..gateways import get_gateway
from ..gateways.base import ChargeRequest, ChargeResult, ChargeStatus, Gateway, GatewayError, GatewayTimeout
from ..lock_objects import (
    BILLABLE,
    claim_due_subscriptions,
    claim_rows,
    lock_subscriptions,
    lock_unclaimed_subscription,
)
from ..models import BillingPeriod, Payment, Plan, Status, Subscription, SubscriptionEvent
from ..periods import period_bounds
from ..state import transition
from ..tasks import send_subscription_emails
from .ledger import allocate_receipt_numbers

LEASE = timedelta(minutes=10)
# After a gateway that could not be reached, try again after this long. (A timeout's outcome is looked up by the
# first step of every run; meanwhile its subscription is not due for charging.)
RECHECK_AFTER = timedelta(minutes=10)
LOOKUP_NOT_FOUND = "no_charge_after_timeout"


def retry_days() -> list[int]:
    return list(settings.SUBSCRIPTIONS_RETRY_DAYS)


def grace_days() -> int:
    return max(retry_days(), default=0)


def charge_reference(subscription_id: int, period_start: datetime, attempt: int) -> str:
    """Return our reference for one attempt at one period (the gateway finds the charge by it)."""
    return f"nd-{subscription_id}-{int(period_start.timestamp())}-{attempt}"


def idempotency_key(subscription_id: int, period_start: datetime, attempt: int) -> str:
    """Return the idempotency key for one attempt at one period: the same inputs always give the same key."""
    raw = f"{subscription_id}:{period_start.isoformat()}:{attempt}".encode()
    return hashlib.sha256(raw).hexdigest()[:48]


@dataclass
class Claim:
    subscription_id: int
    period_id: int
    period_start: datetime
    period_end: datetime
    request: ChargeRequest
    mode: str  # "charge", "lookup_then_charge" (a crashed attempt) or "lookup_then_fail" (a timed-out attempt)


@dataclass
class RunReport:
    charged: int = 0
    amount: int = 0
    failed: int = 0
    unknown: int = 0
    ended: int = 0
    reminders: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def billing_run(
    *, at: datetime | None = None, gateway: Gateway | None = None, batch_size: int = 500, only_ids=None
) -> RunReport:
    """Do everything that is due at `at` (default: now): end lapsed subscriptions, remind, charge, retry."""
    at = at or timezone.now()
    gateway = gateway or get_gateway()
    report = RunReport()
    # First, because a timed-out charge may have taken the reader's money: record it now, not at its re-check time,
    # and before a lapsed cancelled subscription is ended while a paid period may still be theirs.
    settle_unknown_outcomes(at=at, gateway=gateway, report=report, only_ids=only_ids)
    report.ended += end_lapsed_subscriptions(at=at, only_ids=only_ids)
    report.reminders += send_trial_reminders(at=at, only_ids=only_ids)
    while True:
        claims = claim_batch(at=at, limit=batch_size, only_ids=only_ids, gateway=gateway)
        if not claims:
            break
        report.batches += 1
        outcomes = charge_claims(gateway=gateway, claims=claims)
        settle(claims=claims, outcomes=outcomes, at=at, gateway=gateway, report=report)
    return report


def settle_unknown_outcomes(*, at: datetime, gateway: Gateway, report: RunReport, only_ids=None) -> None:
    """Look up every charge whose outcome is unknown and record what the gateway did; never charge it again."""
    periods = BillingPeriod.objects.filter(
        state=BillingPeriod.State.UNKNOWN, subscription__status__in=(*BILLABLE, Status.CANCELLED)
    )
    if only_ids is not None:
        periods = periods.filter(subscription_id__in=only_ids)
    # Read once: a period whose look-up fails stays unknown, and is tried again by the next run, not by this one.
    unknown = list(periods.order_by("subscription_id", "id").values_list("id", "subscription_id"))
    for period_id, subscription_id in unknown:
        with transaction.atomic():
            # The gateway is asked while the row lock is held (for at most the gateway's timeout): a second run
            # skips the subscription instead of looking the charge up and recording it too. A look-up changes
            # nothing at the gateway, so a rollback here leaves nothing behind.
            if not lock_unclaimed_subscription(subscription_id, now=timezone.now()):
                continue  # held elsewhere: its holder records the outcome, or the next run looks again
            row = BillingPeriod.objects.filter(id=period_id, state=BillingPeriod.State.UNKNOWN).values_list(
                *PERIOD_FIELDS
            )
            period = next((_Period(*values) for values in row), None)
            if period is None:
                continue  # recorded meanwhile
            claim = _claim(subscription_id, period, mode="lookup_then_fail")
            try:
                outcome = gateway.lookup(reference=claim.request.reference) or _not_found(claim)
            except GatewayError as error:  # the look-up failed or timed out too: it stays unknown
                outcome = error
            settle(claims=[claim], outcomes=[outcome], at=at, gateway=gateway, report=report)


@dataclass(slots=True)
class _Period:
    """A period being claimed, as plain values (thousands a batch: no model objects)."""

    id: int | None
    start: datetime
    end: datetime
    amount: int
    currency: str
    state: str
    attempts: int


PERIOD_FIELDS = ("id", "period_start", "period_end", "amount", "currency", "state", "attempts")


def claim_batch(*, at: datetime, limit: int, gateway: Gateway, only_ids=None) -> list[Claim]:
    """Lock a batch of due subscriptions, make sure each period's row exists, and lease them to this run."""
    now = timezone.now()
    with transaction.atomic():
        due = claim_due_subscriptions(at=at, now=now, limit=limit, only_ids=only_ids)
        if not due:
            return []
        plans = Plan.objects.in_bulk({row[1] for row in due})
        open_periods = (
            BillingPeriod.objects.filter(subscription_id__in=[row[0] for row in due])
            .exclude(state=BillingPeriod.State.PAID)
            .values_list("subscription_id", *PERIOD_FIELDS)
        )
        existing = {(row[0], row[2]): _Period(*row[1:]) for row in open_periods}
        new_periods, retried, taken, settled = [], [], [], []
        for sub_id, plan_id, anchor, periods_paid, method_gateway, token, email, status in due:
            plan = plans[plan_id]
            start, end = period_bounds(anchor=anchor, months_per_period=plan.months_per_period, index=periods_paid)
            period = existing.get((sub_id, start))
            if status == Status.CANCELLED:
                # Cancelled after a run took the period and stopped before recording what the gateway did: find
                # out, and record a charge that went through. Nothing is charged after a cancellation.
                if period is None or not _outcome_unrecorded(period):
                    settled.append(sub_id)
                    continue
                mode = "lookup_then_fail"
            elif period is None:
                period = _Period(None, start, end, plan.amount, plan.currency, BillingPeriod.State.PENDING, 1)
                new_periods.append((sub_id, period))
                mode = "charge"
            elif period.state == BillingPeriod.State.UNKNOWN:
                mode = "lookup_then_fail"
            elif period.state == BillingPeriod.State.PENDING and period.attempts > 0:
                mode = "lookup_then_charge"  # an earlier run took it and stopped before recording an outcome
            else:  # a scheduled retry after a failure: a new attempt, so a new reference
                period.state, period.attempts = BillingPeriod.State.PENDING, period.attempts + 1
                retried.append(BillingPeriod(id=period.id, state=period.state, attempts=period.attempts))
                mode = "charge"
            taken.append((sub_id, period, mode, token if method_gateway == gateway.name else "", email))
        # The unique constraint on (subscription, period_start) stands behind this insert.
        new_ids = insert_rows(
            BillingPeriod,
            ["subscription_id", *PERIOD_FIELDS[1:], "last_failure", "created_at"],
            [(sub_id, p.start, p.end, p.amount, p.currency, p.state, p.attempts, "", at) for sub_id, p in new_periods],
            returning_pks=True,
        )
        for (_sub_id, period), period_id in zip(new_periods, new_ids, strict=True):
            period.id = period_id
        bulk_update_rows(BillingPeriod, retried, ["state", "attempts"])
        Subscription.objects.filter(id__in=[t[0] for t in taken]).update(claimed_until=now + LEASE)
        Subscription.objects.filter(id__in=settled).update(due_at=None)
    return [_claim(sub_id, period, mode=mode, token=token, email=email) for sub_id, period, mode, token, email in taken]


def _claim(sub_id: int, period: _Period, *, mode: str, token: str = "", email: str = "") -> Claim:
    """Return the claim on a period's current attempt (a look-up needs no card token or email)."""
    return Claim(
        subscription_id=sub_id,
        period_id=period.id,
        period_start=period.start,
        period_end=period.end,
        mode=mode,
        request=ChargeRequest(
            amount=period.amount,
            currency=period.currency,
            token=token,
            email=email,
            reference=charge_reference(sub_id, period.start, period.attempts),
            idempotency_key=idempotency_key(sub_id, period.start, period.attempts),
        ),
    )


# A period a run may have charged without recording it: taken (an attempt counted) and left pending by a run that
# stopped, or left unknown by a timeout. Both forms of the one rule: on claimed values, and as a query.
OUTCOME_UNRECORDED = Q(state=BillingPeriod.State.UNKNOWN) | Q(state=BillingPeriod.State.PENDING, attempts__gt=0)


def _outcome_unrecorded(period: _Period) -> bool:
    return period.state == BillingPeriod.State.UNKNOWN or (
        period.state == BillingPeriod.State.PENDING and period.attempts > 0
    )


def charge_outcome_unrecorded(*, subscription_id: int) -> bool:
    """Whether a billing run took a period of this subscription and never recorded what the gateway did."""
    return BillingPeriod.objects.filter(OUTCOME_UNRECORDED, subscription_id=subscription_id).exists()


def charge_claims(*, gateway: Gateway, claims: list[Claim]) -> list[ChargeResult | GatewayError]:
    """Call the gateway for each claim, outside any transaction; a timeout comes back as GatewayTimeout."""
    outcomes: list[ChargeResult | GatewayError | None] = [None] * len(claims)
    to_charge: list[int] = []
    for index, claim in enumerate(claims):
        if claim.mode == "charge":
            to_charge.append(index)
            continue
        try:
            found = gateway.lookup(reference=claim.request.reference)
        except GatewayError as error:
            outcomes[index] = error
            continue
        if found is not None:
            outcomes[index] = found
        elif claim.mode == "lookup_then_charge":
            to_charge.append(index)
        else:
            outcomes[index] = _not_found(claim)
    if to_charge:
        results = gateway.charge_many([claims[i].request for i in to_charge])
        for index, result in zip(to_charge, results, strict=True):
            outcomes[index] = result
    return outcomes  # type: ignore[return-value]


def _not_found(claim: Claim) -> ChargeResult:
    """Return the outcome of a timed-out attempt the gateway has no charge for: failed, retried on the schedule."""
    return ChargeResult(
        status=ChargeStatus.FAILED,
        reference=claim.request.reference,
        amount=claim.request.amount,
        currency=claim.request.currency,
        failure_code=LOOKUP_NOT_FOUND,
    )


def settle(
    *,
    claims: list[Claim],
    outcomes: list[ChargeResult | GatewayError],
    at: datetime,
    gateway: Gateway,
    report: RunReport,
) -> None:
    """Record each outcome: a payment and a new period, a failure and a retry date, or an unknown to re-check."""
    emails: list[list] = []
    with transaction.atomic():
        subs = {s.id: s for s in lock_subscriptions(c.subscription_id for c in claims)}
        states = dict(BillingPeriod.objects.filter(id__in=[c.period_id for c in claims]).values_list("id", "state"))
        events: list[SubscriptionEvent] = []
        paid: list[tuple[Claim, Subscription, ChargeResult]] = []
        # (state, last failure) -> the periods to move there; a few statements whatever the batch size.
        period_updates: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        for claim, outcome in zip(claims, outcomes, strict=True):
            sub = subs[claim.subscription_id]
            sub.claimed_until = None
            if states[claim.period_id] in (BillingPeriod.State.PAID, BillingPeriod.State.FAILED):
                # Recorded meanwhile (another run after this run's lease ran out): nothing to record twice. A claim
                # leaves its period pending or unknown, so these two states are always someone else's record.
                continue
            if isinstance(outcome, GatewayError):
                # Unknown (timeout) or not sent (gateway down): look it up on a later run, never charge blindly.
                if isinstance(outcome, GatewayTimeout):
                    period_updates[(BillingPeriod.State.UNKNOWN, None)].append(claim.period_id)
                    report.unknown += 1
                else:
                    report.errors.append(f"subscription {sub.id}: {outcome}")
                sub.due_at = at + RECHECK_AFTER
            elif outcome.succeeded:
                period_updates[(BillingPeriod.State.PAID, None)].append(claim.period_id)
                paid.append((claim, sub, outcome))
                events.extend(_advance_after_payment(sub, claim, at=at))
                report.charged += 1
                report.amount += claim.request.amount
            else:
                period_updates[(BillingPeriod.State.FAILED, outcome.failure_code[:40])].append(claim.period_id)
                event, kind = _after_failure(sub, at=at)
                if event is not None:
                    events.append(event)
                emails.append([sub.id, kind, claim.request.reference])
                report.failed += 1
                report.ended += kind == "subscription_ended"
        _record_payments(paid, at=at, gateway=gateway)
        for (state, last_failure), ids in period_updates.items():
            changes = {"state": state} if last_failure is None else {"state": state, "last_failure": last_failure}
            BillingPeriod.objects.filter(id__in=ids).update(**changes)
        bulk_update_rows(
            Subscription,
            list(subs.values()),
            [
                "status",
                "claimed_until",
                "due_at",
                "periods_paid",
                "current_period_start",
                "current_period_end",
                "past_due_since",
                "failed_attempts",
                "access_until",
                "ended_at",
            ],
        )
        bulk_insert_rows(SubscriptionEvent, events)
        if emails:
            transaction.on_commit(lambda emails=emails: send_subscription_emails.enqueue(emails))


def _advance_after_payment(sub: Subscription, period: Claim, *, at: datetime) -> list[SubscriptionEvent]:
    events = []
    if sub.status == Status.TRIALING:
        events.append(transition(sub, Status.ACTIVE, cause="trial_converted", at=at))
    elif sub.status == Status.PAST_DUE:
        events.append(transition(sub, Status.ACTIVE, cause="payment_recovered", at=at))
    elif sub.status == Status.ACTIVE:
        events.append(transition(sub, Status.ACTIVE, cause="renewed", at=at))
    else:  # cancelled while this charge was in flight: the money is taken, so the paid period is theirs
        events.append(transition(sub, Status.CANCELLED, cause="charged_while_cancelling", at=at))
        sub.access_until = max(sub.access_until or at, period.period_end)
    sub.periods_paid += 1
    sub.current_period_start, sub.current_period_end = period.period_start, period.period_end
    sub.past_due_since = None
    sub.failed_attempts = 0
    sub.due_at = period.period_end if sub.status != Status.CANCELLED else None
    return events


def _after_failure(sub: Subscription, *, at: datetime) -> tuple[SubscriptionEvent | None, str]:
    """Move a subscription whose charge was refused along the retry schedule; return its event and email kind."""
    if sub.status == Status.CANCELLED:  # cancelled while the attempt was in flight: nothing more to try
        sub.due_at = None
        return None, "payment_failed_cancelled"
    schedule = retry_days()
    sub.failed_attempts += 1
    if sub.status != Status.PAST_DUE:
        sub.past_due_since = at
    if sub.failed_attempts > len(schedule):
        event = transition(sub, Status.ENDED, cause="retries_exhausted", at=at)
        sub.ended_at = at
        sub.due_at = None
        return event, "subscription_ended"
    event = transition(sub, Status.PAST_DUE, cause="payment_failed", at=at, note=f"attempt {sub.failed_attempts}")
    sub.due_at = sub.past_due_since + timedelta(days=schedule[sub.failed_attempts - 1])
    return event, "payment_failed"


def _record_payments(paid: list[tuple[Claim, Subscription, ChargeResult]], *, at: datetime, gateway: Gateway) -> None:
    if not paid:
        return
    numbers = allocate_receipt_numbers(year=at.year, count=len(paid))
    insert_rows(
        Payment,
        ["billing_period_id", "subscription_id", "amount", "currency", "gateway", "reference", "gateway_reference"]
        + ["paid_at", "receipt_year", "receipt_number"],
        [
            (
                claim.period_id,
                sub.id,
                claim.request.amount,
                claim.request.currency,
                gateway.name,
                result.reference,
                result.gateway_reference,
                at,
                at.year,
                number,
            )
            for (claim, sub, result), number in zip(paid, numbers, strict=True)
        ],
    )


def end_lapsed_subscriptions(*, at: datetime, only_ids=None, batch_size: int = 500) -> int:
    """End every cancelled subscription whose paid or trial access is over."""
    ended = 0
    while True:
        with transaction.atomic():
            # Not while a charge's outcome is still to be looked up (due_at set): it may extend their access.
            queryset = Subscription.objects.filter(status=Status.CANCELLED, access_until__lte=at, due_at__isnull=True)
            if only_ids is not None:
                queryset = queryset.filter(id__in=only_ids)
            rows = claim_rows(queryset, limit=batch_size)
            if not rows:
                return ended
            events = []
            for sub in rows:
                events.append(transition(sub, Status.ENDED, cause="access_period_over", at=at))
                sub.ended_at = at
                sub.due_at = None
            bulk_update_rows(Subscription, rows, ["status", "ended_at", "due_at"])
            bulk_insert_rows(SubscriptionEvent, events)
            ended += len(rows)


def send_trial_reminders(*, at: datetime, only_ids=None, batch_size: int = 500) -> int:
    """Email every reader whose trial ends within the reminder window, once."""
    window = timedelta(days=settings.SUBSCRIPTIONS_TRIAL_REMINDER_DAYS)
    sent = 0
    while True:
        with transaction.atomic():
            queryset = Subscription.objects.filter(
                status=Status.TRIALING,
                trial_reminder_sent_at__isnull=True,
                trial_end__lte=at + window,
                trial_end__gt=at,
            )
            if only_ids is not None:
                queryset = queryset.filter(id__in=only_ids)
            rows = claim_rows(queryset, limit=batch_size)
            if not rows:
                return sent
            Subscription.objects.filter(id__in=[r.id for r in rows]).update(trial_reminder_sent_at=at)
            ids = [r.id for r in rows]
            emails = [[i, "trial_ending", "trial"] for i in ids]
            transaction.on_commit(lambda emails=emails: send_subscription_emails.enqueue(emails))
            sent += len(rows)

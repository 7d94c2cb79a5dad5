"""A reader's subscription: start (with or without a trial), cancel, resume, change the card."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..gateways import get_gateway
from ..gateways.base import CardToken, Gateway
from ..lock_objects import lock_subscription
from ..models import PaymentMethod, Plan, Status, Subscription, SubscriptionEvent, TrialClaim
from ..selectors import (
    cancellation_message,
    mailbox_trial_elsewhere,
    trial_applies,
    trial_claim_values,
    trial_claims_taken,
)
from ..state import apply_transition, transition
from ..tasks import send_subscription_email
from .billing import billing_run, charge_outcome_unrecorded

ALREADY_SUBSCRIBED = "You already have a subscription. Manage it on your account page."
PLAN_UNAVAILABLE = "That plan is not available. Choose one of the plans listed."
PAYMENT_DECLINED = "Your card was not charged: the payment was declined ({code}). Try another card."
PAYMENT_UNCONFIRMED = (
    "We could not confirm the payment with the card processor, so your subscription was not started. "
    "If your bank shows a charge, it will be reversed; please try again in a few minutes."
)
NOTHING_TO_CANCEL = "There is no subscription to cancel."
NOTHING_TO_RESUME = "This subscription cannot be resumed; subscribe again instead."
NO_SUBSCRIPTION = "There is no subscription to update."
MAILBOX_HAD_TRIAL = (
    "Sorry, the free trial is one per mailbox, and {address} reaches a mailbox that has had one on another account. "
    "No subscription was started and nothing was charged: to subscribe, sign in to that account."
)
CARD_TRIAL_JUST_TAKEN = (
    "Sorry, this card was used for a free trial on another account a moment ago. No subscription was started and "
    "nothing was charged: start again to subscribe without a trial."
)


class SubscriptionError(Exception):
    """A request about a subscription that cannot be done; the message says why and what to do."""


def _store_method(*, user, card: CardToken, gateway: Gateway, at: datetime) -> PaymentMethod:
    method, _ = PaymentMethod.objects.get_or_create(
        gateway=gateway.name,
        token=card.token,
        defaults={
            "user": user,
            "fingerprint": card.fingerprint,
            "brand": card.brand,
            "last4": card.last4,
            "exp_month": card.exp_month,
            "exp_year": card.exp_year,
            "created_at": at,
        },
    )
    return method


def subscription_start(*, user, plan: Plan, card: CardToken, gateway: Gateway | None = None) -> Subscription:
    """Start a subscription: a free trial if this reader, mailbox and card never had one, else charged at once.

    A mailbox that had its trial on another account is refused (MAILBOX_HAD_TRIAL): the reader has that account.
    Two submits (double click, two tabs) make one subscription: the second hits the unique constraint on one
    live subscription per reader and gets ALREADY_SUBSCRIBED.
    """
    gateway = gateway or get_gateway()
    if not plan.is_active:
        raise SubscriptionError(PLAN_UNAVAILABLE)
    now = timezone.now()
    with transaction.atomic():
        claims = trial_claim_values(user=user, fingerprint=card.fingerprint)
        taken = trial_claims_taken(user=user, fingerprint=card.fingerprint)
        # A mailbox is a person, who already has the account that had the trial: send them there rather than
        # charge at once an account whose reader was told a first subscription starts free. A returning
        # subscriber on this account (its own claim taken) is charged at once, as for a card that had a trial.
        if plan.trial_days > 0 and TrialClaim.Kind.ACCOUNT not in taken and TrialClaim.Kind.MAILBOX in taken:
            if address := mailbox_trial_elsewhere(user=user):
                raise SubscriptionError(MAILBOX_HAD_TRIAL.format(address=address))
        method = _store_method(user=user, card=card, gateway=gateway, at=now)
        with_trial = trial_applies(plan=plan, taken=taken)
        trial_end = now + timedelta(days=plan.trial_days) if with_trial else None
        subscription = Subscription(
            user=user,
            plan=plan,
            payment_method=method,
            created_at=now,
            trial_end=trial_end,
            anchor=trial_end or now,
            due_at=trial_end or now,
        )
        event = transition(
            subscription, Status.TRIALING if with_trial else Status.ACTIVE,
            cause="trial_started" if with_trial else "paid_start", at=now,
        )  # fmt: skip
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:  # a live subscription exists, possibly created a moment ago by the other tab
            raise SubscriptionError(ALREADY_SUBSCRIBED) from None
        event.subscription = subscription
        event.save()
        if with_trial:
            try:
                with transaction.atomic():
                    TrialClaim.objects.bulk_create(
                        [TrialClaim(kind=k, value=v, subscription=subscription, created_at=now) for k, v in claims]
                    )
            except IntegrityError:  # another account claimed this mailbox or card a moment ago
                raise _trial_just_taken(user=user) from None
    if with_trial:
        transaction.on_commit(lambda: _enqueue_email(subscription.id, "trial_started", "start"))
        return subscription
    return _charge_first_period(subscription=subscription, gateway=gateway, at=now)


def _trial_just_taken(*, user) -> SubscriptionError:
    """Say which claim another account took while this start was on its way; the start is undone."""
    # Only a mailbox or a card can be taken here: a second start on the same account has already hit the
    # constraint of one live subscription per reader.
    if address := mailbox_trial_elsewhere(user=user):
        return SubscriptionError(MAILBOX_HAD_TRIAL.format(address=address))
    return SubscriptionError(CARD_TRIAL_JUST_TAKEN)


def _charge_first_period(*, subscription: Subscription, gateway: Gateway, at: datetime) -> Subscription:
    """Charge a trial-less subscription now; if the card is refused, the subscription never existed."""
    billing_run(at=at, gateway=gateway, only_ids=[subscription.id])
    subscription.refresh_from_db()
    if subscription.periods_paid:
        transaction.on_commit(lambda: _enqueue_email(subscription.id, "payment_received", "period-1"))
        return subscription
    period = subscription.periods.first()
    code = period.last_failure if period else ""
    if period is None or period.state == period.State.FAILED:
        # Nothing was charged: remove the attempt entirely so the reader can try another card.
        with transaction.atomic():
            subscription.events.all().delete()
            subscription.periods.all().delete()
            subscription.delete()
        raise SubscriptionError(PAYMENT_DECLINED.format(code=code or "declined"))
    # A timed-out attempt that the look-up could not settle stays; the next billing run settles it.
    raise SubscriptionError(PAYMENT_UNCONFIRMED)


def _enqueue_email(subscription_id: int, kind: str, key: str) -> None:
    send_subscription_email.enqueue(subscription_id, kind, key)


def subscription_cancel(*, subscription: Subscription, at: datetime | None = None) -> str:
    """Cancel: no further charges; access until the trial's or paid period's end. Return the message to show."""
    at = at or timezone.now()
    with transaction.atomic():
        sub = lock_subscription(subscription.id)
        if sub.status not in (Status.TRIALING, Status.ACTIVE, Status.PAST_DUE):
            raise SubscriptionError(NOTHING_TO_CANCEL)
        message = cancellation_message(subscription=sub, at=at)
        if sub.status == Status.TRIALING:
            access_until = sub.trial_end
        elif sub.status == Status.ACTIVE:
            access_until = sub.current_period_end
        else:  # past due: the grace period ends with the cancellation
            access_until = at
        sub.access_until = access_until
        sub.cancelled_at = at
        # No more charges. But when a billing run took a period and stopped before recording the gateway's
        # answer, the next run must still look it up (and record a charge that went through), so it stays due.
        sub.due_at = at if charge_outcome_unrecorded(subscription_id=sub.id) else None
        apply_transition(sub, Status.CANCELLED, cause="cancelled_by_reader", at=at)
    transaction.on_commit(lambda: _enqueue_email(sub.id, "cancelled", at.isoformat()))
    return message


def subscription_resume(*, subscription: Subscription, at: datetime | None = None) -> Subscription:
    """Undo a cancellation before access ends: billing continues where it would have, with no new trial."""
    at = at or timezone.now()
    with transaction.atomic():
        sub = lock_subscription(subscription.id)
        if sub.status != Status.CANCELLED or not sub.access_until or sub.access_until <= at:
            raise SubscriptionError(NOTHING_TO_RESUME)
        if sub.periods_paid == 0 and sub.trial_end and sub.trial_end > at:
            to, sub.due_at = Status.TRIALING, sub.trial_end
        else:
            to, sub.due_at = Status.ACTIVE, sub.current_period_end or at
        sub.access_until = None
        sub.cancelled_at = None
        apply_transition(sub, to, cause="resumed_by_reader", at=at)
    return sub


def payment_method_update(
    *, subscription: Subscription, card: CardToken, gateway: Gateway | None = None
) -> Subscription:
    """Use a new card from now on; a subscription whose payment failed is charged again at once."""
    gateway = gateway or get_gateway()
    now = timezone.now()
    with transaction.atomic():
        sub = lock_subscription(subscription.id)
        if sub.status == Status.ENDED:
            raise SubscriptionError(NO_SUBSCRIPTION)
        sub.payment_method = _store_method(user=sub.user, card=card, gateway=gateway, at=now)
        retry_now = sub.status == Status.PAST_DUE
        if retry_now:
            sub.due_at = now
        sub.save(update_fields=["payment_method", "due_at"])
        SubscriptionEvent.objects.create(
            subscription=sub, from_status=sub.status, to_status=sub.status, cause="payment_method_updated", at=now
        )
    if retry_now:
        billing_run(at=now, gateway=gateway, only_ids=[sub.id])
        sub.refresh_from_db()
    return sub

"""Row locks, taken in one place and one order: subscriptions (by id), then a payment, then the receipt counter."""

from datetime import datetime

from django.db.models import Q, QuerySet

from .models import Payment, ReceiptCounter, Status, Subscription

BILLABLE = (Status.TRIALING, Status.ACTIVE, Status.PAST_DUE)


# What a billing run needs of each due subscription, read as plain values (no model objects) while locking it.
DUE_FIELDS = (
    "id",
    "plan_id",
    "anchor",
    "periods_paid",
    "payment_method__gateway",
    "payment_method__token",
    "user__email",
    "status",
)


def claim_due_subscriptions(*, at: datetime, now: datetime, limit: int, only_ids=None) -> list[tuple]:
    """Lock up to `limit` subscriptions due at `at` that no other run holds; rows another run has locked are skipped.

    Returns one tuple of DUE_FIELDS per subscription.
    """
    queryset = (
        Subscription.objects.select_for_update(skip_locked=True, of=("self",))
        # A cancelled subscription is due only while a charge's outcome is still unrecorded (see
        # subscription_cancel): it is looked up, never charged again.
        .filter(status__in=(*BILLABLE, Status.CANCELLED), due_at__lte=at)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("due_at", "id")
    )
    if only_ids is not None:
        queryset = queryset.filter(id__in=only_ids)
    return list(queryset.values_list(*DUE_FIELDS)[:limit])


def claim_rows(queryset: QuerySet, *, limit: int) -> list:
    """Lock up to `limit` rows of the queryset, skipping rows another worker holds."""
    return list(queryset.select_for_update(skip_locked=True, of=("self",)).order_by("id")[:limit])


def lock_subscriptions(ids) -> list[Subscription]:
    """Lock these subscriptions, always in id order so two writers cannot deadlock."""
    return list(Subscription.objects.select_for_update(of=("self",)).filter(id__in=list(ids)).order_by("id"))


def lock_unclaimed_subscription(subscription_id: int, *, now: datetime) -> bool:
    """Lock one subscription unless another run holds it (its row lock or its lease); return whether it is locked."""
    locked = (
        Subscription.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(id=subscription_id)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("id", flat=True)
        .first()
    )
    return locked is not None


def lock_subscription(subscription_id: int) -> Subscription:
    """Lock one subscription."""
    return Subscription.objects.select_for_update(of=("self",)).select_related("plan", "user").get(id=subscription_id)


def lock_payment(payment_id: int) -> Payment:
    """Lock one payment (refunds are summed under this lock)."""
    return Payment.objects.select_for_update(of=("self",)).get(id=payment_id)


def lock_receipt_counter(year: int) -> ReceiptCounter:
    """Lock the receipt counter of a year, creating it the first time."""
    ReceiptCounter.objects.get_or_create(year=year)
    return ReceiptCounter.objects.select_for_update().get(year=year)

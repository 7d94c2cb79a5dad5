"""Apply gateway events. The event only says "look at this charge": its state is re-fetched from the gateway,
so events arriving late, twice or out of order cannot move a subscription the wrong way."""

from __future__ import annotations

import re

from django.utils import timezone

from ..gateways.base import Gateway, GatewayEvent
from ..lock_objects import lock_subscription
from ..models import BillingPeriod, Subscription, WebhookEvent
from .billing import billing_run

CHARGE_EVENTS = {"charge.success", "charge.failed", "charge.succeeded"}
REFERENCE = re.compile(r"^nd-(?P<sub>\d+)-(?P<start>\d+)-(?P<attempt>\d+)$")


def webhook_apply(*, record: WebhookEvent, event: GatewayEvent, gateway: Gateway) -> str:
    """Apply one recorded event and store what it did; types we do not use are answered "ignored"."""
    outcome = _apply(event=event, gateway=gateway)
    WebhookEvent.objects.filter(id=record.id).update(outcome=outcome)
    return outcome


def _apply(*, event: GatewayEvent, gateway: Gateway) -> str:
    if event.event_type not in CHARGE_EVENTS:
        return "ignored"
    match = REFERENCE.match(event.reference)
    if match is None:
        return "ignored: not our reference"
    subscription_id = int(match["sub"])
    period = (
        BillingPeriod.objects.filter(subscription_id=subscription_id)
        .exclude(state=BillingPeriod.State.FAILED)
        .order_by("-period_start")
        .first()
    )
    if period is None or period.state == BillingPeriod.State.PAID:
        return "no change"
    if not Subscription.objects.filter(id=subscription_id).exists():
        return "ignored: unknown subscription"
    # Make the period due now; the engine looks the charge up by reference and settles it like any other.
    now = timezone.now()
    sub = lock_subscription(subscription_id)
    if sub.claimed_until and sub.claimed_until > now:
        return "in progress: the running billing run settles it"
    Subscription.objects.filter(id=sub.id).update(due_at=now)
    report = billing_run(at=now, gateway=gateway, only_ids=[subscription_id])
    return f"settled: {report.charged} charged, {report.failed} failed"

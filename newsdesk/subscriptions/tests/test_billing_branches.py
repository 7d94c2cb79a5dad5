"""The billing engine's rarer branches: a gateway that cannot be reached, a period settled while its charge was in
flight, and a reader who cancels while their card is being charged."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from newsdesk.subscriptions.gateways.base import GatewayError
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import BillingPeriod, Payment, Status, TestGatewayCharge
from newsdesk.subscriptions.services.billing import RECHECK_AFTER, billing_run
from newsdesk.subscriptions.services.subscriptions import subscription_cancel, subscription_start

from .factories import DECLINE_CARD, TIMEOUT_CHARGED_CARD, make_card, make_reader, premium

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


class DownGateway(TestGateway):
    """The test gateway when it cannot be reached: nothing is charged, nothing can be looked up."""

    def charge_many(self, requests):
        return [GatewayError("connection refused") for _ in requests]

    def lookup(self, *, reference):
        raise GatewayError("connection refused")


class DuringChargeGateway(TestGateway):
    """The test gateway, running `meanwhile` while it charges (what another process does in that moment)."""

    def __init__(self, meanwhile):
        self.meanwhile = meanwhile

    def charge_many(self, requests):
        results = super().charge_many(requests)
        self.meanwhile()
        return results


def start(card_number=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        card = make_card(card_number) if card_number else make_card()
        return subscription_start(user=make_reader(), plan=premium(), card=card, gateway=TestGateway())


def test_a_gateway_that_cannot_be_reached_charges_nothing_and_the_period_is_charged_once_later():
    with time_machine.travel(T0, tick=False):
        sub = start()
    at = sub.trial_end
    report = billing_run(at=at, gateway=DownGateway())
    assert (report.charged, report.failed, report.unknown) == (0, 0, 0)
    assert report.errors == [f"subscription {sub.id}: connection refused"]
    sub.refresh_from_db()
    assert (sub.status, sub.due_at, sub.claimed_until) == (Status.TRIALING, at + RECHECK_AFTER, None)
    assert BillingPeriod.objects.get().state == BillingPeriod.State.PENDING
    # Before the re-check nothing happens; at it, the attempt is looked up (not found) and charged, once.
    assert billing_run(at=at + RECHECK_AFTER - timedelta(seconds=1), gateway=TestGateway()).charged == 0
    assert billing_run(at=at + RECHECK_AFTER, gateway=TestGateway()).charged == 1
    assert billing_run(at=at + RECHECK_AFTER + timedelta(hours=1), gateway=TestGateway()).charged == 0
    sub.refresh_from_db()
    assert sub.status == Status.ACTIVE
    assert Payment.objects.count() == TestGatewayCharge.objects.count() == 1


def test_a_lookup_that_fails_after_a_timeout_leaves_the_outcome_unknown_and_charges_nothing():
    with time_machine.travel(T0, tick=False):
        sub = start(TIMEOUT_CHARGED_CARD)
    at = sub.trial_end
    assert billing_run(at=at, gateway=TestGateway()).unknown == 1
    report = billing_run(at=at + RECHECK_AFTER, gateway=DownGateway())
    assert report.errors == [f"subscription {sub.id}: connection refused"]
    assert BillingPeriod.objects.get().state == BillingPeriod.State.UNKNOWN
    assert Payment.objects.count() == 0
    # Once the gateway answers, the timed-out charge is found and recorded; the card is not charged again.
    assert billing_run(at=at + 2 * RECHECK_AFTER, gateway=TestGateway()).charged == 1
    assert TestGatewayCharge.objects.count() == Payment.objects.count() == 1


def test_a_period_settled_while_its_charge_was_in_flight_is_not_recorded_twice():
    with time_machine.travel(T0, tick=False):
        sub = start()

    def settled_elsewhere():  # what another settle did: the period paid, the subscription moved on
        period = BillingPeriod.objects.get()
        BillingPeriod.objects.update(state=BillingPeriod.State.PAID)
        type(sub).objects.filter(id=sub.id).update(status=Status.ACTIVE, periods_paid=1, due_at=period.period_end)

    report = billing_run(at=sub.trial_end, gateway=DuringChargeGateway(settled_elsewhere))
    assert report.charged == 0
    assert Payment.objects.count() == 0
    sub.refresh_from_db()
    assert (sub.status, sub.periods_paid, sub.claimed_until) == (Status.ACTIVE, 1, None)
    assert not sub.events.filter(cause="trial_converted").exists()


def test_a_charge_that_lands_while_the_reader_cancels_gives_them_the_paid_period():
    with time_machine.travel(T0, tick=False):
        sub = start()
    at = sub.trial_end

    def cancel():
        subscription_cancel(subscription=sub, at=at)

    report = billing_run(at=at, gateway=DuringChargeGateway(cancel))
    assert report.charged == 1
    sub.refresh_from_db()
    period = BillingPeriod.objects.get()
    assert sub.status == Status.CANCELLED
    assert sub.access_until == period.period_end
    assert sub.due_at is None
    assert list(sub.events.values_list("cause", flat=True))[-1] == "charged_while_cancelling"
    assert Payment.objects.count() == 1


def test_a_refusal_that_lands_while_the_reader_cancels_ends_the_tries():
    with time_machine.travel(T0, tick=False):
        sub = start(DECLINE_CARD)
    at = sub.trial_end
    mail.outbox.clear()

    def cancel():
        subscription_cancel(subscription=sub, at=at)

    with TestCase.captureOnCommitCallbacks(execute=True):
        report = billing_run(at=at, gateway=DuringChargeGateway(cancel))
    assert (report.charged, report.failed) == (0, 1)
    sub.refresh_from_db()
    assert (sub.status, sub.due_at, sub.failed_attempts) == (Status.CANCELLED, None, 0)
    assert [m.subject for m in mail.outbox] == [
        "Your subscription is cancelled",
        "We could not take your subscription payment",
    ]
    assert billing_run(at=at + timedelta(days=3), gateway=TestGateway()).failed == 0

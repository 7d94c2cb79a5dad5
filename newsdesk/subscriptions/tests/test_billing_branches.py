"""The billing engine's rarer branches: a gateway that cannot be reached, a charge whose answer timed out, a period
settled while its charge was in flight, and a reader who cancels while their card is being charged."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from newsdesk.subscriptions.gateways.base import GatewayError, GatewayTimeout
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import BillingPeriod, Payment, Status, TestGatewayCharge
from newsdesk.subscriptions.services.billing import LOOKUP_NOT_FOUND, RECHECK_AFTER, billing_run
from newsdesk.subscriptions.services.subscriptions import subscription_cancel, subscription_start

from .factories import DECLINE_CARD, TIMEOUT_CHARGED_CARD, TIMEOUT_NOT_CHARGED_CARD, make_card, make_reader, premium

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


class DownGateway(TestGateway):
    """The test gateway when it cannot be reached: nothing is charged, nothing can be looked up."""

    def charge_many(self, requests):
        return [GatewayError("connection refused") for _ in requests]

    def lookup(self, *, reference):
        raise GatewayError("connection refused")


class CountingGateway(TestGateway):
    """The test gateway, keeping the references it was asked to charge and to look up."""

    def __init__(self):
        self.charged, self.looked_up = [], []

    def charge_many(self, requests):
        self.charged.extend(r.reference for r in requests)
        return super().charge_many(requests)

    def lookup(self, *, reference):
        self.looked_up.append(reference)
        return super().lookup(reference=reference)


class LookupTimesOutGateway(CountingGateway):
    """The test gateway when a look-up gets no answer in time either."""

    def lookup(self, *, reference):
        self.looked_up.append(reference)
        raise GatewayTimeout(f"test gateway: no answer for {reference}")


class DuringLookupGateway(CountingGateway):
    """The test gateway, running `meanwhile` on its first look-up (what another process does in that moment)."""

    def __init__(self, meanwhile):
        super().__init__()
        self.meanwhile = meanwhile

    def lookup(self, *, reference):
        if not self.looked_up:
            self.meanwhile()
        return super().lookup(reference=reference)


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


def timed_out_at_the_end_of_the_trial(card_number):
    """Start a trial and run billing at its end with a card whose charge times out; return the subscription."""
    with time_machine.travel(T0, tick=False):
        sub = start(card_number)
    with time_machine.travel(sub.trial_end, tick=False):
        report = billing_run(at=sub.trial_end, gateway=TestGateway())
    assert (report.charged, report.failed, report.unknown) == (0, 0, 1)
    assert BillingPeriod.objects.get().state == BillingPeriod.State.UNKNOWN
    return sub


def test_the_run_right_after_a_timeout_records_the_charge_that_went_through_and_its_receipt_without_charging_again():
    sub = timed_out_at_the_end_of_the_trial(TIMEOUT_CHARGED_CARD)
    at = sub.trial_end
    gateway = CountingGateway()
    with time_machine.travel(at, tick=False):
        report = billing_run(at=at, gateway=gateway)  # the same instant: long before its re-check time
    charge = TestGatewayCharge.objects.get()  # the gateway was charged once, by the first run
    assert (report.charged, report.amount, report.failed, report.unknown) == (1, 7500, 0, 0)
    assert (gateway.looked_up, gateway.charged) == ([charge.reference], [])
    payment = Payment.objects.get()
    period = BillingPeriod.objects.get()
    assert (payment.billing_period_id, payment.amount, payment.currency, payment.amount_display) == (
        period.id,
        7500,
        "ZAR",
        "R75.00",
    )
    assert (payment.reference, payment.gateway_reference, payment.paid_at) == (
        charge.reference,
        f"test_ch_{charge.id}",
        at,
    )
    assert payment.receipt_label == "R2026-000001"
    assert period.state == BillingPeriod.State.PAID
    sub.refresh_from_db()
    assert (sub.status, sub.periods_paid, sub.current_period_end, sub.due_at) == (
        Status.ACTIVE,
        1,
        period.period_end,
        period.period_end,
    )
    # Nothing is recorded or charged twice by the runs after it.
    again = CountingGateway()
    with time_machine.travel(at + RECHECK_AFTER, tick=False):
        assert billing_run(at=at + RECHECK_AFTER, gateway=again).charged == 0
    assert (again.looked_up, again.charged) == ([], [])
    assert Payment.objects.count() == TestGatewayCharge.objects.count() == 1


def test_a_run_whose_lookup_also_times_out_leaves_the_outcome_unknown_and_charges_nothing():
    sub = timed_out_at_the_end_of_the_trial(TIMEOUT_CHARGED_CARD)
    at = sub.trial_end
    gateway = LookupTimesOutGateway()
    with time_machine.travel(at, tick=False):
        report = billing_run(at=at, gateway=gateway)
    reference = TestGatewayCharge.objects.get().reference
    assert (report.charged, report.failed, report.unknown, report.errors) == (0, 0, 1, [])
    assert (gateway.looked_up, gateway.charged) == ([reference], [])
    assert BillingPeriod.objects.get().state == BillingPeriod.State.UNKNOWN
    assert Payment.objects.count() == 0
    assert TestGatewayCharge.objects.count() == 1
    sub.refresh_from_db()
    assert (sub.status, sub.failed_attempts, sub.claimed_until) == (Status.TRIALING, 0, None)
    # The next run whose look-up is answered records it, still without a second charge.
    with time_machine.travel(at, tick=False):
        assert billing_run(at=at, gateway=TestGateway()).charged == 1
    assert Payment.objects.get().reference == reference
    assert TestGatewayCharge.objects.count() == 1


def test_the_run_right_after_a_timeout_that_charged_nothing_starts_the_retry_schedule_without_charging():
    sub = timed_out_at_the_end_of_the_trial(TIMEOUT_NOT_CHARGED_CARD)
    mail.outbox.clear()
    at = sub.trial_end
    gateway = CountingGateway()
    with time_machine.travel(at, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        report = billing_run(at=at, gateway=gateway)
    assert (report.charged, report.failed, report.unknown) == (0, 1, 0)
    assert len(gateway.looked_up) == 1 and gateway.charged == []
    period = BillingPeriod.objects.get()
    assert (period.state, period.last_failure, period.attempts) == (BillingPeriod.State.FAILED, LOOKUP_NOT_FOUND, 1)
    sub.refresh_from_db()
    assert (sub.status, sub.failed_attempts, sub.past_due_since, sub.due_at) == (
        Status.PAST_DUE,
        1,
        at,
        at + timedelta(days=1),
    )
    assert [m.subject for m in mail.outbox] == ["We could not take your subscription payment"]
    assert Payment.objects.count() == TestGatewayCharge.objects.count() == 0


def test_an_unknown_outcome_recorded_by_another_run_while_this_run_looks_up_another_one_is_not_looked_up_again():
    with time_machine.travel(T0, tick=False):
        first, second = start(TIMEOUT_CHARGED_CARD), start(TIMEOUT_CHARGED_CARD)
    at = first.trial_end
    with time_machine.travel(at, tick=False):
        assert billing_run(at=at, gateway=TestGateway()).unknown == 2
    second_period = BillingPeriod.objects.get(subscription=second)

    def recorded_elsewhere():  # another run recorded the second subscription's charge in the meantime
        BillingPeriod.objects.filter(id=second_period.id).update(state=BillingPeriod.State.PAID)

    gateway = DuringLookupGateway(recorded_elsewhere)
    with time_machine.travel(at, tick=False):
        report = billing_run(at=at, gateway=gateway)
    assert (report.charged, report.unknown) == (1, 0)
    assert gateway.looked_up == [TestGatewayCharge.objects.get(token=first.payment_method.token).reference]
    assert gateway.charged == []
    assert list(Payment.objects.values_list("subscription_id", flat=True)) == [first.id]

"""Two billing runs at once (two workers): every due period is charged exactly once.

On PostgreSQL the runs really overlap (row locks with SKIP LOCKED decide who bills what); SQLite serialises
writers, so there the same test checks that two back-to-back runs still charge nothing twice.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import BillingPeriod, Payment, Status, Subscription, TestGatewayCharge
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.subscriptions import subscription_start

from .factories import TIMEOUT_CHARGED_CARD, make_card, make_reader, premium

T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


def due_subscriptions(count: int) -> list[Subscription]:
    plan = premium()
    subs = []
    for _ in range(count):
        subs.append(subscription_start(user=make_reader(), plan=plan, card=make_card(), gateway=TestGateway()))
    Subscription.objects.update(due_at=T0, trial_end=T0, anchor=T0)
    return subs


def run_concurrently(
    runs: int,
    *,
    at: datetime,
    batch_size: int,
    gateway: Callable[[], TestGateway] = TestGateway,
    finished: Callable[[], None] = lambda: None,
) -> list:
    barrier = threading.Barrier(runs)
    serial = threading.Lock() if connection.vendor != "postgresql" else None
    reports, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            if serial:
                with serial:
                    reports.append(billing_run(at=at, gateway=gateway(), batch_size=batch_size))
            else:
                reports.append(billing_run(at=at, gateway=gateway(), batch_size=batch_size))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            finished()
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return reports


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_charge_every_due_period_exactly_once():
    subs = due_subscriptions(60)
    reports = run_concurrently(2, at=T0 + timedelta(hours=1), batch_size=7)
    assert sum(r.charged for r in reports) == 60
    assert Payment.objects.count() == 60
    assert TestGatewayCharge.objects.count() == 60
    assert BillingPeriod.objects.filter(state=BillingPeriod.State.PAID).count() == 60
    assert set(Subscription.objects.values_list("status", flat=True)) == {Status.ACTIVE}
    assert sorted(Payment.objects.values_list("receipt_number", flat=True)) == list(range(1, 61))  # no gaps
    if connection.vendor == "postgresql":
        # Both workers did real work: SKIP LOCKED handed each its own rows rather than making one wait.
        assert all(r.charged > 0 for r in reports), [r.charged for r in reports]
    assert len(subs) == 60 and timezone.now()


class LookupHeldGateway(TestGateway):
    """The test gateway, whose look-up answers only once another run has finished (on PostgreSQL, where runs overlap).

    So the run that looks a charge up is still holding it while the other run passes by: both runs really meet on
    the same period, however the threads are scheduled.
    """

    def __init__(self, *, hold: bool):
        self.hold = hold
        self.other_run_finished = threading.Event()
        self.looked_up, self.charged = [], []

    def lookup(self, *, reference):
        self.looked_up.append(reference)
        if self.hold:
            self.other_run_finished.wait(timeout=10)
        return super().lookup(reference=reference)

    def charge_many(self, requests):
        self.charged.extend(r.reference for r in requests)
        return super().charge_many(requests)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_started_together_after_a_timeout_record_its_charge_once_and_charge_nothing_more():
    with time_machine.travel(T0, tick=False) as clock:
        sub = subscription_start(
            user=make_reader(), plan=premium(), card=make_card(TIMEOUT_CHARGED_CARD), gateway=TestGateway()
        )
        at = sub.trial_end
        clock.move_to(at)
        assert billing_run(at=at, gateway=TestGateway()).unknown == 1
        gateway = LookupHeldGateway(hold=connection.vendor == "postgresql")
        reports = run_concurrently(
            2, at=at, batch_size=500, gateway=lambda: gateway, finished=gateway.other_run_finished.set
        )
    charge = TestGatewayCharge.objects.get()  # charged once, by the run that timed out
    # One run looked the charge up and recorded it; the other found the subscription held and left it alone.
    assert sorted((r.charged, r.amount, r.unknown, r.errors) for r in reports) == [(0, 0, 0, []), (1, 7500, 0, [])]
    assert (gateway.looked_up, gateway.charged) == ([charge.reference], [])
    payment = Payment.objects.get()
    assert (payment.amount, payment.currency, payment.reference, payment.receipt_label) == (
        7500,
        "ZAR",
        charge.reference,
        "R2026-000001",
    )
    assert BillingPeriod.objects.get().state == BillingPeriod.State.PAID
    sub.refresh_from_db()
    assert (sub.status, sub.periods_paid, sub.claimed_until) == (Status.ACTIVE, 1, None)

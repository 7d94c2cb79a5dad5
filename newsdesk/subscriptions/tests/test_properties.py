"""Random sequences of reader actions, clock moves, card failures, repeated and crashed billing runs, checked
against the promise after every step."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock

import time_machine
from django.conf import settings
from django.db.models import Sum
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from newsdesk.subscriptions.gateways.testgateway import DECLINE, TestGateway, set_card_behaviour
from newsdesk.subscriptions.models import Payment, Status, Subscription, SubscriptionEvent, TestGatewayCharge
from newsdesk.subscriptions.selectors import reader_is_entitled
from newsdesk.subscriptions.services import billing
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.subscriptions import (
    SubscriptionError,
    payment_method_update,
    subscription_cancel,
    subscription_start,
)

from .factories import make_card, make_reader, premium

READERS = 2
action = st.one_of(
    st.tuples(st.just("sign_up"), st.integers(0, READERS - 1)),
    st.tuples(st.just("cancel"), st.integers(0, READERS - 1)),
    st.tuples(st.just("advance"), st.sampled_from([1, 24, 24 * 5, 24 * 14, 24 * 31])),
    st.tuples(st.just("card_fails"), st.integers(0, READERS - 1)),
    st.tuples(st.just("card_updated"), st.integers(0, READERS - 1)),
    st.tuples(st.just("run_billing_twice"), st.just(0)),
    st.tuples(st.just("crash_mid_run"), st.just(0)),
)


class BillingPromiseTests(TestCase):
    @hypothesis_settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )
    @given(st.lists(action, min_size=1, max_size=14))
    def test_random_histories_keep_the_promise(self, actions):
        now = datetime(2026, 1, 29, 9, 0, tzinfo=UTC)
        readers = [make_reader() for _ in range(READERS)]
        gateway = TestGateway()
        with time_machine.travel(now, tick=False) as clock:
            # Every history starts with the readers signed up, so the clock moves soon reach a charge.
            actions = [("sign_up", i) for i in range(READERS)] + actions
            for name, arg in actions:
                reader = readers[arg] if name not in ("advance", "run_billing_twice", "crash_mid_run") else None
                live = Subscription.objects.exclude(status=Status.ENDED).filter(user=reader).first()
                if name == "sign_up":
                    try:
                        subscription_start(user=reader, plan=premium(), card=make_card(), gateway=gateway)
                    except SubscriptionError:
                        pass
                elif name == "cancel" and live and live.status != Status.CANCELLED:
                    subscription_cancel(subscription=live)
                elif name == "advance":
                    now += timedelta(hours=arg)
                    clock.move_to(now)
                elif name == "card_fails" and live and live.payment_method:
                    set_card_behaviour(live.payment_method.token, DECLINE)
                elif name == "card_updated" and live:
                    payment_method_update(subscription=live, card=make_card(), gateway=gateway)
                elif name == "run_billing_twice":
                    billing_run(at=now, gateway=gateway)
                    billing_run(at=now, gateway=gateway)
                elif name == "crash_mid_run":
                    with mock.patch.object(billing, "settle", side_effect=RuntimeError("killed")):
                        try:
                            billing_run(at=now, gateway=gateway)
                        except RuntimeError:
                            pass
                self.check_invariants(readers, now)
            # Let every lease lapse and settle what crashed runs left, then live through two more months (a run
            # every few days): whatever the history, the promise still holds and the gateway and ledger agree.
            for _ in range(16):
                now += timedelta(days=4)
                clock.move_to(now)
                billing_run(at=now, gateway=gateway)
            self.check_invariants(readers, now)
            self.assertEqual(
                TestGatewayCharge.objects.filter(succeeded=True).count(), Payment.objects.count(), "gateway vs ledger"
            )

    def check_invariants(self, readers, now):
        price = premium().amount
        # Every charge, at the gateway and in our ledger, is exactly the plan price.
        self.assertEqual(
            set(TestGatewayCharge.objects.filter(succeeded=True).values_list("amount", flat=True)) - {price}, set()
        )
        self.assertEqual(set(Payment.objects.values_list("amount", flat=True)) - {price}, set())
        # At most one successful gateway charge per subscription and period (reference = nd-<sub>-<start>-<try>).
        periods = Counter(
            ref.rsplit("-", 1)[0]
            for ref in TestGatewayCharge.objects.filter(succeeded=True).values_list("reference", flat=True)
        )
        self.assertTrue(all(n == 1 for n in periods.values()), periods)
        for sub in Subscription.objects.all():
            paid = Payment.objects.filter(subscription=sub)
            # Nothing is charged in a trial.
            if sub.trial_end:
                self.assertFalse(paid.filter(paid_at__lt=sub.trial_end).exists())
            # A trial cancelled inside the 14 days costs nothing. (Cancelled once they are over, while the first
            # charge's outcome was still unrecorded, the charge stands: it is looked up and recorded.)
            if (
                sub.trial_end
                and SubscriptionEvent.objects.filter(
                    subscription=sub, from_status="trialing", to_status="cancelled", at__lt=sub.trial_end
                ).exists()
            ):
                self.assertEqual(paid.aggregate(total=Sum("amount"))["total"], None)
        # Access matches status.
        grace = timedelta(days=max(settings.SUBSCRIPTIONS_RETRY_DAYS))
        for reader in readers:
            sub = Subscription.objects.exclude(status=Status.ENDED).filter(user=reader).first()
            if sub is None:
                expected = False
            elif sub.status in (Status.TRIALING, Status.ACTIVE):
                expected = True
            elif sub.status == Status.PAST_DUE:
                expected = now < sub.past_due_since + grace
            else:
                expected = now < sub.access_until
            self.assertEqual(reader_is_entitled(user=reader), expected, (sub and sub.status))

"""A reader's subscription from start to end, on a controlled clock: what is charged, when, and how often."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from newsdesk.subscriptions.gateways.testgateway import DECLINE, SUCCESS, TestGateway, set_card_behaviour
from newsdesk.subscriptions.models import (
    BillingPeriod,
    Payment,
    Status,
    Subscription,
    SubscriptionEvent,
    TestGatewayCharge,
)
from newsdesk.subscriptions.selectors import account_summary, reader_is_entitled
from newsdesk.subscriptions.services import billing
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.subscriptions import (
    ALREADY_SUBSCRIBED,
    SubscriptionError,
    subscription_cancel,
    subscription_resume,
    subscription_start,
)

from .factories import (
    DECLINE_CARD,
    TIMEOUT_CHARGED_CARD,
    TIMEOUT_NOT_CHARGED_CARD,
    make_card,
    make_reader,
    premium,
)

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)  # 10:00 SAST


def commit_callbacks():
    return TestCase.captureOnCommitCallbacks(execute=True)


def run(at: datetime):
    with commit_callbacks():
        return billing_run(at=at, gateway=TestGateway())


def start(user, card=None, plan=None):
    with commit_callbacks():
        return subscription_start(user=user, plan=plan or premium(), card=card or make_card(), gateway=TestGateway())


def charged_total(sub) -> int:
    return sum(Payment.objects.filter(subscription=sub).values_list("amount", flat=True))


def test_trial_starts_at_once_and_charges_nothing():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
    assert sub.status == Status.TRIALING
    assert sub.trial_end == T0 + timedelta(days=14)
    assert sub.due_at == sub.trial_end
    assert TestGatewayCharge.objects.count() == 0
    assert list(sub.events.values_list("from_status", "to_status", "cause")) == [("", "trialing", "trial_started")]
    assert mail.outbox[-1].subject == "Your free trial has started"


def test_cancel_on_day_13_costs_nothing_ever():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        clock.move_to(T0 + timedelta(days=13))
        with commit_callbacks():
            message = subscription_cancel(subscription=sub)
        assert message == "You will not be charged. Access ends on 24 January 2026."
        assert reader_is_entitled(user=reader) is True  # access until the trial's end
        for day in (14, 15, 45, 80):
            run(T0 + timedelta(days=day))
        clock.move_to(T0 + timedelta(days=15))
        assert reader_is_entitled(user=reader) is False
    sub.refresh_from_db()
    assert sub.status == Status.ENDED
    assert charged_total(sub) == 0
    assert TestGatewayCharge.objects.count() == 0
    assert BillingPeriod.objects.count() == 0
    assert list(sub.events.values_list("to_status", flat=True)) == ["trialing", "cancelled", "ended"]


def test_day_15_charges_r75_exactly_once_however_often_billing_runs():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
    for _ in range(3):
        run(T0 + timedelta(days=15))
    sub.refresh_from_db()
    assert charged_total(sub) == 7500
    assert Payment.objects.count() == 1
    assert TestGatewayCharge.objects.count() == 1
    assert sub.status == Status.ACTIVE
    assert sub.current_period_start == T0 + timedelta(days=14)
    assert sub.current_period_end == datetime(2026, 2, 24, 8, 0, tzinfo=UTC)
    payment = Payment.objects.get()
    assert (payment.receipt_year, payment.receipt_number, payment.receipt_label) == (2026, 1, "R2026-000001")
    assert [e.cause for e in sub.events.all()] == ["trial_started", "trial_converted"]


def test_renewals_follow_calendar_months_from_a_31st_anchor():
    reader = make_reader()
    start_at = datetime(2026, 1, 17, 8, 0, tzinfo=UTC)  # trial ends 31 January
    with time_machine.travel(start_at, tick=False):
        sub = start(reader)
    for day in range(0, 100, 1):
        run(start_at + timedelta(days=14 + day))
    periods = list(BillingPeriod.objects.filter(subscription=sub).order_by("period_start"))
    starts = [p.period_start.date().isoformat() for p in periods]
    assert starts == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert [p.period_end.date().isoformat() for p in periods][:3] == ["2026-02-28", "2026-03-31", "2026-04-30"]
    assert charged_total(sub) == 4 * 7500
    assert list(Payment.objects.order_by("receipt_number").values_list("receipt_number", flat=True)) == [1, 2, 3, 4]


def test_cancel_after_a_charge_states_the_last_charge_and_the_end_of_the_paid_period():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        run(T0 + timedelta(days=14))
        clock.move_to(T0 + timedelta(days=20))
        with commit_callbacks():
            message = subscription_cancel(subscription=sub)
    assert message == "Your last charge was 24 January 2026; access ends on 24 February 2026"
    run(T0 + timedelta(days=60))
    sub.refresh_from_db()
    assert sub.status == Status.ENDED
    assert charged_total(sub) == 7500


def test_failed_renewal_goes_past_due_retries_on_days_1_3_5_7_then_ends():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        set_card_behaviour(sub.payment_method.token, DECLINE)
        trial_end = sub.trial_end
        mail.outbox.clear()
        attempts_by_day = {}
        for hours in range(0, 9 * 24, 6):
            moment = trial_end + timedelta(hours=hours)
            before = BillingPeriod.objects.filter(subscription=sub).values_list("attempts", flat=True).first() or 0
            run(moment)
            after = BillingPeriod.objects.get(subscription=sub).attempts
            if after != before:
                attempts_by_day[hours / 24] = after
            if hours == 24 * 2:
                clock.move_to(moment)
                assert reader_is_entitled(user=reader) is True  # in grace
    sub.refresh_from_db()
    assert attempts_by_day == {0.0: 1, 1.0: 2, 3.0: 3, 5.0: 4, 7.0: 5}
    assert sub.status == Status.ENDED
    assert charged_total(sub) == 0
    assert [m.subject for m in mail.outbox] == ["We could not take your subscription payment"] * 4 + [
        "Your subscription has ended"
    ]
    assert "/subscriptions/card/" in mail.outbox[0].body
    assert [e.cause for e in sub.events.all()] == ["trial_started"] + ["payment_failed"] * 4 + ["retries_exhausted"]


def test_updating_the_card_while_past_due_charges_once_and_reactivates():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        set_card_behaviour(sub.payment_method.token, DECLINE)
        run(sub.trial_end)
        sub.refresh_from_db()
        assert sub.status == Status.PAST_DUE
        clock.move_to(sub.trial_end + timedelta(hours=5))
        from newsdesk.subscriptions.services.subscriptions import payment_method_update

        with commit_callbacks():
            sub = payment_method_update(subscription=sub, card=make_card(), gateway=TestGateway())
    assert sub.status == Status.ACTIVE
    assert charged_total(sub) == 7500
    # The paid period is the one that failed: no gap, no double period.
    assert sub.current_period_start == T0 + timedelta(days=14)
    run(T0 + timedelta(days=20))
    assert Payment.objects.count() == 1


def test_resubscribing_after_the_end_gets_no_new_trial_and_is_charged_at_once():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        first = start(reader)
        clock.move_to(T0 + timedelta(days=2))
        with commit_callbacks():
            subscription_cancel(subscription=first)
        run(T0 + timedelta(days=15))
        clock.move_to(T0 + timedelta(days=30))
        second = start(reader)
    assert second.status == Status.ACTIVE
    assert second.trial_end is None
    assert charged_total(second) == 7500
    assert second.current_period_start == T0 + timedelta(days=30)
    assert [e.cause for e in second.events.all()] == ["paid_start", "renewed"]


def test_a_card_that_had_a_trial_gives_no_trial_to_another_account():
    card = make_card()
    with time_machine.travel(T0, tick=False):
        start(make_reader(), card=card)
        other = start(make_reader(), card=make_card(exp_month=card.exp_month, exp_year=card.exp_year))
    assert other.status == Status.ACTIVE
    assert charged_total(other) == 7500


def test_a_declined_card_on_a_paid_start_leaves_no_subscription_and_no_charge():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        first = start(reader)
        clock.move_to(T0 + timedelta(days=1))
        with commit_callbacks():
            subscription_cancel(subscription=first)
        run(T0 + timedelta(days=15))
        with pytest.raises(SubscriptionError) as error:
            start(reader, card=make_card(DECLINE_CARD))
    assert str(error.value) == "Your card was not charged: the payment was declined (declined). Try another card."
    assert Subscription.objects.filter(user=reader).count() == 1
    assert Payment.objects.count() == 0


def test_double_submit_makes_one_subscription():
    reader = make_reader()
    card = make_card()
    with time_machine.travel(T0, tick=False):
        start(reader, card=card)
        with pytest.raises(SubscriptionError) as error:
            start(reader, card=card)
    assert str(error.value) == ALREADY_SUBSCRIBED
    assert Subscription.objects.filter(user=reader).count() == 1
    assert SubscriptionEvent.objects.count() == 1


def test_timeout_whose_charge_went_through_is_found_by_reference_and_recorded_once():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader, card=make_card(TIMEOUT_CHARGED_CARD))
    report = run(sub.trial_end)
    assert (report.charged, report.unknown) == (0, 1)
    assert BillingPeriod.objects.get().state == BillingPeriod.State.UNKNOWN
    report = run(sub.trial_end)  # the very next run looks it up, whatever its re-check time
    assert report.charged == 1
    assert run(sub.trial_end + timedelta(minutes=11)).charged == 0
    assert charged_total(sub) == 7500
    assert TestGatewayCharge.objects.count() == 1


def test_timeout_that_charged_nothing_counts_as_a_failed_attempt():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader, card=make_card(TIMEOUT_NOT_CHARGED_CARD))
    run(sub.trial_end)
    run(sub.trial_end + timedelta(minutes=11))
    sub.refresh_from_db()
    assert sub.status == Status.PAST_DUE
    assert BillingPeriod.objects.get().last_failure == "no_charge_after_timeout"
    assert TestGatewayCharge.objects.count() == 0


def test_a_run_killed_after_charging_is_finished_by_the_next_run_without_a_second_charge():
    readers = [make_reader() for _ in range(3)]
    with time_machine.travel(T0, tick=False) as clock:
        subs = [start(r) for r in readers]
        with mock.patch.object(billing, "settle", side_effect=KeyboardInterrupt("killed")):
            with pytest.raises(KeyboardInterrupt):
                run(T0 + timedelta(days=15))
        assert TestGatewayCharge.objects.count() == 3  # the gateway charged; we recorded nothing
        assert Payment.objects.count() == 0
        run(T0 + timedelta(days=15))  # the lease still holds: nothing happens
        assert Payment.objects.count() == 0
        clock.move_to(T0 + timedelta(minutes=11))
        report = run(T0 + timedelta(days=15))
    assert report.charged == 3
    assert TestGatewayCharge.objects.count() == 3
    assert sorted(charged_total(s) for s in subs) == [7500, 7500, 7500]


def test_a_reader_who_cancels_after_a_run_charged_but_recorded_nothing_gets_the_charge_recorded_not_repeated():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        trial_end = sub.trial_end
        clock.move_to(trial_end)
        with mock.patch.object(billing, "settle", side_effect=KeyboardInterrupt("killed")):
            with pytest.raises(KeyboardInterrupt):
                run(trial_end)
        assert TestGatewayCharge.objects.filter(succeeded=True).count() == 1 and Payment.objects.count() == 0
        subscription_cancel(subscription=sub)  # the trial is over, but nothing says so yet
        sub.refresh_from_db()
        assert sub.status == Status.CANCELLED and sub.due_at == trial_end  # still due: for a look-up
        for days in (1, 4, 8, 12):  # runs after the lease has lapsed
            clock.move_to(trial_end + timedelta(days=days))
            run(trial_end + timedelta(days=days))
        # The money the gateway took is in the ledger, once, and buys the month; nothing else was charged.
        sub.refresh_from_db()
        assert TestGatewayCharge.objects.filter(succeeded=True).count() == 1 == Payment.objects.count()
        assert charged_total(sub) == 7500
        assert sub.status == Status.CANCELLED and sub.due_at is None
        assert sub.access_until == sub.current_period_end and reader_is_entitled(user=reader)
        run(sub.current_period_end)
    sub.refresh_from_db()
    assert sub.status == Status.ENDED and TestGatewayCharge.objects.count() == 1


def test_a_cancelled_subscription_with_nothing_unrecorded_is_never_charged_again():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
        subscription_cancel(subscription=sub)
    sub.refresh_from_db()
    assert sub.due_at is None
    for days in (15, 30, 45):
        run(T0 + timedelta(days=days))
    assert TestGatewayCharge.objects.count() == 0 and Payment.objects.count() == 0
    sub.refresh_from_db()
    assert sub.status == Status.ENDED


def test_trial_reminder_is_sent_once_three_days_before_the_end():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
    mail.outbox.clear()
    run(T0 + timedelta(days=10))
    assert mail.outbox == []
    run(T0 + timedelta(days=11, minutes=1))
    run(T0 + timedelta(days=12))
    assert [m.subject for m in mail.outbox] == ["Your free trial ends on 24 January 2026"]
    assert "will be charged R75.00" in mail.outbox[0].body
    assert mail.outbox[0].to == [reader.email]
    sub.refresh_from_db()
    assert sub.trial_reminder_sent_at is not None


def test_resume_before_the_end_keeps_the_billing_dates():
    reader = make_reader()
    with time_machine.travel(T0, tick=False) as clock:
        sub = start(reader)
        clock.move_to(T0 + timedelta(days=3))
        with commit_callbacks():
            subscription_cancel(subscription=sub)
        sub = subscription_resume(subscription=sub)
    assert sub.status == Status.TRIALING
    assert sub.due_at == T0 + timedelta(days=14)
    run(T0 + timedelta(days=14))
    assert charged_total(sub) == 7500


def test_account_summary_shows_next_charge_date_and_amount():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        start(reader)
        summary = account_summary(user=reader)
    assert (summary.status_label, summary.trial_end, summary.next_charge_date, summary.next_charge_amount) == (
        "Free trial",
        "24 January 2026",
        "24 January 2026",
        "R75.00",
    )


def test_card_behaviour_helper_can_restore_success():
    reader = make_reader()
    with time_machine.travel(T0, tick=False):
        sub = start(reader)
    set_card_behaviour(sub.payment_method.token, DECLINE)
    set_card_behaviour(sub.payment_method.token, SUCCESS)
    run(sub.trial_end)
    assert charged_total(sub) == 7500

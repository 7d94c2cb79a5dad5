"""Small pieces: calendar periods, money formatting, the state machine, entitlement, the billing command."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import override_settings

from newsdesk.subscriptions.models import Status, Subscription, format_money
from newsdesk.subscriptions.periods import add_months, period_bounds
from newsdesk.subscriptions.selectors import reader_is_entitled
from newsdesk.subscriptions.state import InvalidTransition, transition


def sast(y, m, d, h=10):
    return datetime(y, m, d, h - 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (sast(2026, 1, 31), 1, sast(2026, 2, 28)),
        (sast(2028, 1, 31), 1, sast(2028, 2, 29)),
        (sast(2026, 1, 31), 2, sast(2026, 3, 31)),
        (sast(2026, 1, 31), 3, sast(2026, 4, 30)),
        (sast(2026, 11, 30), 3, sast(2027, 2, 28)),
        (sast(2026, 12, 15), 1, sast(2027, 1, 15)),
        (sast(2028, 2, 29), 12, sast(2029, 2, 28)),
        # 23:30 UTC on 31 Jan is already 1 Feb in Johannesburg: months count from the local date.
        (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), 1, datetime(2026, 2, 28, 23, 30, tzinfo=UTC)),
    ],
)
def test_add_months_clamps_to_the_end_of_short_months_and_never_drifts(anchor, months, expected):
    assert add_months(anchor, months) == expected


def test_add_months_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        add_months(datetime(2026, 1, 1), 1)  # noqa: DTZ001


def test_period_bounds_of_an_annual_plan():
    assert period_bounds(anchor=sast(2026, 2, 28), months_per_period=12, index=1) == (
        sast(2027, 2, 28),
        sast(2028, 2, 28),
    )


def test_format_money():
    assert format_money(7500, "ZAR") == "R75.00"
    assert format_money(123456789, "ZAR") == "R1 234 567.89"
    assert format_money(-5, "USD") == "-$0.05"
    assert format_money(1, "KES") == "KES 0.01"


def test_state_machine_refuses_moves_it_does_not_know():
    sub = Subscription(status=Status.ENDED)
    with pytest.raises(InvalidTransition):
        transition(sub, Status.ACTIVE, cause="renewed", at=sast(2026, 1, 1))
    assert sub.status == Status.ENDED
    sub = Subscription(status=Status.TRIALING)
    with pytest.raises(InvalidTransition):
        transition(sub, Status.ENDED, cause="whim", at=sast(2026, 1, 1))


@pytest.mark.django_db
def test_entitlement_for_anonymous_readers_non_subscribers_and_staff():
    User = get_user_model()
    assert reader_is_entitled(user=None) is False
    assert reader_is_entitled(user=AnonymousUser()) is False
    assert reader_is_entitled(user=User.objects.create_user("plain", "plain@example.org", "pw-long-enough")) is False
    staff = User.objects.create_user("desk", "desk@example.org", "pw-long-enough", is_staff=True)
    assert reader_is_entitled(user=staff) is True


@pytest.mark.django_db
@override_settings(SUBSCRIPTIONS_TEST_CLOCK=False)
def test_billing_run_at_is_refused_without_the_test_clock():
    with pytest.raises(CommandError, match="refused here"):
        call_command("billing", "run", "--at", "2026-03-01T09:00:00+02:00")


@pytest.mark.django_db
@override_settings(SUBSCRIPTIONS_TEST_CLOCK=True, SUBSCRIPTIONS_GATEWAY="paystack", PAYSTACK_SECRET_KEY="sk_x")
def test_billing_run_at_is_refused_with_a_real_gateway():
    with pytest.raises(CommandError, match="refused here"):
        call_command("billing", "run", "--at", "2026-03-01T09:00:00+02:00")


@pytest.mark.django_db
@override_settings(SUBSCRIPTIONS_TEST_CLOCK=True)
def test_billing_run_at_with_the_test_clock():
    out = StringIO()
    with pytest.raises(CommandError, match="UTC offset"):
        call_command("billing", "run", "--at", "2026-03-01T09:00:00")
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("billing", "run", "--at", "yesterday")
    call_command("billing", "run", "--at", "2026-03-01T09:00:00+02:00", stdout=out)
    assert out.getvalue().startswith("Billing run at 2026-03-01T09:00:00+02:00: 0 charged (0 minor units)")


def test_production_settings_refuse_the_test_clock():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base", "SECRET_KEY": "k" * 50,
           "DATABASE_URL": "sqlite:////tmp/nd-subs-clock.sqlite3", "SUBSCRIPTIONS_GATEWAY": "test"}  # fmt: skip
    code = "import django; django.setup(); from django.conf import settings; print(settings.SUBSCRIPTIONS_TEST_CLOCK)"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    from newsdesk.subscriptions.demo import loader

    from .factories import premium

    premium()
    out = StringIO()
    loader.load(stdout=out)
    loader.load(stdout=out)
    assert Subscription.objects.filter(user__username=loader.DEMO_READER, status=Status.TRIALING).count() == 1
    assert out.getvalue().count("Demo subscriber:") == 1

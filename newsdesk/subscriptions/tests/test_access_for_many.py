"""`users_with_access` (many readers at once, in SQL) agrees with `subscription_gives_access` (one subscription)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from newsdesk.subscriptions.models import Status, Subscription
from newsdesk.subscriptions.selectors import subscription_gives_access, users_with_access

from .factories import make_reader, premium

pytestmark = pytest.mark.django_db

AT = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
CASES = [
    {"status": Status.TRIALING},
    {"status": Status.ACTIVE},
    {"status": Status.PAST_DUE, "past_due_since": AT - timedelta(days=1)},
    {"status": Status.PAST_DUE, "past_due_since": AT - timedelta(days=30)},
    {"status": Status.PAST_DUE, "past_due_since": None},
    {"status": Status.CANCELLED, "access_until": AT + timedelta(hours=1)},
    {"status": Status.CANCELLED, "access_until": AT - timedelta(hours=1)},
    {"status": Status.CANCELLED, "access_until": None},
    {"status": Status.ENDED},
]


@pytest.mark.parametrize("retry_days", [[1, 3, 7], []])
def test_the_many_readers_rule_is_the_one_subscription_rule(retry_days):
    plan = premium()
    subscriptions = [
        Subscription.objects.create(user=make_reader(), plan=plan, created_at=AT, anchor=AT, **case) for case in CASES
    ]
    with override_settings(SUBSCRIPTIONS_RETRY_DAYS=retry_days):
        expected = {s.user_id for s in subscriptions if subscription_gives_access(s, at=AT)}
        assert set(users_with_access(at=AT).values_list("user_id", flat=True)) == expected
    assert len(expected) == (5 if retry_days else 3)

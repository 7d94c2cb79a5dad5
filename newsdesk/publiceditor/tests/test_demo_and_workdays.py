"""The demo loader is idempotent; working days skip weekends and South African public holidays."""

import datetime as dt

import pytest

from newsdesk.news.tests.factories import newsroom
from newsdesk.publiceditor.demo import loader
from newsdesk.publiceditor.models import Case, Correction
from newsdesk.publiceditor.workdays import add_working_days, is_working_day, working_days_late


@pytest.mark.django_db
def test_demo_loader_runs_twice_and_creates_nothing_new():
    newsroom(articles=2)
    loader.load()
    loader.load()
    assert Case.objects.count() == 5
    assert Correction.objects.count() == 1
    assert Case.objects.filter(state="closed").count() == 1


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (dt.date(2026, 11, 27), 2, dt.date(2026, 12, 1)),  # Friday -> Tuesday
        (dt.date(2026, 11, 28), 2, dt.date(2026, 12, 1)),  # Saturday counts from Monday
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Good Friday and Family Day
        (dt.date(2026, 6, 15), 1, dt.date(2026, 6, 17)),  # Youth Day
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_working_days_late_and_holidays():
    assert not is_working_day(dt.date(2026, 12, 16))  # Day of Reconciliation
    assert working_days_late(dt.date(2026, 12, 15), dt.date(2026, 12, 18)) == 2
    assert working_days_late(dt.date(2026, 12, 15), dt.date(2026, 12, 15)) == 0

"""A failing ECB fetch backs off (2, 4, 8, ... minutes, at most an hour), says why in the log, and success resets it."""

import logging
import urllib.error
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from newsdesk.markets import refresh
from newsdesk.markets.models import Provider, Quote
from newsdesk.markets.tasks import markets_refresh
from newsdesk.markets.tests.factories import provider

pytestmark = pytest.mark.django_db

DAILY = (Path(__file__).parent / "data" / "eurofxref-daily.xml").read_bytes()
START = datetime(2031, 3, 3, 8, 0, tzinfo=UTC)


class FakeTransport:
    """Stand in for urllib's urlopen: refuse the connection, or answer with the ECB's daily file."""

    def __init__(self) -> None:
        self.up = False
        self.attempts: list[int] = []  # minutes after START

    def __call__(self, request, timeout: float):
        self.attempts.append(int((timezone.now() - START).total_seconds() // 60))
        if not self.up:
            raise urllib.error.URLError("Connection refused")
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def read(self, limit: int) -> bytes:
        return DAILY


@pytest.fixture
def transport(monkeypatch) -> FakeTransport:
    fake = FakeTransport()
    monkeypatch.setattr("urllib.request.urlopen", fake)
    Provider.objects.filter(slug="ecb").update(refresh_every_minutes=60, last_refreshed_at=None)
    return fake


def _scheduler_runs_the_refresh_every_minute(minutes: range) -> None:
    for minute in minutes:
        with time_machine.travel(START + timedelta(minutes=minute), tick=False):
            markets_refresh.call()


def _logged(caplog) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "newsdesk.markets.refresh"]


def test_failures_back_off_to_an_hour_are_logged_with_the_reason_at_most_hourly_and_success_resets(transport, caplog):
    caplog.set_level(logging.INFO, logger="newsdesk.markets.refresh")
    _scheduler_runs_the_refresh_every_minute(range(0, 182))
    assert transport.attempts == [0, 2, 6, 14, 30, 62, 122]
    reason = "ECB download failed: <urlopen error Connection refused>"
    assert _logged(caplog) == [
        (
            "WARNING",
            f"markets provider ecb refresh failed (1 in a row): {reason}; next attempt at 2031-03-03T08:02:00+00:00",
        ),
        (
            "WARNING",
            f"markets provider ecb refresh failed (6 in a row): {reason}; next attempt at 2031-03-03T10:02:00+00:00",
        ),
        (
            "WARNING",
            f"markets provider ecb refresh failed (7 in a row): {reason}; next attempt at 2031-03-03T11:02:00+00:00",
        ),
    ]
    assert refresh.backoff_state(provider("ecb")) == {
        "failures": 7,
        "next_attempt": (START + timedelta(minutes=182)).timestamp(),
        "logged_at": (START + timedelta(minutes=122)).timestamp(),
    }
    assert Quote.objects.count() == 0

    caplog.clear()
    transport.up = True
    _scheduler_runs_the_refresh_every_minute(range(182, 250))
    assert transport.attempts[7:] == [182, 242]  # back to the provider's own interval, an hour
    assert _logged(caplog) == [("INFO", "markets provider ecb refreshed again after 7 failures")]
    assert refresh.backoff_state(provider("ecb")) is None
    assert Quote.objects.filter(source="ecb").count() == 5

    caplog.clear()
    transport.up = False
    _scheduler_runs_the_refresh_every_minute(range(302, 306))
    assert transport.attempts[9:] == [302, 304]  # a new streak starts again at two minutes
    assert _logged(caplog) == [
        (
            "WARNING",
            f"markets provider ecb refresh failed (1 in a row): {reason}; next attempt at 2031-03-03T13:04:00+00:00",
        ),
    ]

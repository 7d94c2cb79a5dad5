"""The staleness rule counts trading time only, and the admin warns about stale feeds."""

import pytest
import time_machine

from newsdesk.core.tests.factories import make_staff
from newsdesk.markets import selectors
from newsdesk.markets.models import Instrument
from newsdesk.markets.tests.factories import add_quote, sast

pytestmark = pytest.mark.django_db


def _stale(code: str, newest, now) -> bool:
    instrument = Instrument.objects.select_related("exchange", "provider").get(code=code)
    holidays = selectors.holidays_by_exchange(start=now.date().replace(day=1), end=now.date()).get(
        instrument.exchange_id or 0, set()
    )
    return selectors.is_stale(instrument=instrument, newest=newest, now=now, holidays=holidays)


@pytest.mark.parametrize(
    ("newest", "now", "stale"),
    [
        (sast(2026, 11, 27, 11, 30), sast(2026, 11, 27, 12, 0), False),  # 30 minutes: at the window
        (sast(2026, 11, 27, 11, 29), sast(2026, 11, 27, 12, 0), True),  # 31 minutes in session
        (sast(2026, 11, 27, 17, 0), sast(2026, 11, 28, 12, 0), False),  # Saturday: no session
        (sast(2026, 11, 27, 17, 0), sast(2026, 11, 30, 9, 20), False),  # Monday, 20 minutes after the open
        (sast(2026, 11, 27, 17, 0), sast(2026, 11, 30, 9, 31), True),  # Monday, 31 minutes after the open
        (sast(2026, 11, 27, 16, 50), sast(2026, 11, 27, 20, 0), False),  # evening: 10 minutes of session silence
        (sast(2026, 12, 15, 17, 0), sast(2026, 12, 16, 12, 0), False),  # Day of Reconciliation: JSE holiday
        (None, sast(2026, 11, 27, 12, 0), True),  # never fed
    ],
)
def test_jse_staleness_counts_only_session_time(newest, now, stale):
    assert _stale("J200", newest, now) is stale


@pytest.mark.parametrize(
    ("newest", "now", "stale"),
    [
        (sast(2026, 11, 27, 17, 0), sast(2026, 11, 30, 10, 0), False),  # Friday's rate on Monday morning
        (sast(2026, 11, 30, 17, 0), sast(2026, 12, 1, 18, 59), False),  # 25h59m later
        (sast(2026, 11, 30, 17, 0), sast(2026, 12, 1, 19, 1), True),  # Tuesday's rate missing past 26 hours
    ],
)
def test_ecb_daily_rate_staleness_allows_a_day_and_skips_weekends(newest, now, stale):
    assert _stale("ZARUSD", newest, now) is stale


def test_a_stale_row_shows_its_last_value_with_date_and_time():
    add_quote("BRENT", sast(2026, 11, 27, 9, 0), "63.00")
    with time_machine.travel(sast(2026, 11, 27, 12, 0), tick=False):
        row = next(r for r in selectors.markets_panel(now=sast(2026, 11, 27, 12, 0)).rows if r.code == "BRENT")
    assert row.is_stale is True
    assert row.value_text == "63.00"
    assert row.time_label == "Last update Fri 27 Nov 09:00 SAST"


def test_admin_dashboard_warns_about_stale_feeds(client):
    add_quote("BRENT", sast(2026, 11, 27, 9, 0), "63.00")
    for code in ["ZARUSD", "ZARGBP", "ZAREUR", "ZARAUD", "ZARJPY"]:
        add_quote(code, sast(2026, 11, 26, 17, 0), "17.00")
    for code in ["J200", "J203", "J210", "J211", "J212"]:
        add_quote(code, sast(2026, 11, 27, 11, 50), "90000.00")
    client.force_login(make_staff("Markets desk"))
    with time_machine.travel(sast(2026, 11, 27, 12, 0), tick=True):
        html = client.get("/admin/").content.decode()
    assert "Market data feed is stale" in html
    assert "No new value for 1 instrument(s) within their feed&#x27;s window on a trading day: BRENT." in html
    assert "Brent Crude (BRENT, Licensed market-data vendor): last value Fri 27 Nov 09:00 SAST" in html
    client.force_login(make_staff("Editors"))  # not theirs to fix: their dashboard does not carry it
    with time_machine.travel(sast(2026, 11, 27, 12, 0), tick=True):
        assert "Market data feed is stale" not in client.get("/admin/").content.decode()


def test_admin_dashboard_is_quiet_when_feeds_are_fresh(client):
    for code in ["ZARUSD", "ZARGBP", "ZAREUR", "ZARAUD", "ZARJPY"]:
        add_quote(code, sast(2026, 11, 26, 17, 0), "17.00")
    for code in ["BRENT", "J200", "J203", "J210", "J211", "J212"]:
        add_quote(code, sast(2026, 11, 27, 11, 50), "90000.00")
    client.force_login(make_staff("Markets desk"))
    with time_machine.travel(sast(2026, 11, 27, 12, 0), tick=True):
        assert "Market data feed is stale" not in client.get("/admin/").content.decode()


def test_markets_admin_listings_load_with_search_and_filters(client):
    client.force_login(make_staff("Markets desk"))
    for model in ["instrument", "exchange", "exchangeholiday", "provider", "quote"]:
        assert client.get(f"/admin/snippets/markets/{model}/?q=J").status_code == 200, model
    listing = client.get("/admin/snippets/markets/instrument/?group=jse").content.decode()
    assert "Top 40" in listing and "Rand - Dollar" not in listing

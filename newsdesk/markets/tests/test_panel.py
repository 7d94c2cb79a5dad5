"""The panel's rows, labels and caching, and the licensed-delay rule with a moved clock."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from newsdesk.markets import selectors
from newsdesk.markets.models import Instrument
from newsdesk.markets.panel import panel_html
from newsdesk.markets.providers import QuoteIn
from newsdesk.markets.services import quotes_store
from newsdesk.markets.tests.factories import add_quote, provider, sast

pytestmark = pytest.mark.django_db
FRIDAY_NOON = sast(2026, 11, 27, 12, 0)


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr class="markets-row[^"]*" data-code="{code}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {code}"
    return " ".join(match.group(1).split())


def _jse_day():
    add_quote("J200", sast(2026, 11, 26, 17, 0), "90000.00")  # Thursday's close
    add_quote("J200", sast(2026, 11, 27, 11, 30), "90900.00")
    add_quote("J200", sast(2026, 11, 27, 11, 50), "91234.56")  # 10 minutes old at noon: held back


# --- the delay rule ----------------------------------------------------------------------------------------------


def test_display_cutoff_is_fifteen_minutes_for_the_jse_and_now_elsewhere():
    top40 = Instrument.objects.select_related("exchange").get(code="J200")
    brent = Instrument.objects.select_related("exchange").get(code="BRENT")
    assert selectors.display_cutoff(instrument=top40, now=FRIDAY_NOON) == sast(2026, 11, 27, 11, 45)
    assert selectors.display_cutoff(instrument=brent, now=FRIDAY_NOON) == FRIDAY_NOON


def test_a_jse_value_is_never_shown_before_it_is_fifteen_minutes_old():
    _jse_day()
    with time_machine.travel(FRIDAY_NOON, tick=False):
        assert "90,900.00" in _row(panel_html(), "J200")
    with time_machine.travel(sast(2026, 11, 27, 12, 4, 59), tick=False):
        assert "90,900.00" in _row(panel_html(), "J200")  # cached copy, still correct
    with time_machine.travel(sast(2026, 11, 27, 12, 5), tick=False):
        row = _row(panel_html(), "J200")  # the held-back value came of age: the cache knew to expire
        assert "91,234.56" in row
        assert "as at 11:50 SAST" in row


def test_a_quote_pushed_now_appears_no_earlier_than_fifteen_minutes_later():
    with time_machine.travel(FRIDAY_NOON, tick=False):
        add_quote("J203", sast(2026, 11, 27, 11, 0), "100000.00")
        assert "100,000.00" in _row(panel_html(), "J203")
        quotes_store(provider=provider("vendor"), quotes=[QuoteIn("J203", FRIDAY_NOON, Decimal("100500"))])
    for minute, expected in [(1, "100,000.00"), (14, "100,000.00"), (15, "100,500.00")]:
        with time_machine.travel(FRIDAY_NOON + timedelta(minutes=minute), tick=False):
            assert expected in _row(panel_html(), "J203"), minute
        with time_machine.travel(FRIDAY_NOON + timedelta(minutes=minute, seconds=-1), tick=False):
            if minute == 15:
                assert "100,500.00" not in _row(panel_html(), "J203")


def test_the_latest_api_and_the_panel_fragment_apply_the_delay_too(client):
    _jse_day()
    with time_machine.travel(FRIDAY_NOON, tick=False):
        latest = {row["code"]: row for row in client.get("/markets/api/v1/latest").json()["instruments"]}
        fragment = client.get("/markets/panel/").content.decode()
    assert latest["J200"]["value"] == "90900.000000"
    assert latest["J200"]["as_of"] == "2026-11-27T09:30:00+00:00"
    assert "91,234.56" not in fragment and "90,900.00" in fragment


def test_a_future_dated_quote_of_an_undelayed_instrument_is_not_shown():
    add_quote("BRENT", sast(2026, 11, 27, 11, 0), "63.10")
    add_quote("BRENT", sast(2026, 11, 27, 13, 0), "64.00")
    with time_machine.travel(FRIDAY_NOON, tick=False):
        assert "63.10" in _row(panel_html(), "BRENT")


# --- rows and labels ---------------------------------------------------------------------------------------------


def test_panel_shows_the_eleven_instruments_in_order_with_the_delay_line_and_attribution():
    with time_machine.travel(FRIDAY_NOON, tick=False):
        html = panel_html()
    codes = re.findall(r'data-code="(\w+)"', html)
    assert codes == ["ZARUSD", "ZARGBP", "ZAREUR", "ZARAUD", "ZARJPY", "BRENT", "J200", "J203", "J210", "J211", "J212"]
    assert html.count('<p class="markets-delay">All JSE data delayed by at least 15 minutes</p>') == 1
    assert "<caption>JSE indices</caption>" in html
    assert "Data: <a href=" in html and "European Central Bank</a>" in html
    assert "Licensed market-data vendor" in html
    assert "No data yet" in _row(html, "J212")


def test_row_shows_change_and_percent_against_previous_close_with_glyph_and_sign():
    _jse_day()
    add_quote("BRENT", sast(2026, 11, 26, 22, 0), "64.00")
    add_quote("BRENT", sast(2026, 11, 27, 11, 45), "63.36")
    with time_machine.travel(FRIDAY_NOON, tick=False):
        html = panel_html()
    top40 = _row(html, "J200")
    # 90 900.00 - 90 000.00 = +900.00; 900 / 90 000 = +1.00%
    assert '<span aria-hidden="true">▲</span> <span class="visually-hidden">up</span> +900.00' in top40
    assert "(+1.00%)" in top40
    assert "markets-change--up" in top40
    brent = _row(html, "BRENT")
    # 63.36 - 64.00 = -0.64; -0.64 / 64 = -1.00%
    assert '<span aria-hidden="true">▼</span> <span class="visually-hidden">down</span> −0.64' in brent
    assert "(−1.00%)" in brent
    assert "as at 11:45 SAST" in brent


def test_sparkline_is_an_inline_svg_with_a_text_alternative():
    for minute, value in enumerate(["63.00", "63.50", "64.00"]):
        add_quote("BRENT", sast(2026, 11, 27, 10, minute), value)
    with time_machine.travel(FRIDAY_NOON, tick=False):
        row = _row(panel_html(), "BRENT")
    assert 'role="img" aria-label="Trend over the last 3 readings: rising"' in row
    assert '<polyline points="2.0,22.0 40.0,12.0 78.0,2.0"' in row


def test_ecb_rates_are_labelled_as_reference_rates_with_their_date():
    add_quote("ZARUSD", sast(2026, 11, 26, 17, 0), "17.172919", source="ecb")
    add_quote("ZARUSD", sast(2026, 11, 27, 17, 0), "17.255834", source="ecb")
    with time_machine.travel(sast(2026, 11, 28, 10, 0), tick=False):
        row = _row(panel_html(), "ZARUSD")
    assert "ECB reference rate, 27 Nov" in row
    assert "17.2558" in row and "+0.0829" in row and "(+0.48%)" in row


def test_on_a_weekend_jse_rows_show_the_last_close_labelled_as_such():
    _jse_day()
    add_quote("J200", sast(2026, 11, 27, 17, 0), "91500.00")
    with time_machine.travel(sast(2026, 11, 28, 10, 0), tick=False):
        html = panel_html()
    row = _row(html, "J200")
    assert "Last close, Fri 27 Nov" in row
    assert "91,500.00" in row and "+1,500.00" in row
    assert "markets-row--stale" not in html[html.find('data-code="J200"') - 40 :][:60]


def test_every_value_from_the_demo_provider_is_labelled_demo_data():
    demo = provider("demo")
    Instrument.objects.filter(code__in=["J200", "BRENT"]).update(provider=demo)
    add_quote("J200", sast(2026, 11, 27, 11, 0), "90000.00", source="demo")
    add_quote("BRENT", sast(2026, 11, 27, 11, 0), "63.00", source="demo")
    with time_machine.travel(FRIDAY_NOON, tick=False):
        html = panel_html()
    assert '<span class="markets-demo">demo data</span>' in _row(html, "J200")
    assert '<span class="markets-demo">demo data</span>' in _row(html, "BRENT")
    assert "demo data" not in _row(html, "J203")
    assert "Newsdesk demo feed (demo data, not real prices)" in html
    assert "/static/markets/img/demo-vendor.svg" in html


# --- caching -----------------------------------------------------------------------------------------------------


def test_a_cached_panel_costs_no_query_and_a_new_quote_re_renders_it(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    add_quote("BRENT", sast(2026, 11, 27, 11, 0), "63.00")
    with time_machine.travel(FRIDAY_NOON, tick=False):
        render_to_string("markets/includes/sidebar_slot.html")
        with django_assert_num_queries(0):
            html = render_to_string("markets/includes/sidebar_slot.html")
        assert "63.00" in _row(html, "BRENT")
        with django_capture_on_commit_callbacks(execute=True):
            quotes_store(
                provider=provider("vendor"), quotes=[QuoteIn("BRENT", sast(2026, 11, 27, 11, 30), Decimal("63.50"))]
            )
        assert "63.50" in _row(render_to_string("markets/includes/sidebar_slot.html"), "BRENT")


def test_article_page_reads_no_market_tables_once_the_panel_is_cached(client):
    from newsdesk.news.tests.factories import make_article, newsroom

    room = newsroom(articles=0)
    article = make_article(room["africa"], "Rand firms")
    add_quote("BRENT", sast(2026, 11, 27, 11, 0), "63.00")
    with time_machine.travel(FRIDAY_NOON, tick=True):
        first = client.get(article.url, HTTP_CACHE_CONTROL="no-cache")
        assert 'data-code="BRENT"' in first.content.decode()
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(article.url + "?again=1")
    assert second.status_code == 200
    assert 'data-code="J212"' in second.content.decode()
    assert [q["sql"] for q in ctx.captured_queries if "markets_" in q["sql"]] == []


def test_editing_an_instrument_re_renders_the_panel(django_capture_on_commit_callbacks):
    with time_machine.travel(FRIDAY_NOON, tick=False):
        assert "Brent Crude" in panel_html()
        with django_capture_on_commit_callbacks(execute=True):
            brent = Instrument.objects.get(code="BRENT")
            brent.name = "Brent crude oil"
            brent.save()
        assert "Brent crude oil" in panel_html()


def test_quotes_are_read_only_through_the_selectors():
    """The delay rule has one door: no view, tag or template-facing module queries quotes itself."""
    from pathlib import Path

    app = Path(__file__).resolve().parent.parent
    for name in ["views.py", "panel.py", "templatetags/markets_tags.py", "openapi.py"]:
        source = (app / name).read_text()
        assert "Quote.objects" not in source and "markets_quote" not in source, name


def test_the_refresh_job_is_declared_as_a_periodic_task():
    from django.apps import apps

    assert apps.get_app_config("markets").periodic_tasks == {"newsdesk.markets.tasks.markets_refresh": 60}


def test_on_an_exchange_holiday_jse_rows_show_the_last_close():
    add_quote("J200", sast(2026, 12, 14, 17, 0), "90000.00")
    add_quote("J200", sast(2026, 12, 15, 17, 0), "90450.00")
    with time_machine.travel(sast(2026, 12, 16, 12, 0), tick=False):  # Day of Reconciliation, a Wednesday
        row = _row(panel_html(), "J200")
    assert "Last close, Tue 15 Dec" in row
    assert "+450.00" in row and "(+0.50%)" in row

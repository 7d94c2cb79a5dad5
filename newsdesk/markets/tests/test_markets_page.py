"""The markets page: every instrument with a chart, the delay and source rules, and the panel's link to it."""

import pytest
import time_machine
from django.test import Client, override_settings

from newsdesk.markets.models import Instrument
from newsdesk.markets.panel import panel_html
from newsdesk.markets.tests.factories import add_quote, sast

pytestmark = pytest.mark.django_db
FRIDAY_NOON = sast(2026, 11, 27, 12, 0)


def test_markets_page_lists_every_instrument_with_a_chart_and_states_the_delay_and_sources():
    add_quote("J200", sast(2026, 11, 26, 17, 0), "90000.00")
    add_quote("J200", sast(2026, 11, 27, 11, 30), "90900.00")
    add_quote("J200", sast(2026, 11, 27, 11, 50), "91234.56")  # 10 minutes old at noon: held back
    with time_machine.travel(FRIDAY_NOON, tick=False):
        response = Client().get("/markets/")
    body = response.content.decode()
    assert response.status_code == 200
    for instrument in Instrument.objects.filter(is_active=True):
        assert f'<h3 class="markets-card__name">{instrument.name}</h3>' in body, instrument.code
    assert "90,900.00" in body and "91,234.56" not in body  # the licensed delay holds here too
    assert 'class="markets-card__chart"' in body
    assert "All JSE data delayed by at least 15 minutes." in body
    assert "Where the figures come from" in body


@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
def test_markets_page_is_one_cached_copy_for_every_reader():
    first, second = Client().get("/markets/"), Client().get("/markets/")
    assert first.content == second.content
    assert not first.cookies and "public" in first["Cache-Control"]


def test_the_panel_links_to_the_markets_page():
    assert '<a href="/markets/">All markets, with charts and data rules</a>' in panel_html()

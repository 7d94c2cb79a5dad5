"""In a real browser: the page counts itself once after load, sends no cookie, and fills "Most read"."""

import datetime as dt

import pytest
from django.utils import timezone

from newsdesk.news.tests.factories import newsroom
from newsdesk.readership.models import HourlyViews, RawView

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Headless Chromium says "HeadlessChrome", which the bot list knows; a reader's browser says "Chrome".
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


@pytest.fixture
def page(browser):
    context = browser.new_context(user_agent=BROWSER)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    try:
        tab.goto("about:blank", timeout=5_000)
    finally:
        context.close()


def test_an_article_counts_its_reader_once_and_shows_the_most_read(page, live_server, settings):
    settings.READERSHIP_REDIS_URL = ""
    room = newsroom(articles=2)
    read, other = room["articles"]
    HourlyViews.objects.create(
        hour=timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1),
        page_id=other.pk,
        section_id=other.get_parent().pk,
        kind="search",
        views=40,
    )
    beacons = []
    page.on("request", lambda request: beacons.append(request) if "/readership/beacon" in request.url else None)
    page.goto(live_server.url + read.url)
    most_read = page.locator(".most-read")
    most_read.wait_for(state="visible")
    assert most_read.locator("a").all_inner_texts() == [other.title]
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/beacon'))")
    page.wait_for_timeout(300)
    assert len(beacons) == 1 and beacons[0].method == "POST"
    assert "cookie" not in beacons[0].all_headers()
    view = RawView.objects.get()
    assert (view.page_id, view.kind, len(view.reader)) == (read.pk, "direct", 32)

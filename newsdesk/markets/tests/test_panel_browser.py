"""A reader sees the markets panel in the article sidebar: eleven rows and the delay line, accessible."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from newsdesk.markets.demo import loader
from newsdesk.news.tests.factories import make_article, newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(live_server):
    from django.core.management import call_command

    # A transactional test flushes the seeded instruments; put them back as a fresh site has them.
    call_command("migrate", "markets", "0001", verbosity=0)
    call_command("migrate", "markets", verbosity=0)
    room = newsroom(articles=0)
    article = make_article(room["africa"], "Rand firms as oil eases")
    loader.load()
    return live_server.url + article.url


def test_reader_sees_eleven_market_rows_the_delay_line_and_demo_labels(page, story):
    page.goto(story)
    panel = page.get_by_role("region", name="Markets")
    assert panel.locator("tr.markets-row").count() == 11
    assert panel.get_by_text("All JSE data delayed by at least 15 minutes").is_visible()
    assert panel.locator(".markets-demo").count() == 11
    assert panel.get_by_role("img", name="Trend over the last").count() == 11
    assert panel.get_by_text("Newsdesk demo feed").is_visible()
    results = Axe().run(page, context=".markets-panel")
    assert results.violations_count == 0, results.generate_report()

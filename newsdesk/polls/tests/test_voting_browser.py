"""A reader in headless Chromium: vote without a reload, see the results, reload and still see "You voted"."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from newsdesk.news.tests.factories import newsroom
from newsdesk.polls.models import PollOption, Vote

from .factories import make_poll, tallies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_accessible(page, label: str) -> None:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


def test_reader_votes_sees_results_and_still_sees_the_vote_after_reload(page, live_server):
    room = newsroom(1)
    poll = make_poll("Should the city build a second bridge?", options=("Yes", "No"), votes=(3, 0))
    article = room["articles"][0]
    page.goto(live_server.url + article.url)
    widget = page.locator("[data-poll]")
    expect(widget.get_by_role("heading", name="Voting Booth")).to_be_visible()
    expect(widget).to_have_attribute("data-poll-ready", "1")
    _assert_accessible(page, "poll form")
    widget.get_by_label("Yes").check()
    widget.get_by_role("button", name="Vote").click()
    expect(widget.locator("[data-poll-voted]")).to_have_text("You voted: Yes")
    expect(widget.get_by_text("Yes: 100% - 4 votes")).to_be_visible()
    expect(widget.get_by_text("Total: 4 votes")).to_be_visible()
    assert page.url == live_server.url + article.url  # no reload, no navigation
    _assert_accessible(page, "poll results")
    page.reload()
    expect(page.locator("[data-poll] [data-poll-voted]")).to_have_text("You voted: Yes")
    assert Vote.objects.filter(poll=poll).count() == 1
    assert tallies(poll)[PollOption.objects.get(poll=poll, label="Yes").pk] == 4

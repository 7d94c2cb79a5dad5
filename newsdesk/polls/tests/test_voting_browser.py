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


def test_an_answer_the_widget_does_not_understand_becomes_its_own_message_not_pasted_markup(page, live_server):
    room = newsroom(1)
    make_poll("Should the city build a second bridge?", options=("Yes", "No"))
    page.goto(live_server.url + room["articles"][0].url)
    widget = page.locator("[data-poll]")
    expect(widget).to_have_attribute("data-poll-ready", "1")
    # A proxy in the way answers the vote with its own error page.
    page.route(
        "**/polls/*/vote",
        lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1><p>nginx</p>"),
    )
    widget.get_by_label("Yes").check()
    widget.get_by_role("button", name="Vote").click()
    expect(widget.get_by_role("alert")).to_have_text("Oops! Something went wrong, please try again later.")
    expect(widget.get_by_text("Bad Gateway")).to_have_count(0)
    expect(widget.get_by_role("button", name="Vote")).to_be_enabled()
    assert Vote.objects.count() == 0

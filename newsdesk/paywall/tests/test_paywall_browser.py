"""The paywall in headless Chromium: the teaser and offer for everyone, the full body swapped in for subscribers."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.subscriptions.tests.factories import premium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "The ninth clause names the harbour's quiet creditor."
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.fixture
def site(live_server):
    plan = premium()  # a transactional test starts from an empty database: put the seeded plan back
    room = newsroom(articles=0)
    story = make_article(
        room["africa"],
        "The harbour's creditors",
        standfirst="Who lent the harbour money.",
        body=[
            paragraph("Open paragraph one."),
            paragraph("Open paragraph two."),
            ("subheading", "The ledger"),
            paragraph("Closed paragraph three."),
            paragraph(SECRET),
        ],
        premium=True,
    )
    return {"url": live_server.url, "story": story, "plan": plan}


def _sign_in(page, live_server_url: str, django_user_model, *, staff: bool) -> None:
    user = django_user_model.objects.create_user(
        "staffer" if staff else "reader", "someone@example.com", "pw-long-enough-1", is_staff=staff
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server_url}])


def _assert_accessible(page, label: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label}: {results.generate_report()}"


def _open_and_await_the_fragment(page, url: str) -> int:
    with page.expect_response(lambda response: response.url.endswith("/body")) as fragment:
        page.goto(url)
    return fragment.value.status


def test_anonymous_reader_sees_the_teaser_and_the_offer(page, site):
    assert _open_and_await_the_fragment(page, site["url"] + site["story"].url) == 204  # "not for you", no error
    offer = page.locator("[data-paywall-offer]")
    assert offer.is_visible()
    assert f"Try everything free for {site['plan'].trial_days} days." in offer.inner_text()
    assert f"After that, {site['plan'].price_display} per month." in offer.inner_text()
    body = page.locator(".article__body").inner_text()
    assert "Open paragraph two." in body
    assert "Closed paragraph three." not in body and SECRET not in page.content()
    _assert_accessible(page, "premium article, teaser")


def test_subscriber_gets_the_full_body_swapped_in(page, site, django_user_model):
    _sign_in(page, site["url"], django_user_model, staff=True)
    page.goto(site["url"] + site["story"].url)
    page.wait_for_selector('[data-paywall-state="full"]')
    body = page.locator(".article__body").inner_text()
    assert "Open paragraph one." in body and "Closed paragraph three." in body and SECRET in body
    assert body.count("Open paragraph one.") == 1
    assert not page.locator("[data-paywall-offer]").is_visible()
    _assert_accessible(page, "premium article, full")


def test_non_subscriber_keeps_the_teaser_and_without_js_gets_the_reason(page, site, django_user_model):
    _sign_in(page, site["url"], django_user_model, staff=False)
    assert _open_and_await_the_fragment(page, site["url"] + site["story"].url) == 204  # "not for you", no error
    assert page.locator("[data-paywall-offer]").is_visible()
    assert SECRET not in page.content()
    page.get_by_role("link", name="Read the full article").click()
    assert "Your account has no active subscription" in page.locator(".paywall-message").inner_text()
    _assert_accessible(page, "paywall refusal")


def test_subscriber_without_js_reads_the_full_page(browser, site, django_user_model):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        _sign_in(tab, site["url"], django_user_model, staff=True)
        tab.goto(site["url"] + site["story"].url)
        tab.get_by_role("link", name="Subscribers: read the full article").click()  # the <noscript> link
        assert SECRET in tab.locator("#paywall-full-body").inner_text()
        tab.get_by_role("link", name="Back to the article page").click()
        tab.wait_for_url(f"**{site['story'].url}")
    finally:
        context.close()

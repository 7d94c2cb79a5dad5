"""The subscribe flow in headless Chromium: plan, the test gateway's card form, the trial on the account page,
the full text of a premium article while trialing, and cancelling with the exact promise."""

import pytest
from django.conf import settings
from django.test import Client

from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.subscriptions.models import Status, Subscription
from newsdesk.subscriptions.selectors import local_date
from newsdesk.subscriptions.tests.factories import annual, make_reader, premium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "The fourth paragraph names the fund's second owner."


@pytest.fixture
def site(live_server):
    # A transactional test starts from an empty database: put the seeded plans back.
    premium()
    annual()
    room = newsroom(articles=0)
    story = make_article(
        room["africa"],
        "The fund's owners",
        standfirst="Who owns the fund.",
        body=[paragraph("Open paragraph one."), paragraph("Open paragraph two."), paragraph(SECRET)],
        premium=True,
    )
    return {"url": live_server.url, "story": story}


def _sign_in(page, url: str):
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])
    return reader


def test_reader_subscribes_reads_in_the_trial_and_cancels(page, site):
    reader = _sign_in(page, site["url"])
    page.goto(site["url"] + "/subscriptions/")
    page.get_by_label("Premium annual").check()
    page.locator("#plan-premium").check()
    page.get_by_role("button", name="Continue to payment").click()

    page.wait_for_url("**/subscriptions/test-gateway/card?**")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry month").fill("12")
    page.get_by_label("Expiry year").fill("2035")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Save card").click()

    page.wait_for_url("**/subscriptions/start/?**")
    assert "4242 4242 4242 4242" not in page.url and "4242424242424242" not in page.url
    page.get_by_role("button", name="Start my subscription").click()

    page.wait_for_url("**/account/")
    subscription = Subscription.objects.get(user=reader)
    assert (subscription.plan.slug, subscription.status) == ("premium", Status.TRIALING)
    trial_end = local_date(subscription.trial_end)
    account = page.locator("main").inner_text()
    assert f"Your free trial has started. You will not be charged before {trial_end}." in account
    assert "Free trial ends" in account and trial_end in account

    page.goto(site["url"] + site["story"].url)
    page.wait_for_selector('[data-paywall-state="full"]')
    assert SECRET in page.locator(".article__body").inner_text()

    page.goto(site["url"] + "/account/")
    page.get_by_role("link", name="Cancel subscription").click()
    page.wait_for_url("**/subscriptions/cancel/")
    assert page.locator(".subs__confirm").inner_text() == f"You will not be charged. Access ends on {trial_end}."
    page.get_by_role("button", name="Yes, cancel my subscription").click()
    page.wait_for_url("**/account/")
    assert f"You will not be charged. Access ends on {trial_end}." in page.locator("main").inner_text()
    subscription.refresh_from_db()
    assert subscription.status == Status.CANCELLED

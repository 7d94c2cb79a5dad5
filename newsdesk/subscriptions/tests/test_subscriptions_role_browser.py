"""The subscriptions desk's day in headless Chromium, signed in through the shared sign-in page as a member of the
"Subscriptions" role: find a reader's subscription, refund part of a payment, read the billing overview; and the
role's limits: it cannot ban a commenter or reach the moderation queue."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.accounts.tests.staff import ADMIN_REFUSED
from newsdesk.comments import services as comments
from newsdesk.comments.models import CommenterProfile, ModerationAction
from newsdesk.comments.tests.factories import make_commented_article
from newsdesk.comments.tests.factories import make_reader as make_commenter
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Payment, Refund
from newsdesk.subscriptions.services.billing import billing_run

from .factories import annual, make_reader, premium
from .test_lifecycle import start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def ledger(live_server) -> Payment:
    """One paying reader (trial ended, first month charged) and one still in trial."""
    premium()
    annual()
    with time_machine.travel(T0, tick=False):
        start(make_reader("lerato@example.org"))
        start(make_reader("sipho@example.org"))
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    with time_machine.travel(T0 + timedelta(days=20), tick=False):
        start(make_reader("trial@example.org"))
    return Payment.objects.get(subscription__user__email="lerato@example.org")


def test_subscriptions_desk_finds_a_subscription_refunds_a_payment_and_reads_the_overview(page, live_server, ledger):
    desk = make_staff("Subscriptions", email="subscriptions@newsdesk.test")
    sign_in_staff(page, live_server, desk, STAFF_PASSWORD)

    page.goto(f"{live_server.url}/admin/billing_subscribers/")
    page.get_by_role("textbox", name="Search").fill("lerato@")
    page.keyboard.press("Enter")
    results = page.locator("table.listing tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name="lerato@example.org").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspect: lerato@example.org - Premium (Active)")
    expect(page.get_by_role("definition").filter(has_text="Premium (R75.00 monthly)")).to_be_visible()

    page.goto(f"{live_server.url}/admin/billing_payments/?q=lerato")
    row = page.locator("table.listing tbody tr", has_text=ledger.receipt_label)
    expect(row).to_contain_text("R75.00")
    row.get_by_role("link", name="Refund…").click()
    expect(page.get_by_text("Refundable: R75.00")).to_be_visible()
    page.get_by_label("Amount to refund (rand)").fill("25.00")
    page.get_by_label("Reason").fill("Charged twice by the bank's retry")
    page.get_by_role("button", name="Refund").click()
    expect(page.get_by_text(f"Refunded R25.00 on receipt {ledger.receipt_label}.")).to_be_visible()
    refund = Refund.objects.get()
    assert (refund.payment, refund.amount, refund.created_by) == (ledger, 2500, desk)

    page.goto(f"{live_server.url}/admin/billing_payments/history/{ledger.pk}/")
    expect(page.get_by_text("Refunded R25.00: Charged twice by the bank's retry")).to_be_visible()

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Billing overview").click()
    figures = {
        "Monthly recurring revenue (paying subscribers; trials excluded)": "R150.00",
        "Paying subscribers (active and past due)": "2",
        "In free trial": "1",
    }
    for label, value in figures.items():
        row = page.locator("table.listing tr").filter(
            has=page.locator("th", has_text=re.compile(f"^{re.escape(label)}$"))
        )
        expect(row.locator("td")).to_have_text(value)


def test_the_subscriptions_desk_cannot_ban_a_commenter(page, live_server):
    troll = make_commenter("Troll")
    comment = comments.comment_post(user=troll, article=make_commented_article(), body="Buy cheap watches")
    sign_in_staff(page, live_server, make_staff("Subscriptions", email="subscriptions@newsdesk.test"), STAFF_PASSWORD)

    page.goto(f"{live_server.url}/admin/comments/queue/pending/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_text(ADMIN_REFUSED)).to_be_visible()
    expect(page.get_by_role("link", name="Moderate comments")).to_have_count(0)

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/admin/comments/{comment.pk}/ban/",
        form={"reason": "spam"},
        headers={"X-CSRFToken": csrf},
        max_redirects=0,
    )
    assert (response.status, response.headers["location"]) == (302, "/admin/")
    assert not CommenterProfile.objects.get(user=troll).banned
    assert ModerationAction.objects.count() == 0

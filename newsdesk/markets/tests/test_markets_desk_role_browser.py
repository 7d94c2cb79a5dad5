"""The markets desk's day in headless Chromium, signed in through the shared sign-in page as a member of the
"Markets desk" role: add an instrument, issue a provider's push-API token from the provider's More menu; and the
role's limits: no comments, no billing, no pages."""

import pytest
from playwright.sync_api import expect

from newsdesk.accounts.tests.browser import sign_in_staff
from newsdesk.accounts.tests.staff import ADMIN_REFUSED
from newsdesk.core.tests.factories import STAFF_PASSWORD, make_staff
from newsdesk.markets.models import Instrument, Provider
from newsdesk.markets.services import provider_for_token, provider_token_issue
from newsdesk.markets.wagtail_hooks import CREDENTIAL_BUTTON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vendor(live_server) -> Provider:
    # Live-server tests flush the database, seeded providers included: make the one this test needs.
    return Provider.objects.create(slug="acme-feed", name="Acme market data", kind=Provider.Kind.PUSH)


def test_markets_desk_adds_an_instrument_and_issues_a_push_api_token(page, live_server, vendor):
    old_token = provider_token_issue(provider=vendor)
    desk = make_staff("Markets desk", email="markets@newsdesk.test")
    sign_in_staff(page, live_server, desk, STAFF_PASSWORD, next_url="/admin/snippets/markets/instrument/")

    page.get_by_role("link", name="Add instrument").first.click()
    page.locator("#id_code").fill("XAG")
    page.locator("#id_name").fill("Silver")
    page.locator("#id_group").select_option("commodities")
    page.locator("#id_unit").fill("$/oz")
    page.locator("[data-field-wrapper]", has=page.locator("#id_provider")).get_by_role("button", name="Choose").click()
    page.locator(".modal").get_by_role("link", name="Acme market data").click()
    expect(page.locator("[data-field-wrapper]", has=page.locator("#id_provider"))).to_contain_text("Acme market data")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Instrument 'Silver (XAG)' created.")).to_be_visible()
    silver = Instrument.objects.get(code="XAG")
    assert (silver.name, silver.group, silver.unit, silver.provider) == ("Silver", "commodities", "$/oz", vendor)

    page.goto(f"{live_server.url}/admin/snippets/markets/provider/")
    page.get_by_role("button", name="More options for 'Acme market data'").click()
    page.get_by_role("link", name=CREDENTIAL_BUTTON).click()
    expect(page.get_by_text("Its current token stops working at once")).to_be_visible()
    assert provider_for_token(old_token) == vendor  # opening the page issued nothing
    page.get_by_role("button", name="Issue a new token").click()
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    new_token = page.locator("[data-new-token]").input_value()
    assert len(new_token) >= 40
    assert provider_for_token(new_token) == vendor
    assert provider_for_token(old_token) is None

    page.goto(f"{live_server.url}/admin/snippets/markets/provider/history/{vendor.pk}/")
    expect(page.get_by_text("Issued a new push-API token (the old one stopped)").first).to_be_visible()


def test_the_markets_desk_cannot_moderate_comments_open_billing_or_edit_pages(page, live_server):
    sign_in_staff(page, live_server, make_staff("Markets desk", email="markets@newsdesk.test"), STAFF_PASSWORD)
    for url in ("/admin/comments/queue/pending/", "/admin/billing/overview/", "/admin/pages/"):
        page.goto(live_server.url + url)
        expect(page).to_have_url(f"{live_server.url}/admin/")
        expect(page.get_by_text(ADMIN_REFUSED)).to_be_visible()

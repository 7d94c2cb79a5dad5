"""Issuing a provider's push-API token is its own permission: the markets desk edits providers and instruments
without it; with it, a POST on the provider's token page issues one, shows it once, and logs who and when."""

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from newsdesk.accounts.tests.staff import assert_admin_refused, make_staff_with
from newsdesk.markets.models import Provider
from newsdesk.markets.services import (
    CREDENTIAL_LOG_ACTION,
    CREDENTIAL_NOT_PERMITTED,
    TokenNotPermitted,
    provider_for_token,
    provider_token_issue,
)
from newsdesk.markets.tests.factories import sast

pytestmark = pytest.mark.django_db
ISSUED_AT = sast(2026, 11, 27, 12, 0)
EDIT_MARKETS = (
    "markets.view_provider",
    "markets.change_provider",
    "markets.view_instrument",
    "markets.add_instrument",
    "markets.change_instrument",
)


@pytest.fixture
def vendor() -> Provider:
    return Provider.objects.get(slug="vendor")


@pytest.fixture
def old_token(vendor) -> str:
    return provider_token_issue(provider=vendor)  # the operator's, from the command line


@pytest.fixture
def desk():
    """Keeps instruments and providers, but may not hand out push-API credentials."""
    return make_staff_with(*EDIT_MARKETS, email="desk@example.org")


@pytest.fixture
def issuer():
    return make_staff_with(*EDIT_MARKETS, "markets.issue_provider_token", email="markets@example.org")


def _token_url(provider: Provider) -> str:
    return f"/admin/markets/providers/{provider.pk}/token/"


def test_the_markets_desk_without_the_permission_sees_no_token_action_and_is_refused(client, desk, vendor, old_token):
    client.force_login(desk)
    listing = client.get("/admin/snippets/markets/provider/").content.decode()
    assert vendor.name in listing and _token_url(vendor) not in listing
    assert _token_url(vendor) not in client.get(f"/admin/snippets/markets/provider/edit/{vendor.pk}/").content.decode()
    assert_admin_refused(client, client.get(_token_url(vendor)))
    assert_admin_refused(client, client.post(_token_url(vendor)))
    with pytest.raises(TokenNotPermitted) as error:
        provider_token_issue(provider=vendor, actor=desk)
    assert str(error.value) == CREDENTIAL_NOT_PERMITTED
    assert provider_for_token(old_token) == vendor
    assert ModelLogEntry.objects.filter(action=CREDENTIAL_LOG_ACTION, user=desk).count() == 0


def test_issuing_a_token_is_post_only_shows_it_once_and_stops_the_old_one(client, issuer, vendor, old_token):
    client.force_login(issuer)
    assert _token_url(vendor) in client.get("/admin/snippets/markets/provider/").content.decode()
    assert _token_url(vendor) in client.get(f"/admin/snippets/markets/provider/edit/{vendor.pk}/").content.decode()
    confirm = client.get(_token_url(vendor)).content.decode()
    assert "Its current token stops working at once" in confirm
    assert provider_for_token(old_token) == vendor  # asking issues nothing
    with time_machine.travel(ISSUED_AT, tick=False):
        response = client.post(_token_url(vendor))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new_token = response.context["token"]
    assert f'value="{new_token}"' in response.content.decode()
    assert provider_for_token(new_token) == vendor
    assert provider_for_token(old_token) is None
    assert new_token not in client.get(_token_url(vendor)).content.decode()  # shown once
    entry = ModelLogEntry.objects.get(action=CREDENTIAL_LOG_ACTION, user=issuer)
    assert (entry.object_id, entry.timestamp) == (str(vendor.pk), ISSUED_AT)
    history = client.get(f"/admin/snippets/markets/provider/history/{vendor.pk}/").content.decode()
    assert "Issued a new push-API token (the old one stopped)" in history and "markets@example.org" in history


def test_a_token_page_for_a_missing_provider_is_a_404(client, issuer):
    client.force_login(issuer)
    assert client.post("/admin/markets/providers/999999/token/").status_code == 404

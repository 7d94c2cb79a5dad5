"""The masthead's account links: plain links in the shared page, the reader's own from a private fragment."""

import pytest
from django.test import Client, override_settings

from newsdesk.accounts.middleware import SIGNED_IN_HINT_COOKIE
from newsdesk.news.tests.factories import make_home
from newsdesk.subscriptions.tests.factories import make_reader

pytestmark = pytest.mark.django_db
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
SLOT = (
    '<nav class="masthead__account" aria-label="Your account" data-account-fragment="/account/masthead" '
    f'data-account-hint="{SIGNED_IN_HINT_COOKIE}">'
)


def test_every_anonymous_reader_gets_one_page_with_plain_sign_in_and_subscribe_links():
    make_home().save_revision().publish()
    with PAGE_CACHE_ON:
        first, second = Client().get("/"), Client().get("/")
    assert first.status_code == 200
    assert first.content == second.content
    assert not first.cookies and not second.cookies
    body = first.content.decode()
    assert SLOT in body
    assert '<li><a href="/account/">Sign in</a></li>' in body  # signed in already, it is the account page
    assert '<a class="masthead__subscribe" href="/subscribe/">Subscribe</a>' in body


def test_anonymous_fragment_offers_sign_in_and_subscribe_privately():
    response = Client().get("/account/masthead", HTTP_X_FRAGMENT="1")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]
    assert "Sign in" in body and 'href="/subscribe/"' in body
    assert "My account" not in body and "Sign out" not in body


def test_signed_in_fragment_names_the_reader_and_offers_account_and_sign_out():
    client = Client()
    client.force_login(make_reader("thandi@example.org"))
    response = client.get("/account/masthead", HTTP_X_FRAGMENT="1")
    body = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "thandi@example.org" in body
    assert '<a href="/account/">My account</a>' in body
    assert 'action="/accounts/logout/"' in body and "Sign out" in body
    assert 'href="/subscribe/"' in body  # no subscription yet
    assert ">Sign in<" not in body


def test_the_hint_cookie_comes_with_signing_in_and_goes_with_signing_out_and_costs_other_pages_nothing():
    make_home().save_revision().publish()
    anonymous = Client().get("/")
    assert SIGNED_IN_HINT_COOKIE not in anonymous.cookies
    client = Client()
    reader = make_reader()
    response = client.post("/accounts/login/", {"login": reader.email, "password": "a-long-test-password"})
    assert response.status_code == 302
    hint = response.cookies[SIGNED_IN_HINT_COOKIE]
    assert hint.value == "1" and not hint["httponly"] and hint["samesite"] == "Lax"
    assert SIGNED_IN_HINT_COOKIE not in client.get("/").cookies  # set once, not on every page
    signed_out = client.post("/accounts/logout/")
    assert signed_out.cookies[SIGNED_IN_HINT_COOKIE].value == ""
    assert signed_out.cookies[SIGNED_IN_HINT_COOKIE]["max-age"] == 0


def test_a_hint_that_outlived_its_session_is_removed_by_the_fragment():
    client = Client()
    client.cookies[SIGNED_IN_HINT_COOKIE] = "1"
    response = client.get("/account/masthead", HTTP_X_FRAGMENT="1")
    assert ">Sign in<" in response.content.decode()
    assert response.cookies[SIGNED_IN_HINT_COOKIE]["max-age"] == 0

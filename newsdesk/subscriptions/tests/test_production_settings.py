"""Production without a payment gateway sells nothing and breaks nothing; a test gateway says that no money moves."""

import json
import urllib.error
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from newsdesk.subscriptions.emails import send_subscription_email
from newsdesk.subscriptions.gateways import paystack as paystack_module
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.jobs import run_billing
from newsdesk.subscriptions.models import (
    PaymentMethod,
    Subscription,
    TestGatewayCard,
    TestGatewayCharge,
    WebhookEvent,
)
from newsdesk.subscriptions.selectors import SUBSCRIPTIONS_CLOSED, TEST_MODE_NOTICE
from newsdesk.subscriptions.services.subscriptions import subscription_start
from newsdesk.subscriptions.views import GATEWAY_UNAVAILABLE

from .factories import make_card, make_reader, premium
from .test_gateways import FakeTransport, recorded

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
NO_GATEWAY = override_settings(SUBSCRIPTIONS_GATEWAY="", SUBSCRIPTIONS_TEST_WEBHOOK_SECRET="")
LIVE_PAYSTACK = override_settings(SUBSCRIPTIONS_GATEWAY="paystack", PAYSTACK_SECRET_KEY="sk_live_" + "p" * 40)
PUBLISHED_KEY = "test-only-webhook-secret"  # the test settings' value
WEBHOOK_BODY = json.dumps({"id": "evt_forged", "type": "charge.success", "data": {"reference": "nd-1-2-1"}}).encode()


def signed_in(client: Client):
    reader = make_reader()
    client.force_login(reader)
    return reader


def live_subscription_for(reader) -> Subscription:
    """Start a trial while the test gateway was configured (before the site's gateway changed)."""
    return subscription_start(user=reader, plan=premium(), card=make_card(), gateway=TestGateway())


def nothing_written() -> tuple[int, int, int, int]:
    return (
        Subscription.objects.count(),
        PaymentMethod.objects.count(),
        TestGatewayCard.objects.count(),
        TestGatewayCharge.objects.count(),
    )


# --- no gateway configured: nobody can subscribe -------------------------------------------------------------


@NO_GATEWAY
def test_with_no_gateway_the_plans_page_says_subscriptions_are_not_open_and_has_no_form(client):
    signed_in(client)
    response = client.get("/subscriptions/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="subs__closed" role="status">{SUBSCRIPTIONS_CLOSED}</p>' in body
    assert 'name="plan"' not in body and "Continue to payment" not in body
    assert TEST_MODE_NOTICE not in body


@NO_GATEWAY
def test_with_no_gateway_choosing_a_plan_is_refused_with_the_message_and_writes_nothing(client):
    signed_in(client)
    response = client.post("/subscriptions/", {"plan": "premium"})
    assert response.status_code == 503
    assert SUBSCRIPTIONS_CLOSED in response.content.decode()
    assert nothing_written() == (0, 0, 0, 0)


@NO_GATEWAY
def test_with_no_gateway_the_return_from_a_card_form_starts_nothing(client):
    signed_in(client)
    for method in (client.get, client.post):
        response = method("/subscriptions/start/?plan=premium&token=tok_test_anything")
        assert response.status_code == 503
        assert SUBSCRIPTIONS_CLOSED in response.content.decode()
    assert nothing_written() == (0, 0, 0, 0)


def test_with_no_gateway_a_subscriber_cannot_change_card_and_is_told_why(client):
    reader = signed_in(client)
    sub = live_subscription_for(reader)
    with NO_GATEWAY:
        response = client.get("/subscriptions/card/")
        confirm = client.post("/subscriptions/card/?token=tok_test_anything")
    assert (response.status_code, confirm.status_code) == (503, 503)
    assert SUBSCRIPTIONS_CLOSED in response.content.decode()
    sub.refresh_from_db()
    assert PaymentMethod.objects.get() == sub.payment_method


@NO_GATEWAY
def test_with_no_gateway_the_test_card_form_does_not_exist(client):
    response = client.get("/subscriptions/test-gateway/card?return=/subscriptions/start/")
    assert (response.status_code, response.content) == (404, b"The test gateway is not enabled.")
    response = client.post(
        "/subscriptions/test-gateway/card?return=/subscriptions/start/",
        {"number": "4242 4242 4242 4242", "exp_month": "12", "exp_year": "2031", "cvc": "123"},
    )
    assert response.status_code == 404
    assert TestGatewayCard.objects.count() == 0


@NO_GATEWAY
def test_with_no_gateway_the_account_page_offers_no_subscribe_button(client):
    signed_in(client)
    body = client.get("/account/").content.decode()
    assert f"<p>{SUBSCRIPTIONS_CLOSED}</p>" in body
    assert 'href="/subscriptions/"' not in body


@NO_GATEWAY
def test_with_no_gateway_the_periodic_billing_run_is_skipped_not_failed_and_the_command_says_why():
    assert run_billing.call() == {"skipped": "SUBSCRIPTIONS_GATEWAY is not set: no payment gateway is configured."}
    with pytest.raises(CommandError, match=r"^SUBSCRIPTIONS_GATEWAY is not set: no payment gateway is configured\.$"):
        call_command("billing", "run")


# --- webhooks: only the configured gateway's, never with a known secret -------------------------------------


def _post_test_webhook(client: Client, *, key: str = PUBLISHED_KEY):
    """Post an event signed with `key`, by default one anyone can read in the repository."""
    with override_settings(SUBSCRIPTIONS_TEST_WEBHOOK_SECRET=key):
        signature = TestGateway().sign(WEBHOOK_BODY)
    return client.post(
        "/subscriptions/webhooks/test/", data=WEBHOOK_BODY, content_type="application/json",
        HTTP_X_TEST_SIGNATURE=signature,
    )  # fmt: skip


@pytest.mark.parametrize("configured", [NO_GATEWAY, LIVE_PAYSTACK], ids=["no gateway", "paystack"])
def test_test_gateway_webhooks_are_refused_unless_it_is_the_configured_gateway(client, configured):
    with configured:
        response = _post_test_webhook(client)
    assert (response.status_code, response.json()) == (404, {"error": "unknown gateway"})
    assert WebhookEvent.objects.count() == 0


@override_settings(SUBSCRIPTIONS_GATEWAY="test", SUBSCRIPTIONS_TEST_WEBHOOK_SECRET="")
def test_enabled_test_gateway_without_a_secret_refuses_every_webhook(client):
    response = _post_test_webhook(client, key="")  # signed with the empty key anyone could use
    assert (response.status_code, response.json()) == (400, {"error": "bad signature"})
    assert WebhookEvent.objects.count() == 0


# --- Paystack: choosing a plan goes to its checkout, and its failures are a message, never a 500 --------------


def _fake_paystack(monkeypatch, *answers) -> FakeTransport:
    transport = FakeTransport(*answers)
    monkeypatch.setattr(paystack_module, "urllib_transport", transport)
    return transport


@LIVE_PAYSTACK
def test_with_paystack_choosing_a_plan_sends_the_reader_to_its_checkout_and_back_to_the_public_address(
    client, monkeypatch
):
    transport = _fake_paystack(monkeypatch, (200, recorded("initialize.json")))
    reader = signed_in(client)
    response = client.post("/subscriptions/", {"plan": "premium"})
    assert (response.status_code, response["Location"]) == (302, "https://checkout.paystack.com/0peioxfhpn")
    ((method, url, _headers, sent, _timeout),) = transport.sent
    assert (method, url) == ("POST", "https://api.paystack.co/transaction/initialize")
    assert sent["email"] == reader.email
    assert sent["callback_url"] == "http://localhost:8000/subscriptions/start/?plan=premium"  # SITE_URL + path


@LIVE_PAYSTACK
@pytest.mark.parametrize(
    "answer",
    [(401, b'{"status": false, "message": "Invalid key"}'), urllib.error.URLError("no route to host")],
    ids=["wrong key", "unreachable"],
)
def test_with_paystack_failing_choosing_a_plan_says_try_again_later_and_writes_nothing(client, monkeypatch, answer):
    _fake_paystack(monkeypatch, answer)
    signed_in(client)
    response = client.post("/subscriptions/", {"plan": "premium"})
    assert response.status_code == 503
    assert GATEWAY_UNAVAILABLE in response.content.decode()
    assert nothing_written() == (0, 0, 0, 0)


@override_settings(SUBSCRIPTIONS_GATEWAY="paystack", PAYSTACK_SECRET_KEY="")
def test_paystack_without_a_key_is_closed_not_a_500(client, monkeypatch):
    transport = _fake_paystack(monkeypatch)
    signed_in(client)
    response = client.post("/subscriptions/", {"plan": "premium"})
    assert response.status_code == 503
    assert SUBSCRIPTIONS_CLOSED in response.content.decode()
    assert transport.sent == []


# --- test mode: every subscription page and email says that no money moves -----------------------------------

NOTICE_HTML = f'<p class="subs__test-mode" role="note">{TEST_MODE_NOTICE}</p>'


def _enter_card(client: Client, form_url: str, exp_month: str = "12"):
    card = {"number": "4242 4242 4242 4242", "exp_month": exp_month, "exp_year": "2099", "cvc": "123"}
    return client.post(form_url, card)["Location"]


@override_settings(SUBSCRIPTIONS_GATEWAY="test")
def test_in_test_mode_every_subscription_page_says_no_money_moves(client):
    signed_in(client)
    pages = {"plans": client.get("/subscriptions/")}
    form_url = client.post("/subscriptions/", {"plan": "premium"})["Location"]
    pages["card form"] = client.get(form_url)
    start_url = _enter_card(client, form_url)
    pages["confirm"] = client.get(start_url)
    pages["problem"] = client.get("/subscriptions/start/?plan=premium&token=tok_forged")
    with time_machine.travel(T0, tick=False):
        assert client.post(start_url)["Location"] == "/account/"
        pages["account"] = client.get("/account/")
        pages["cancel"] = client.get("/subscriptions/cancel/")
        pages["new card"] = client.get(_enter_card(client, client.get("/subscriptions/card/")["Location"], "11"))
    assert {name: page.status_code for name, page in pages.items()} == {
        "plans": 200, "card form": 200, "confirm": 200, "problem": 400, "account": 200, "cancel": 200, "new card": 200,
    }  # fmt: skip
    assert [name for name, page in pages.items() if NOTICE_HTML not in page.content.decode()] == []


@LIVE_PAYSTACK
def test_with_live_paystack_keys_pages_carry_no_test_mode_notice(client):
    signed_in(client)
    assert TEST_MODE_NOTICE not in client.get("/subscriptions/").content.decode()
    assert TEST_MODE_NOTICE not in client.get("/account/").content.decode()


@override_settings(SUBSCRIPTIONS_GATEWAY="paystack", PAYSTACK_SECRET_KEY="sk_test_" + "p" * 40)
def test_paystack_test_keys_are_test_mode_too(client):
    signed_in(client)
    assert NOTICE_HTML in client.get("/subscriptions/").content.decode()


def test_subscription_emails_open_with_the_notice_in_test_mode_only():
    sub = live_subscription_for(make_reader())
    with override_settings(SUBSCRIPTIONS_GATEWAY="test"):
        send_subscription_email(sub, "trial_started")
    with LIVE_PAYSTACK:
        send_subscription_email(sub, "trial_started")
    test_mode, live = mail.outbox
    assert test_mode.body.startswith(f"{TEST_MODE_NOTICE}\n\nHello,\n\nYour free trial of Premium has started.")
    assert live.body.startswith("Hello,\n\nYour free trial of Premium has started.")
    assert TEST_MODE_NOTICE not in live.body
    assert test_mode.subject == live.subject == "Your free trial has started"

"""The Paystack adapter against recorded responses, the test gateway's cards, and the webhook endpoint."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase, override_settings

from newsdesk.subscriptions.gateways import get_gateway
from newsdesk.subscriptions.gateways.base import ChargeRequest, ChargeStatus, GatewayError, GatewayTimeout
from newsdesk.subscriptions.gateways.paystack import PaystackGateway
from newsdesk.subscriptions.gateways.testgateway import TestGateway, tokenise_card
from newsdesk.subscriptions.models import BillingPeriod, Payment, Status, TestGatewayCharge, WebhookEvent
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.subscriptions import subscription_start

from .factories import TIMEOUT_CHARGED_CARD, make_card, make_reader, premium

DATA = Path(__file__).parent / "data" / "paystack"
SECRET = "sk_test_recorded"


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


class FakeTransport:
    """Plays back recorded Paystack answers and keeps what was sent (the only thing that leaves the process)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def __call__(self, method, url, headers, body, timeout):
        self.sent.append((method, url, headers, json.loads(body) if body else None, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def paystack(*answers) -> tuple[PaystackGateway, FakeTransport]:
    transport = FakeTransport(*answers)
    return PaystackGateway(secret_key=SECRET, timeout=7.5, transport=transport), transport


def request(reference="nd-7-1769241600-1") -> ChargeRequest:
    return ChargeRequest(
        amount=7500, currency="ZAR", token="AUTH_72btv547", email="reader@example.org", reference=reference,
        idempotency_key="k" * 40,
    )  # fmt: skip


def test_paystack_charge_authorization_sends_the_documented_request_and_reads_success():
    gateway, transport = paystack((200, recorded("charge_success.json")))
    result = gateway.charge(request())
    method, url, headers, body, timeout = transport.sent[0]
    assert (method, url, timeout) == ("POST", "https://api.paystack.co/transaction/charge_authorization", 7.5)
    assert headers["Authorization"] == f"Bearer {SECRET}"
    assert body == {
        "authorization_code": "AUTH_72btv547",
        "email": "reader@example.org",
        "amount": 7500,
        "currency": "ZAR",
        "reference": "nd-7-1769241600-1",
    }
    assert result.status == ChargeStatus.SUCCEEDED
    assert (result.amount, result.currency, result.gateway_reference) == (7500, "ZAR", "4099260516")


def test_paystack_insufficient_funds_is_a_failed_charge_with_its_code():
    gateway, _ = paystack((200, recorded("charge_insufficient.json")))
    result = gateway.charge(request("nd-7-1771920000-1"))
    assert (result.status, result.failure_code, result.message) == (
        "failed",
        "insufficient_funds",
        "Insufficient Funds",
    )


def test_paystack_duplicate_reference_returns_the_first_charge_instead_of_charging_again():
    gateway, transport = paystack((400, recorded("charge_duplicate.json")), (200, recorded("verify_success.json")))
    result = gateway.charge(request())
    assert result.succeeded
    assert [s[1] for s in transport.sent] == [
        "https://api.paystack.co/transaction/charge_authorization",
        "https://api.paystack.co/transaction/verify/nd-7-1769241600-1",
    ]


def test_paystack_timeout_and_server_error_on_a_charge_are_unknown_outcomes():
    gateway, _ = paystack(TimeoutError("read timed out"), (502, b"<html>bad gateway</html>"))
    with pytest.raises(GatewayTimeout):
        gateway.charge(request())
    with pytest.raises(GatewayTimeout):
        gateway.charge(request())


def test_paystack_unreachable_is_a_plain_retryable_error():
    gateway, _ = paystack(ConnectionRefusedError("refused"))
    with pytest.raises(GatewayError) as error:
        gateway.lookup(reference="nd-1-1-1")
    assert not isinstance(error.value, GatewayTimeout)


def test_paystack_lookup_by_reference_found_and_not_found():
    gateway, _ = paystack((200, recorded("verify_success.json")), (400, recorded("verify_not_found.json")))
    assert gateway.lookup(reference="nd-7-1769241600-1").succeeded
    assert gateway.lookup(reference="nd-7-1769241600-9") is None


def test_paystack_hosted_checkout_and_card_token_from_the_return():
    gateway, transport = paystack((200, recorded("initialize.json")), (200, recorded("verify_success.json")))
    form = gateway.hosted_form(email="reader@example.org", return_url="https://news.example/subscriptions/start/")
    assert form.url == "https://checkout.paystack.com/0peioxfhpn"
    assert transport.sent[0][3]["callback_url"] == "https://news.example/subscriptions/start/"
    card = gateway.token_from_return(params={"reference": "7PVGX8MEk85tgeEpVDtD"})
    assert (card.token, card.fingerprint, card.brand, card.last4, card.exp_month, card.exp_year) == (
        "AUTH_72btv547", "SIG_uSYN4fv1adlAuoij8QXh", "Visa", "4081", 12, 2030,
    )  # fmt: skip


def test_paystack_refund():
    gateway, transport = paystack((200, recorded("refund.json")))
    result = gateway.refund(gateway_reference="4099260516", reference="r", amount=2500)
    assert transport.sent[0][3] == {"transaction": "4099260516", "amount": 2500}
    assert (result.gateway_reference, result.amount) == ("1209340", 2500)


def test_paystack_webhook_signature_is_hmac_sha512_of_the_raw_body():
    gateway, _ = paystack()
    body = recorded("webhook_charge_success.json")
    good = hmac.new(SECRET.encode(), body, hashlib.sha512).hexdigest()
    assert gateway.verify_webhook(body=body, headers={"X-Paystack-Signature": good})
    assert not gateway.verify_webhook(body=body + b" ", headers={"X-Paystack-Signature": good})
    assert not gateway.verify_webhook(body=body, headers={})
    event = gateway.parse_webhook(body=body)
    assert (event.event_id, event.event_type, event.reference) == (
        "charge.success:4099260516", "charge.success", "nd-7-1769241600-1",
    )  # fmt: skip
    assert event.occurred_at == datetime(2026, 1, 24, 8, 0, 3, tzinfo=UTC)


@override_settings(SUBSCRIPTIONS_GATEWAY="paystack", PAYSTACK_SECRET_KEY="")
def test_paystack_without_a_key_refuses_to_start_and_says_which_setting():
    with pytest.raises(ImproperlyConfigured, match="PAYSTACK_SECRET_KEY"):
        get_gateway()


@pytest.mark.django_db
def test_test_gateway_refuses_unknown_numbers_and_past_expiry():
    today = datetime(2026, 5, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="not one of the test gateway's cards"):
        tokenise_card(number="4111 1111 1111 1111", exp_month=1, exp_year=2030, today=today)
    with pytest.raises(ValueError, match="has not passed"):
        tokenise_card(number="4242 4242 4242 4242", exp_month=4, exp_year=2026, today=today)


@pytest.mark.django_db
def test_test_gateway_same_idempotency_key_charges_once():
    card = make_card()
    charge = ChargeRequest(
        amount=7500, currency="ZAR", token=card.token, email="a@example.org", reference="nd-1-2-1", idempotency_key="x"
    )
    gateway = TestGateway()
    first, second = gateway.charge(charge), gateway.charge(charge)
    assert first == second
    assert TestGatewayCharge.objects.count() == 1


# --- the webhook endpoint ---------------------------------------------------------------------------------


def _post(client, payload: dict, *, signature: str | None = None):
    body = json.dumps(payload).encode()
    signature = TestGateway().sign(body) if signature is None else signature
    return client.post(
        "/subscriptions/webhooks/test/", data=body, content_type="application/json", HTTP_X_TEST_SIGNATURE=signature
    )


@pytest.mark.django_db
def test_webhook_with_a_bad_signature_is_refused_and_records_nothing(client):
    response = _post(client, {"id": "evt_1", "type": "charge.success"}, signature="0" * 64)
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


@pytest.mark.django_db
def test_webhook_malformed_body_is_a_400_not_a_500(client):
    body = b"not json"
    response = client.post(
        "/subscriptions/webhooks/test/", data=body, content_type="application/json",
        HTTP_X_TEST_SIGNATURE=TestGateway().sign(body),
    )  # fmt: skip
    assert response.status_code == 400
    assert client.post("/subscriptions/webhooks/nope/", data=b"{}", content_type="application/json").status_code == 404


@pytest.mark.django_db
def test_webhook_of_an_ignored_type_is_answered_200_and_recorded_once(client):
    first = _post(client, {"id": "evt_2", "type": "customer.updated"})
    second = _post(client, {"id": "evt_2", "type": "customer.updated"})
    assert (first.status_code, first.json()) == (200, {"status": "ignored"})
    assert (second.status_code, second.json()) == (200, {"status": "already processed"})
    assert WebhookEvent.objects.count() == 1


@pytest.mark.django_db
def test_charge_webhook_settles_a_timed_out_charge_by_refetching_it_once(client):
    t0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    with time_machine.travel(t0, tick=False) as clock:
        with TestCase.captureOnCommitCallbacks(execute=True):
            sub = subscription_start(
                user=make_reader(), plan=premium(), card=make_card(TIMEOUT_CHARGED_CARD), gateway=TestGateway()
            )
        clock.move_to(sub.trial_end)
        billing_run(at=sub.trial_end, gateway=TestGateway())
        assert BillingPeriod.objects.get().state == BillingPeriod.State.UNKNOWN
        clock.move_to(sub.trial_end + timedelta(minutes=20))  # the run's lease is over
        reference = TestGatewayCharge.objects.get().reference
        # Events arrive twice and out of order: the failure claim is re-fetched and found to be a success.
        assert _post(client, {"id": "evt_9", "type": "charge.failed", "data": {"reference": reference}}).json() == {
            "status": "settled: 1 charged, 0 failed"
        }
        assert _post(client, {"id": "evt_8", "type": "charge.success", "data": {"reference": reference}}).json() == {
            "status": "no change"
        }
        assert _post(client, {"id": "evt_9", "type": "charge.failed", "data": {"reference": reference}}).json() == {
            "status": "already processed"
        }
    sub.refresh_from_db()
    assert sub.status == Status.ACTIVE
    assert Payment.objects.count() == 1
    assert TestGatewayCharge.objects.count() == 1

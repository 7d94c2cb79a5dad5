"""The reader's path through HTTP: subscribe via the gateway's card form, the account page, cancel, resubscribe;
staff: the admin listings, CSV export, the billing overview and a refund."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase

from newsdesk.accounts.tests.staff import make_staff_with
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Payment, Refund, Status, Subscription, TestGatewayCard
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.ledger import RefundError, payment_refund

from .factories import make_reader

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


def signed_in(client, reader=None):
    reader = reader or make_reader()
    client.force_login(reader)
    return reader


def subscribe_through_the_forms(client, number="4242 4242 4242 4242"):
    response = client.post("/subscriptions/", {"plan": "premium"})
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.startswith("/subscriptions/test-gateway/card?")
    response = client.post(form_url, {"number": number, "exp_month": "12", "exp_year": "2031", "cvc": "123"})
    assert response.status_code == 302
    start_url = response["Location"]
    assert re.match(r"^/subscriptions/start/\?plan=premium&token=tok_test_[\w-]+$", start_url)
    assert number.replace(" ", "") not in start_url
    assert client.get(start_url).status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(start_url), start_url


def test_subscribe_page_lists_the_seeded_plans(client):
    signed_in(client)
    body = client.get("/subscriptions/").content.decode()
    assert "Premium</strong>: R75.00 a month, first 14 days free" in body
    assert "Premium annual</strong>: R750.00 a year" in body


def test_choosing_a_plan_requires_an_account(client):
    response = client.get("/subscriptions/?plan=premium")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signup/?next=")
    assert client.post("/subscriptions/", {"plan": "premium"})["Location"] == "/subscribe/"


def test_full_path_starts_a_trial_and_the_card_number_never_reaches_our_pages(client):
    reader = signed_in(client)
    with time_machine.travel(T0, tick=False):
        response, start_url = subscribe_through_the_forms(client)
        assert response.status_code == 302 and response["Location"] == "/account/"
        # A second submit of the same confirmation (double click, other tab) makes no second subscription.
        again = client.post(start_url)
        assert again.status_code == 409
        assert "You already have a subscription." in again.content.decode()
        page = client.get("/account/").content.decode()
    assert Subscription.objects.filter(user=reader).count() == 1
    assert "Your free trial has started. You will not be charged before 24 January 2026." in page
    assert "<dt>Free trial ends</dt><dd>24 January 2026</dd>" in page
    assert "<dt>Next charge</dt><dd>R75.00 on 24 January 2026</dd>" in page
    assert TestGatewayCard.objects.get().last4 == "4242"


def test_bad_plan_and_bad_token_are_400s_that_change_nothing(client):
    signed_in(client)
    assert client.post("/subscriptions/", {"plan": "gold"}).status_code == 400
    assert client.post("/subscriptions/", {}).status_code == 400
    response = client.post("/subscriptions/start/?plan=premium&token=tok_forged")
    assert response.status_code == 400
    assert "could not be confirmed" in response.content.decode()
    assert client.get("/subscriptions/start/?plan=nope&token=x").status_code == 400
    assert Subscription.objects.count() == 0


def test_hosted_form_refuses_offsite_return_and_unknown_cards(client):
    assert client.get("/subscriptions/test-gateway/card?return=https://evil.example/").status_code == 400
    response = client.post(
        "/subscriptions/test-gateway/card?return=/subscriptions/start/",
        {"number": "4111111111111111", "exp_month": "1", "exp_year": "2031", "cvc": "1"},
    )
    assert response.status_code == 400
    assert "not one of the test gateway&#x27;s cards" in response.content.decode()
    assert TestGatewayCard.objects.count() == 0


def test_cancel_shows_exactly_what_happens_then_cancels(client):
    reader = signed_in(client)
    with time_machine.travel(T0, tick=False):
        subscribe_through_the_forms(client)
        confirm = client.get("/subscriptions/cancel/").content.decode()
        assert "You will not be charged. Access ends on 24 January 2026." in confirm
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post("/subscriptions/cancel/")
        assert response["Location"] == "/account/"
        page = client.get("/account/").content.decode()
    assert "You will not be charged. Access ends on 24 January 2026." in page
    assert "Resume subscription" in page
    assert Subscription.objects.get(user=reader).status == Status.CANCELLED


def test_resubscribe_after_the_end_is_charged_at_once_without_a_trial(client):
    reader = signed_in(client)
    with time_machine.travel(T0, tick=False) as clock:
        subscribe_through_the_forms(client)
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post("/subscriptions/cancel/")
        billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
        clock.move_to(T0 + timedelta(days=16))
        assert "Subscribe" in client.get("/account/").content.decode()
        response, _ = subscribe_through_the_forms(client, number="4242424242424242")
        page = client.get("/account/").content.decode()
    assert response.status_code == 302
    assert "Thank you: your subscription is active and R75.00 was charged." in page
    assert Payment.objects.filter(subscription__user=reader).count() == 1
    assert "R2026-000001" in page


def test_receipts_are_private_to_their_reader(client):
    reader = signed_in(client)
    with time_machine.travel(T0, tick=False):
        subscribe_through_the_forms(client)
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    payment = Payment.objects.get(subscription__user=reader)
    assert "R75.00" in client.get(f"/subscriptions/receipts/{payment.id}/").content.decode()
    signed_in(client, make_reader())
    assert client.get(f"/subscriptions/receipts/{payment.id}/").status_code == 404


def test_refund_is_a_new_ledger_row_and_cannot_exceed_the_payment():
    reader = make_reader()
    from .test_lifecycle import start

    with time_machine.travel(T0, tick=False):
        start(reader)
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    payment = Payment.objects.get()
    staff = make_staff_with("subscriptions.refund_payment")
    payment_refund(payment=payment, amount=2500, reason="Asked nicely", staff_user=staff, gateway=TestGateway())
    with pytest.raises(RefundError) as error:
        payment_refund(payment=payment, amount=5001, reason="Too much", staff_user=staff, gateway=TestGateway())
    assert str(error.value) == "A refund of R50.01 would exceed what is left of this payment (R50.00)."
    assert list(Refund.objects.values_list("amount", flat=True)) == [2500]
    from newsdesk.subscriptions.models import ImmutableRowError

    payment.amount = 1
    with pytest.raises(ImmutableRowError):
        payment.save()
    with pytest.raises(ImmutableRowError):
        payment.delete()


def test_admin_listings_overview_export_and_refund_action(client):
    from .test_lifecycle import start

    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-test-password")
    with time_machine.travel(T0, tick=False):
        start(make_reader())
        start(make_reader())
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    client.force_login(staff)
    for url in ("/admin/billing_subscribers/", "/admin/billing_payments/", "/admin/billing_history/",
                "/admin/billing_periods/", "/admin/billing_plans/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    overview = client.get("/admin/billing/overview/").content.decode()
    assert "R150.00" in overview  # MRR: two paying subscribers, trials excluded
    csv = b"".join(client.get("/admin/billing_subscribers/?export=csv").streaming_content).decode()
    assert csv.count("\n") == 3
    payment = Payment.objects.first()
    response = client.post(f"/admin/billing/payments/{payment.id}/refund/", {"amount": "100.00", "reason": "x"})
    assert response.status_code == 400
    assert Refund.objects.count() == 0
    response = client.post(f"/admin/billing/payments/{payment.id}/refund/", {"amount": "75.00", "reason": "Goodwill"})
    assert response.status_code == 302
    assert Refund.objects.get().amount == 7500
    assert client.get(f"/admin/billing_subscribers/edit/{payment.subscription_id}/").status_code in (302, 403)

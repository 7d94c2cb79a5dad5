"""The public offer, and the confirm page and email saying exactly what starting will do, by billing's own rule."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase, override_settings

from newsdesk.subscriptions.models import Payment, Status, Subscription

from .factories import make_reader

pytestmark = pytest.mark.django_db
DEC_2 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


def _to_confirm_page(client, number="4242 4242 4242 4242"):
    response = client.post("/subscriptions/", {"plan": "premium"})
    response = client.post(response["Location"], {"number": number, "exp_month": "12", "exp_year": "2031", "cvc": "1"})
    return response["Location"]


def test_offer_is_public_lists_the_plans_and_says_what_cancelling_means():
    response = Client().get("/subscribe/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>R75.00</strong> a month" in body
    assert "<strong>R750.00</strong> a year" in body
    assert "The first 14 days are free for a new subscriber." in body
    assert "Cancel during the free trial and you are never charged." in body
    assert 'href="/subscriptions/?plan=premium"' in body


def test_offer_is_the_same_cookie_free_bytes_for_every_anonymous_reader():
    with PAGE_CACHE_ON:
        first, second = Client().get("/subscribe/"), Client().get("/subscribe/")
    assert first.content == second.content
    assert not first.cookies and not second.cookies
    assert "public" in first["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in first.content


def test_anonymous_reader_is_shown_the_offer_then_asked_to_sign_up_once_a_plan_is_chosen():
    assert Client().get("/subscriptions/")["Location"] == "/subscribe/"
    response = Client().get("/subscriptions/?plan=premium")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/?next=%2Fsubscriptions%2F%3Fplan%3Dpremium"
    assert Subscription.objects.count() == 0


def test_chosen_plan_is_preselected_for_a_signed_in_reader(client):
    client.force_login(make_reader())
    body = client.get("/subscriptions/?plan=premium-annual").content.decode()
    assert 'id="plan-premium-annual" value="premium-annual" checked' in body
    assert 'id="plan-premium" value="premium">' in body


def test_new_reader_is_told_the_trial_end_and_price_and_the_email_repeats_it(client):
    client.force_login(make_reader())
    with time_machine.travel(DEC_2, tick=False):
        start_url = _to_confirm_page(client)
        confirm = client.get(start_url).content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(start_url)
    assert "<strong>Free until 16 December, then R75.00 a month.</strong>" in confirm
    assert "If this is your first subscription" not in confirm
    assert Subscription.objects.get().status == Status.TRIALING
    assert "Free until 16 December, then R75.00 a month." in mail.outbox[-1].body


def test_card_that_had_a_trial_is_told_it_pays_today_and_billing_charges_today(client):
    client.force_login(make_reader())
    with time_machine.travel(DEC_2, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(_to_confirm_page(client))
        other = Client()
        other.force_login(make_reader())
        start_url = _to_confirm_page(other)  # the same card: its trial is spent
        confirm = other.get(start_url).content.decode()
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            other.post(start_url)
    assert "<strong>No free trial on this account: R75.00 today, then monthly.</strong>" in confirm
    second = Subscription.objects.exclude(status=Status.TRIALING).get()
    assert second.status == Status.ACTIVE
    assert Payment.objects.filter(subscription=second, amount=7500).count() == 1
    receipt = next(m for m in mail.outbox if m.subject == "Receipt for your subscription")
    assert "No free trial on this account: R75.00 today, then monthly." in receipt.body

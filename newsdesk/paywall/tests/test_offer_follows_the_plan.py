"""The offer tells the truth: staff change the plan in the admin, and every place that quotes it follows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from newsdesk.core.tests.factories import make_staff
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.subscriptions.emails import send_subscription_email
from newsdesk.subscriptions.models import Plan
from newsdesk.subscriptions.tests.factories import make_card, make_reader
from newsdesk.subscriptions.tests.test_lifecycle import start

pytestmark = pytest.mark.django_db
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def article():
    cache.clear()
    room = newsroom(articles=0)
    return make_article(
        room["africa"],
        "The harbour audit",
        body=[paragraph("One."), paragraph("Two."), paragraph("Three, for subscribers.")],
        premium=True,
        published_at=T0 - timedelta(days=1),
    )


def _plan_form(plan: Plan, **changes) -> dict:
    fields = ("name", "slug", "description", "amount", "currency", "interval", "trial_days", "order")
    form = {name: getattr(plan, name) for name in fields} | changes
    if plan.is_active:
        form["is_active"] = "on"
    return form


def _edit_plan(user, plan: Plan, **changes):
    client = Client()
    client.force_login(user)
    return client.post(reverse("billing_plans:edit", args=[plan.pk]), _plan_form(plan, **changes))


def _offer_texts(trial_days: int, price: str) -> tuple[str, str]:
    return (
        f"Try everything free for {trial_days} days.",
        f"After that, {price} per month. Cancel anytime; cancel within the {trial_days} days and you are never billed.",
    )


def test_a_plan_changed_in_the_admin_changes_the_offer_the_subscribe_page_and_the_emails(
    article, django_capture_on_commit_callbacks
):
    plan = Plan.objects.get(slug="premium")
    body_url = reverse("paywall:article_body", args=[article.pk])
    with time_machine.travel(T0, tick=False), PAGE_CACHE_ON:
        before = Client().get(article.url).content.decode()  # now in the page cache
        for text in _offer_texts(plan.trial_days, plan.price_display):
            assert text in before
        with django_capture_on_commit_callbacks(execute=True):
            response = _edit_plan(make_staff("Subscriptions"), plan, amount=9950, trial_days=21)
        assert response.status_code == 302
        plan.refresh_from_db()
        assert (plan.amount, plan.trial_days) == (9950, 21)

        page = Client().get(article.url)
        denied = Client().get(body_url)
    headline, terms = _offer_texts(21, "R99.50")
    assert page.status_code == 200
    assert headline in page.content.decode() and terms in page.content.decode()
    assert f"{headline} {terms}" in denied.content.decode()  # the fragment's refusal offers the same

    reader = make_reader()
    subscribe = Client()
    subscribe.force_login(reader)
    assert (
        "<strong>Premium</strong>: R99.50 a month, first 21 days free"
        in subscribe.get("/subscriptions/").content.decode()
    )

    mail.outbox.clear()
    with time_machine.travel(T0, tick=False):
        subscription = start(reader, card=make_card())
    (started,) = mail.outbox
    assert started.subject == "Your free trial has started"
    assert "your card will be charged R99.50 on 25 May 2026" in started.body  # 21 days after 4 May
    mail.outbox.clear()
    send_subscription_email(subscription, "trial_ending")
    send_subscription_email(subscription, "payment_failed")
    assert [("R99.50" in m.body) for m in mail.outbox] == [True, True]


def test_a_role_without_the_plans_cannot_change_the_offer(article):
    plan = Plan.objects.get(slug="premium")
    was = (plan.amount, plan.trial_days)
    response = _edit_plan(make_staff("Editors"), plan, amount=100, trial_days=90)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] != reverse("billing_plans:index")
    plan.refresh_from_db()
    assert (plan.amount, plan.trial_days) == was
    content = Client().get(article.url).content.decode()
    assert "Try everything free for 90 days." not in content
    for text in _offer_texts(plan.trial_days, plan.price_display):
        assert text in content

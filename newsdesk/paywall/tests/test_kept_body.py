"""The premium body for entitled readers from the cache: the same bytes, no render, no leak once entitlement ends."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsdesk.paywall import selectors as paywall
from newsdesk.subscriptions.access import access_version
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Status, Subscription
from newsdesk.subscriptions.services.subscriptions import subscription_cancel, subscription_start
from newsdesk.subscriptions.state import apply_transition
from newsdesk.subscriptions.tests.factories import make_card, make_reader, premium

from . import test_paywall
from .test_paywall import SECRET, SECRET_QUOTE, THIRD, non_subscriber_client

pytestmark = pytest.mark.django_db
room = test_paywall.room  # the paywall tests' newsroom, with its premium article, as a fixture here too


def _subscribe(user) -> Subscription:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return subscription_start(user=user, plan=premium(), card=make_card(), gateway=TestGateway())


@pytest.fixture
def subscriber():
    user = make_reader()
    _subscribe(user)
    client = Client()
    client.force_login(user)
    return user, client


def _body_url(article) -> str:
    return f"/subscriptions/article/{article.pk}/body"


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def _own(sqls: list[str]) -> list[str]:
    """The queries of the fragment itself: not the session's and the signed-in user's that every request pays."""
    return [sql for sql in sqls if '"django_session"' not in sql and 'FROM "auth_user"' not in sql]


def test_a_subscriber_gets_the_very_bytes_of_the_rendered_page_then_from_the_cache_with_no_query(room, subscriber):
    _, client = subscriber
    first, first_sqls = _queries(client, _body_url(room["premium"]))  # renders: the old path
    assert first.status_code == 200 and SECRET.encode() in first.content
    kept, kept_sqls = _queries(client, _body_url(room["premium"]))
    assert kept.status_code == 200 and kept.content == first.content
    assert _own(kept_sqls) == [], kept_sqls
    assert len(kept_sqls) <= 2  # the session and the signed-in user, as for any signed-in request
    assert (kept["Cache-Control"], kept["Vary"], kept["X-Robots-Tag"]) == ("private, max-age=30", "Cookie", "noindex")
    assert kept["Content-Type"] == first["Content-Type"]


def test_with_the_readers_entitlement_not_cached_a_kept_body_costs_one_query(
    room, subscriber, django_assert_max_num_queries
):
    user, client = subscriber
    client.get(_body_url(room["premium"]))  # the body is kept (any entitled reader's request keeps it for all)
    cache.delete(paywall.READS_ALL_CACHE_KEY.format(user_id=user.pk, version=access_version(user_id=user.pk)))
    with django_assert_max_num_queries(3):  # the session, the signed-in user, and the fragment's one
        response, sqls = _queries(client, _body_url(room["premium"]))
    assert response.status_code == 200 and SECRET.encode() in response.content
    assert len(_own(sqls)) == 1 and "subscriptions_subscription" in _own(sqls)[0]  # no article, no render


def test_the_kept_body_reaches_nobody_who_is_not_entitled(room, subscriber, django_user_model):
    _, client = subscriber
    assert client.get(_body_url(room["premium"])).status_code == 200  # kept now
    assert client.get(_body_url(room["premium"])).status_code == 200
    signed_in = non_subscriber_client(django_user_model)
    for reader in (Client(), signed_in, Client(HTTP_USER_AGENT="Googlebot/2.1")):
        response = reader.get(_body_url(room["premium"]))
        assert response.status_code == 403
        assert response["Cache-Control"] == "private, no-store"
        for text in (SECRET, SECRET_QUOTE, THIRD):
            assert text.encode() not in response.content


def test_a_subscriber_whose_subscription_ends_loses_the_body_at_once(room, subscriber):
    user, client = subscriber
    assert client.get(_body_url(room["premium"])).status_code == 200
    assert client.get(_body_url(room["premium"])).status_code == 200  # from the cache
    subscription = Subscription.objects.get(user=user)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        apply_transition(subscription, Status.PAST_DUE, cause="payment_failed", at=timezone.now() - timedelta(days=60))
        subscription.past_due_since = timezone.now() - timedelta(days=60)
        subscription.save()
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        apply_transition(subscription, Status.ENDED, cause="retries_exhausted", at=timezone.now())
    response = client.get(_body_url(room["premium"]))
    assert response.status_code == 403 and SECRET.encode() not in response.content


def test_a_cancelled_trial_reads_until_its_end_and_not_a_second_longer(room, subscriber):
    user, client = subscriber
    subscription = Subscription.objects.get(user=user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        subscription_cancel(subscription=subscription)
    subscription.refresh_from_db()
    assert client.get(_body_url(room["premium"])).status_code == 200
    assert client.get(_body_url(room["premium"])).status_code == 200  # entitlement and body from the cache
    with time_machine.travel(subscription.access_until + timedelta(seconds=1), tick=False):
        response = client.get(_body_url(room["premium"]))
    assert response.status_code == 403 and SECRET.encode() not in response.content


def test_a_new_revision_or_a_restriction_is_seen_at_once(room, subscriber, django_capture_on_commit_callbacks):
    _, client = subscriber
    article = room["premium"]
    assert client.get(_body_url(article)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "The harbour audit, corrected"
        article.save_revision().publish()
    assert b"The harbour audit, corrected" in client.get(_body_url(article)).content
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(_body_url(article)).status_code == 404


def test_without_javascript_a_subscriber_follows_a_noscript_link_to_a_private_full_text(room, subscriber):
    _, client = subscriber
    page = Client().get(room["premium"].url).content.decode()
    link = f'<noscript><p class="paywall-noscript"><a href="{_body_url(room["premium"])}" rel="nofollow">'
    assert link in page and SECRET not in page
    assert client.get(room["premium"].url).content.decode() == page  # the subscriber's page is everyone's
    full = client.get(_body_url(room["premium"]))
    assert full.status_code == 200 and SECRET.encode() in full.content
    assert full["Cache-Control"].startswith("private") and full["X-Robots-Tag"] == "noindex"
    assert Client().get(_body_url(room["premium"])).status_code == 403

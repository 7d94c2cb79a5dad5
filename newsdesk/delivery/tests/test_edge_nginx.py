"""deploy/nginx/pagecache.lua in a real nginx: hits answered without the app, exact purges, the app as fallback."""

import secrets
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from deploy.harness import nginx_edge
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Status, Subscription
from newsdesk.subscriptions.services.subscriptions import subscription_start
from newsdesk.subscriptions.state import apply_transition
from newsdesk.subscriptions.tests.factories import make_card, make_reader, premium

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(redis_server, live_server):
    """The live app with its page cache in Redis, and nginx in front of it; yield (nginx URL, redis process)."""
    proc, url = redis_server
    prefix = f"nd-test-{secrets.token_hex(4)}"
    caches = {
        "default": {"BACKEND": "newsdesk.delivery.cache.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": prefix},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "edge-renditions"},
    }
    with override_settings(
        CACHES=caches,
        NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60, "TIMEOUT": 3600, "EDGE": True},
        NEWSDESK_EDGE_CACHE_PREFIX=prefix + ":edge:",
    ):
        with nginx_edge(live_server.url, redis_url=url, prefix=prefix + ":edge:") as front:
            yield front, proc


def get(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_answers_anonymous_hits_itself_with_the_apps_bytes_and_headers(site, live_server):
    front, _ = site
    article = newsroom(articles=1)["articles"][0]
    status, first_headers, first = get(front + article.url)  # a miss: the app renders and stores
    assert status == 200 and first_headers.get("X-Page-Cache") != "edge"
    status, headers, body = get(front + article.url)
    assert status == 200 and headers["X-Page-Cache"] == "edge"
    assert body == first and article.title.encode() in body
    assert int(headers["Content-Length"]) == len(body)
    for name in ("ETag", "Cache-Control", "Content-Type", "Content-Security-Policy", "X-Frame-Options"):
        assert headers[name] == first_headers[name], name
    assert "Set-Cookie" not in headers

    status, headers, body = get(front + article.url, method="HEAD")
    assert (status, headers["X-Page-Cache"], body) == (200, "edge", b"")
    status, headers, _ = get(front + article.url, headers={"If-None-Match": first_headers["ETag"]})
    assert (status, headers["X-Page-Cache"]) == (304, "edge")


def test_signed_in_readers_get_the_edge_copy_query_strings_and_writes_go_to_the_app(site, django_user_model, client):
    front, _ = site
    room = newsroom(articles=1)
    article = room["articles"][0]
    get(front + article.url)
    _, _, anonymous = get(front + article.url)
    client.force_login(django_user_model.objects.create_user("r", "r@example.com", "pw-long-enough-1"))
    session = client.cookies["sessionid"].value
    status, headers, body = get(front + article.url, headers={"Cookie": f"sessionid={session}"})
    assert (status, headers["X-Page-Cache"], body) == (200, "edge", anonymous)
    assert "public" in headers["Cache-Control"] and "Set-Cookie" not in headers
    assert get(front + article.url + "?ref=x")[1].get("X-Page-Cache") != "edge"
    assert get(front + article.url, method="POST")[1].get("X-Page-Cache") != "edge"


def test_a_publish_reaches_readers_of_nginx_at_once(site):
    front, _ = site
    article = newsroom(articles=1)["articles"][0]
    get(front + article.url)
    assert get(front + article.url)[1]["X-Page-Cache"] == "edge"
    article.title = "Dam wall holds after the night's rain"
    article.save_revision().publish()  # purges after commit, in Redis, which nginx reads on every request here
    status, headers, body = get(front + article.url)
    assert status == 200 and b"Dam wall holds after the night" in body
    assert headers.get("X-Page-Cache") != "edge"  # rendered afresh by the app


def test_with_redis_down_nginx_passes_readers_to_the_app(site):
    front, redis_proc = site
    article = newsroom(articles=1)["articles"][0]
    get(front + article.url)
    assert get(front + article.url)[1]["X-Page-Cache"] == "edge"
    redis_proc.terminate()
    redis_proc.wait(timeout=10)
    status, headers, body = get(front + article.url)
    assert status == 200 and article.title.encode() in body
    assert headers.get("X-Page-Cache") != "edge"


def _subscriber_cookie(client) -> tuple[object, str]:
    user = make_reader()
    subscription_start(user=user, plan=premium(), card=make_card(), gateway=TestGateway())
    client.force_login(user)
    return user, f"sessionid={client.cookies['sessionid'].value}"


def test_nginx_answers_an_entitled_session_its_premium_body_and_nobody_else(site, client):
    front, _ = site
    room = newsroom(articles=1)
    article = make_article(
        room["africa"], "For subscribers", premium=True, body=[paragraph(f"Part {n}.") for n in "123"]
    )
    url = front + f"/subscriptions/article/{article.pk}/body"
    user, cookie = _subscriber_cookie(client)

    status, app_headers, rendered = get(url, headers={"Cookie": cookie})  # the app decides, renders and vouches
    assert status == 200 and b"Part 3." in rendered and "X-Page-Cache" not in app_headers
    status, headers, body = get(url, headers={"Cookie": cookie})
    assert (status, headers["X-Page-Cache"], body) == (200, "edge-private", rendered)
    for name in ("Cache-Control", "Vary", "X-Robots-Tag", "Content-Type", "Content-Security-Policy"):
        assert headers[name] == app_headers[name], name
    assert headers["Cache-Control"] == "private, max-age=30" and "Set-Cookie" not in headers

    assert get(url)[0] == 403  # no session
    assert get(url, headers={"Cookie": "sessionid=made-up"})[0] == 403
    other = Client()
    other.force_login(make_reader())
    status, headers, body = get(url, headers={"Cookie": f"sessionid={other.cookies['sessionid'].value}"})
    assert status == 403 and b"Part 3." not in body and "X-Page-Cache" not in headers

    subscription = Subscription.objects.get(user=user)
    with transaction.atomic():
        apply_transition(subscription, Status.PAST_DUE, cause="payment_failed", at=timezone.now() - timedelta(days=60))
        subscription.past_due_since = timezone.now() - timedelta(days=60)
        subscription.save()
    status, headers, body = get(url, headers={"Cookie": cookie})  # the subscription ended: refused at once
    assert status == 403 and b"Part 3." not in body and "X-Page-Cache" not in headers


def test_a_signed_out_session_is_no_longer_answered_at_the_edge(site, client):
    front, _ = site
    room = newsroom(articles=1)
    article = make_article(
        room["africa"], "For subscribers", premium=True, body=[paragraph(f"Part {n}.") for n in "123"]
    )
    url = front + f"/subscriptions/article/{article.pk}/body"
    _, cookie = _subscriber_cookie(client)
    get(url, headers={"Cookie": cookie})
    assert get(url, headers={"Cookie": cookie})[1]["X-Page-Cache"] == "edge-private"
    client.logout()
    status, headers, body = get(url, headers={"Cookie": cookie})
    assert status == 403 and b"Part 3." not in body and "X-Page-Cache" not in headers

"""deploy/varnish/newsdesk.vcl in a real Varnish: signed-in readers share the cached page, never a fragment."""

import urllib.error
import urllib.request

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from deploy.harness import varnish
from newsdesk.news.tests.factories import make_article, newsroom, paragraph

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def front(live_server):
    with override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60}):
        with varnish(live_server.url.removeprefix("http://")) as (url, _state):
            yield url


def _session(client, django_user_model, **fields) -> str:
    client.force_login(django_user_model.objects.create_user("r", "r@example.com", "pw-long-enough-1", **fields))
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken=abc"


def test_a_signed_in_reader_gets_the_shared_copy_and_a_private_page_goes_to_the_app(front, client, django_user_model):
    room = newsroom(articles=2)
    article, restricted = room["articles"]
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    cookie = _session(client, django_user_model)

    status, headers, signed_in_miss = get(front + article.url, {"Cookie": cookie})  # a signed-in reader misses first
    assert status == 200 and "public" in headers["Cache-Control"] and "Cookie" not in headers.get("Vary", "")
    for extra in ({}, {"Cookie": cookie}):
        status, headers, body = get(front + article.url, extra)
        assert (status, headers["X-Varnish-Cache"], body) == (200, "hit", signed_in_miss)

    for _ in range(2):  # the session reaches the app, which lets this reader in, privately, and nothing is kept
        status, headers, body = get(front + restricted.url, {"Cookie": cookie})
        assert status == 200 and restricted.title.encode() in body and headers["X-Varnish-Cache"] == "miss"
        assert "private" in headers["Cache-Control"]
    status, headers, _ = get(front + restricted.url)
    assert status == 302 and "/login" in headers["Location"]


def test_premium_body_fragments_pass_varnish_and_are_never_stored(front, client, django_user_model):
    room = newsroom(articles=1)
    article = make_article(
        room["africa"], "For subscribers", premium=True, body=[paragraph(f"Part {n}.") for n in "123"]
    )
    cookie = _session(client, django_user_model, is_staff=True)
    for _ in range(2):
        status, headers, body = get(front + f"/subscriptions/article/{article.pk}/body", {"Cookie": cookie})
        assert status == 200 and b"Part 3." in body and headers["X-Varnish-Cache"] == "miss"
        assert headers["Cache-Control"].startswith("private")
    status, _, body = get(front + f"/subscriptions/article/{article.pk}/body")
    assert status == 403 and b"Part 3." not in body

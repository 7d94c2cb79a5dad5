"""Signed-in readers get the cached page: the same bytes as anonymous readers, with nothing of theirs in it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.test import Client, RequestFactory, TestCase, override_settings
from wagtail.models import PageViewRestriction

from newsdesk.core.tests.factories import make_staff
from newsdesk.delivery.pagecache import PageCacheMiddleware, cache_page_with_tags
from newsdesk.delivery.pages import shared_render
from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.selectors import subscriber_has_access
from newsdesk.subscriptions.services.subscriptions import subscription_start
from newsdesk.subscriptions.tests.factories import make_card, make_reader, premium

pytestmark = [pytest.mark.django_db]

ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


@pytest.fixture
def room():
    room = newsroom(articles=2)
    room["premium"] = make_article(
        room["africa"],
        "A premium story",
        premium=True,
        body=[paragraph("One."), paragraph("Two."), paragraph("Three.")],
    )
    return room


def _pages(room) -> list[str]:
    return ["/", room["world"].url, room["africa"].url, "/topics/diplomacy/", room["articles"][0].url,
            room["premium"].url]  # fmt: skip


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _readers() -> dict[str, Client]:
    subscriber = make_reader()
    with TestCase.captureOnCommitCallbacks(execute=True):
        subscription_start(user=subscriber, plan=premium(), card=make_card(), gateway=TestGateway())
    assert subscriber_has_access(user=subscriber)
    return {
        "non-subscriber": _signed_in(make_reader()),
        "subscriber": _signed_in(subscriber),
        "staff": _signed_in(make_staff("Comment moderators")),
    }


@ON
@pytest.mark.parametrize("first", ["anonymous", "signed-in"], ids=["anonymous-first", "signed-in-first"])
def test_every_reader_gets_the_anonymous_bytes_from_the_cache(room, first):
    readers = _readers()
    for url in _pages(room):
        if first == "signed-in":  # a signed-in reader's miss renders the copy everyone gets
            readers["subscriber"].get(url)
        anonymous = Client().get(url)
        assert anonymous.status_code == 200, url
        for kind, client in readers.items():
            response = client.get(url)
            assert response.status_code == 200, (url, kind)
            assert response.content == anonymous.content, (url, kind)
            assert response["X-Page-Cache"] == "hit", (url, kind)
            assert "public" in response["Cache-Control"] and "Set-Cookie" not in response.headers, (url, kind)
            assert b"csrfmiddlewaretoken" not in response.content, (url, kind)


@ON
def test_a_signed_in_readers_miss_stores_a_page_with_nothing_of_theirs(room):
    reader = make_reader("particular.reader@example.org")
    response = _signed_in(reader).get(room["articles"][0].url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")  # one copy for all, in Varnish too
    assert b"particular.reader" not in response.content
    assert Client().get(room["articles"][0].url)["X-Page-Cache"] == "hit"


@ON
def test_a_page_behind_a_view_restriction_is_answered_privately_and_never_stored(room):
    article = room["articles"][1]
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    reader = _signed_in(make_reader())
    for _ in range(2):
        response = reader.get(article.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    anonymous = Client().get(article.url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


@ON
def test_a_page_that_asks_for_a_csrf_token_is_never_shared(room):
    def view(request):
        get_token(request)  # what {% csrf_token %} does
        return cache_page_with_tags(TemplateResponse(request, "404.html", {}), {"t"})

    request = RequestFactory().get("/made-up/")
    response = PageCacheMiddleware(view)(request)
    assert response["Cache-Control"] == "private, no-store"
    again = PageCacheMiddleware(lambda request: pytest.fail("served from the cache"))
    with pytest.raises(pytest.fail.Exception):
        again(RequestFactory().get("/made-up/"))


def test_shared_render_hides_the_reader_and_gives_them_back():
    request = RequestFactory().get("/")
    request.user = reader = object()
    with shared_render(request):
        assert isinstance(request.user, AnonymousUser)
    assert request.user is reader


@ON
def test_a_page_made_private_leaves_the_cache_at_once(room, django_capture_on_commit_callbacks):
    article = room["articles"][1]
    assert Client().get(article.url).status_code == 200
    assert Client().get(article.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get(article.url)
    assert response.status_code == 302 and "/login" in response["Location"]

"""One header set for every personal response, and one header scripts ask for a bare fragment with."""

from django.http import HttpResponse
from django.test import RequestFactory

from newsdesk.delivery.responses import ask_for_fragment, personal, personal_view, wants_fragment


def test_a_personal_response_is_private_unstored_and_varies_on_the_cookie():
    response = HttpResponse("yours")
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=60"

    assert personal(response) is response
    assert response["Cache-Control"] == "private, no-store"
    assert response["Vary"] == "Accept-Encoding, Cookie"


def test_a_personal_view_marks_every_answer_personal_errors_too():
    view = personal_view(lambda request: HttpResponse("gone", status=404))

    response = view(RequestFactory().get("/"))

    assert (response.status_code, response["Cache-Control"], response["Vary"]) == (404, "private, no-store", "Cookie")


def test_only_the_fragment_header_set_to_one_asks_for_the_bare_fragment():
    factory = RequestFactory()
    assert wants_fragment(factory.get("/", HTTP_X_FRAGMENT="1"))
    assert not wants_fragment(factory.get("/"))
    assert not wants_fragment(factory.get("/", HTTP_X_FRAGMENT="0"))
    assert not wants_fragment(factory.get("/", HTTP_X_POLL_FRAGMENT="1"))  # the old per-app names are gone

    request = factory.get("/")
    ask_for_fragment(request)
    assert wants_fragment(request)


def test_a_fragment_that_may_be_reused_is_still_private_and_only_when_it_succeeded():
    response = personal(HttpResponse("your body"), reuse_seconds=30)
    assert response["Cache-Control"] == "private, max-age=30"
    assert response["Vary"] == "Cookie"
    refused = personal(HttpResponse("not yours", status=403), reuse_seconds=30)
    assert refused["Cache-Control"] == "private, no-store"  # a refusal is never kept: sign in, and it is gone

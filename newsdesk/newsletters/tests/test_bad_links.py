"""Someone guessing unsubscribe or confirmation tokens is refused after a few tries an hour; real links still work
from everywhere else, and never count."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from newsdesk.newsletters.models import Status
from newsdesk.newsletters.render import unsubscribe_url
from newsdesk.newsletters.views import BAD_LINKS_PER_HOUR

from .factories import make_members, make_newsletter

pytestmark = pytest.mark.django_db

GUESSER, READER = "203.0.113.9", "198.51.100.4"
# The limit counts per clock hour: the test stays inside one.
NOW = dt.datetime(2026, 7, 1, 10, 15, tzinfo=dt.UTC)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@time_machine.travel(NOW, tick=False)
def test_after_a_few_forged_tokens_an_address_gets_429_and_others_are_unaffected():
    cache.clear()
    first, second = make_members(make_newsletter(), 2)
    client = Client(enforce_csrf_checks=True)
    real = _path(unsubscribe_url(first.pk))
    forged = real.replace(real.rsplit(".", 1)[1], "forgedsignature0/")
    for _ in range(30):  # the reader's own link, many times over: never counted as a bad link
        assert client.post(real, REMOTE_ADDR=GUESSER).status_code == 200
    for _ in range(BAD_LINKS_PER_HOUR):
        assert client.post(forged, REMOTE_ADDR=GUESSER).status_code == 400
    assert client.post("/newsletters/confirm/1-0.forged.sig/", REMOTE_ADDR=GUESSER).status_code == 429
    assert client.post(forged, REMOTE_ADDR=GUESSER).status_code == 429
    other = _path(unsubscribe_url(second.pk))
    assert client.post(other, REMOTE_ADDR=GUESSER).status_code == 429  # this hour, no token is checked from there
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert client.post(other, REMOTE_ADDR=READER).status_code == 200
    second.refresh_from_db()
    assert second.status == Status.UNSUBSCRIBED

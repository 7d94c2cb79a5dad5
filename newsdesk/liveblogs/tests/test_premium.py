"""A premium live page: headline, standfirst and key points for everyone; the posts for subscribers only, on the
page, its updates, its feeds and its structured data alike, decided by the paywall through the news hook."""

import json
import re

import pytest
from django.test import Client, override_settings

from newsdesk.liveblogs.selectors import LOCKED_NOTE
from newsdesk.liveblogs.tests.factories import make_live_page, post
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.services.subscriptions import subscription_start
from newsdesk.subscriptions.tests.factories import make_card, make_reader, premium

pytestmark = pytest.mark.django_db

SECRET = "The minister's convoy takes the coastal road at dusk."
CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def story():
    page = make_live_page(title="Budget day: live", premium=True, key_points="Tax brackets move\nFuel levy frozen")
    post(page, SECRET, key_event=True, headline="Convoy route")
    return page


def outputs(page) -> list[str]:
    return [
        page.url,
        page.url + "updates/",
        page.url + "updates/?since=0",
        page.url + "feed/rss/",
        page.url + "feed/atom/",
    ]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def subscriber() -> Client:
    reader = make_reader()
    subscription_start(user=reader, plan=premium(), card=make_card(), gateway=TestGateway())
    return signed_in(reader)


@CACHE_ON
@pytest.mark.parametrize("who", ["anonymous", "signed-in non-subscriber"])
def test_the_posts_leak_through_no_output_to_a_reader_the_paywall_refuses(story, who):
    client = Client() if who == "anonymous" else signed_in(make_reader())
    for _ in range(2):  # and not from the cache on a second asking
        for url in outputs(story):
            body = client.get(url).content.decode()
            assert SECRET not in body and "Convoy route" not in body, url
    html = client.get(story.url).content.decode()
    assert "Tax brackets move" in html and story.standfirst in html and LOCKED_NOTE in html
    updates = client.get(story.url + "updates/").json()
    assert updates["locked"] is True and updates["posts"] == [] and updates["key_events"] == []
    data = json.loads(JSONLD_RE.search(html).group(1))
    assert data["isAccessibleForFree"] is False and "liveBlogUpdate" not in data


@CACHE_ON
def test_a_subscriber_reads_the_stream_everywhere_privately_and_the_cache_keeps_none_of_it(story):
    reader = subscriber()
    for url in outputs(story):
        response = reader.get(url)
        assert SECRET in response.content.decode(), url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    for url in outputs(story):  # the subscriber's copies reached no shared cache
        assert SECRET not in Client().get(url).content.decode(), url


def test_a_free_live_page_gives_everyone_the_stream(story):
    story.premium = False
    story.save_revision().publish()
    for url in outputs(story):
        assert SECRET in Client().get(url).content.decode(), url

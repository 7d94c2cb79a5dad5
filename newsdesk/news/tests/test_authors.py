"""Author pages: who wrote it, what else they wrote, a feed; bylines and structured data lead there."""

import json
import re

import pytest
from django.test import Client, override_settings

from newsdesk.core.selectors import absolute_url
from newsdesk.delivery.tags import author_tag
from newsdesk.news.purge import tags_for_page
from newsdesk.news.tests.factories import make_article, make_author, make_image, newsroom

pytestmark = pytest.mark.django_db
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ADA_URL = absolute_url("/authors/ada-reporter/")
PAGE_CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


def test_author_page_shows_portrait_role_bio_latest_stories_and_feeds():
    room = newsroom(articles=3)
    author = room["author"]
    author.role, author.bio, author.photo = "Africa correspondent", "Ada covers the continent.", make_image("Ada")
    author.save()
    response = Client().get("/authors/ada-reporter/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ada Reporter</h1>" in body
    assert '<p class="author__role">Africa correspondent</p>' in body
    assert '<p class="author__bio">Ada covers the continent.</p>' in body
    assert 'class="author__portrait"' in body
    positions = [body.index(f"Story number {i}") for i in range(3)]
    assert positions == sorted(positions)  # newest first
    assert 'href="/feeds/authors/ada-reporter/rss/"' in body
    person = json.loads(JSONLD.search(body).group(1))["mainEntity"]
    assert person == {
        "@type": "Person",
        "name": "Ada Reporter",
        "url": ADA_URL,
        "jobTitle": "Africa correspondent",
        "description": "Ada covers the continent.",
    }


def test_author_page_is_paginated_and_lists_only_their_live_stories():
    room = newsroom(articles=0)
    other = make_author("Ben Other")
    for i in range(22):
        make_article(room["africa"], f"Ada story {i}", authors=[room["author"]])
    make_article(room["africa"], "Ben's story", authors=[other])
    first = Client().get("/authors/ada-reporter/").content.decode()
    second = Client().get("/authors/ada-reporter/?page=2").content.decode()
    assert first.count("<article") == 20 and second.count("<article") == 2
    assert "Ben&#x27;s story" not in first + second
    assert 'rel="next"' in first


def test_unknown_author_is_a_404_and_the_feed_lists_their_stories():
    newsroom(articles=2)
    assert Client().get("/authors/nobody/").status_code == 404
    feed = Client().get("/feeds/authors/ada-reporter/rss/").content.decode()
    assert feed.count("<item>") == 2 and "Stories by Ada Reporter." in feed


def test_byline_links_the_author_and_the_article_json_ld_names_their_page():
    room = newsroom(articles=1)
    body = Client().get(room["articles"][0].url).content.decode()
    assert '<a class="byline__name" href="/authors/ada-reporter/">Ada Reporter</a>' in body
    article = json.loads(JSONLD.search(body).group(1))
    assert article["author"] == [{"@type": "Person", "name": "Ada Reporter", "url": ADA_URL}]


def test_publishing_a_story_purges_its_authors_pages():
    room = newsroom(articles=1)
    assert author_tag("ada-reporter") in tags_for_page(room["articles"][0])


@PAGE_CACHE_ON
def test_editing_an_author_refreshes_their_page_and_their_bylines(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(articles=1)
    urls = ["/authors/ada-reporter/", room["articles"][0].url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        room["author"].role = "Night editor"
        room["author"].save()
    for url in urls:
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
        assert b"Night editor" in response.content, url

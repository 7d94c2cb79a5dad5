"""The article page costs a fixed number of queries, however rich the article is."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from newsdesk.news.tests.factories import make_article, make_author, make_image, newsroom, paragraph

pytestmark = pytest.mark.django_db
ARTICLE_QUERY_BUDGET = 15


def _rich_article(room, title: str, size: int):
    others = [make_article(room["africa"], f"{title} other {i}", topics=["Diplomacy"]) for i in range(size)]
    body = []
    for i in range(size):
        body += [
            paragraph(f"Paragraph {i}."),
            ("subheading", f"Heading {i}"),
            ("quote", {"text": f"Quote {i}", "attribution": "Someone"}),
            ("image", {"image": make_image(f"{title} image {i}"), "caption": "c", "credit": "d"}),
            ("related_article", {"article": others[i]}),
        ]
    return make_article(
        room["africa"],
        title,
        body=body,
        authors=[make_author(f"{title} author {i}") for i in range(size)],
        topics=[f"{title} topic {i}" for i in range(size)] + ["Diplomacy"],
        lead_image=make_image(f"{title} lead"),
    )


def _queries_for(client, url: str) -> int:
    client.get(url)  # warm the renditions, navigation and panel caches, as a running server would be
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# The whole render, as when the article's shared fragments have expired (newsdesk/news/tests/test_fragments.py
# counts the render that is served from them).
@override_settings(NEWSDESK_FRAGMENT_CACHE={"ENABLED": False})
def test_article_page_query_count_is_fixed_and_within_budget(client):
    room = newsroom(articles=0)
    small = _rich_article(room, "Small", 1)
    large = _rich_article(room, "Large", 6)
    small_count = _queries_for(client, small.url)
    large_count = _queries_for(client, large.url)
    assert large_count == small_count
    assert large_count <= ARTICLE_QUERY_BUDGET


def test_listing_pages_query_count_does_not_grow_with_articles(client):
    room = newsroom(articles=0)
    for i in range(2):
        make_article(
            room["africa"],
            f"First {i}",
            topics=["Diplomacy"],
            lead_image=make_image(f"First {i}"),
            authors=[room["author"]],
        )
    urls = ["/", "/world/", "/topics/diplomacy/", "/authors/ada-reporter/"]
    counts_before = {url: _queries_for(client, url) for url in urls}
    for i in range(10):
        make_article(
            room["africa"],
            f"More {i}",
            topics=["Diplomacy"],
            lead_image=make_image(f"More {i}"),
            authors=[room["author"]],
        )
    counts_after = {url: _queries_for(client, url) for url in urls}
    assert counts_after == counts_before

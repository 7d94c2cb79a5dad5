"""A long live page costs the same queries as a short one: its first screen, any screen back, and its updates."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.liveblogs.models import LivePage, LivePost
from newsdesk.liveblogs.tests.factories import make_live_page
from newsdesk.news.tests.factories import make_article, make_image, paragraph

pytestmark = pytest.mark.django_db

LONG = 2_000
# The live page's first screen: routing, the page's posts, pinned posts, key events, authors, the latest post's
# time. From an empty cache also the posts' images, renditions and READ links, and what the site caches for
# every page (sites, navigation, identity).
FIRST_SCREEN_QUERIES = 10
FIRST_SCREEN_QUERIES_COLD = 21  # one more since the page shares the masthead, footer and rails of the front door


def _fill(page: LivePage, count: int, *, image, article) -> None:
    """Write `count` posts straight to the table (the services' purges and locks are not what is measured)."""
    now = timezone.now()
    bodies = [
        [paragraph("Text.")],
        [paragraph("With a picture."), ("image", {"image": image, "caption": "", "credit": ""})],
        [("related_article", {"article": article}), ("quote", {"text": "Said.", "attribution": "Someone"})],
    ]
    LivePost.objects.bulk_create(
        [
            LivePost(
                page=page,
                body=bodies[i % 3],
                pinned=i in (3, count - 4),
                key_event=i % 97 == 0,
                created_at=now,
                updated_at=now,
                seq=i + 1,
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    LivePage.objects.filter(pk=page.pk).update(post_seq=count)


def _queries(client: Client, url: str, *, cold: bool = True) -> int:
    if cold:  # the posts' HTML too: the worst case, every image and link loaded
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_first_screen_older_screens_and_updates_cost_the_same_queries_at_forty_posts_and_at_two_thousand(
    django_assert_num_queries,
):
    image = make_image()
    short, long = make_live_page(title="Short coverage"), make_live_page(title="Long coverage")
    article = make_article(short.get_parent(), "A story to link")
    _fill(short, 40, image=image, article=article)
    _fill(long, LONG, image=image, article=article)
    client = Client()
    client.get(short.url)  # the site's navigation and renditions are cached after any first page
    client.get(long.url)

    with django_assert_num_queries(FIRST_SCREEN_QUERIES):
        assert client.get(long.url).status_code == 200
    assert _queries(client, short.url, cold=False) == FIRST_SCREEN_QUERIES
    assert _queries(client, long.url) == _queries(client, short.url) == FIRST_SCREEN_QUERIES_COLD
    ids = list(LivePost.objects.filter(page=long).order_by("-id").values_list("id", flat=True))
    older = {_queries(client, f"{long.url}?before={ids[depth]}") for depth in (20, 1_000, LONG - 10)}
    assert len(older) == 1, older  # the 2nd screen costs what the 99th does
    updates = {_queries(client, f"{long.url}updates/?since={since}") for since in (0 + LONG - 25, LONG - 5)}
    updates.add(_queries(client, f"{short.url}updates/"))
    assert len(updates) == 1, updates

"""The optional read replica: anonymous listings and feeds read it, everything else and every write uses the primary.

The test settings define `replica` as a test mirror of the default database (Django's TEST["MIRROR"]): a second
connection to the same data, so which alias a query went to is what these tests observe.
"""

import re

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from newsdesk.delivery.replica import REPLICA, ReplicaRouter, replica_reads
from newsdesk.news.tests.factories import newsroom

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

LISTINGS = ["/", "/world/", "/world/africa/", "/topics/diplomacy/", "/feeds/rss/", "/feeds/topics/diplomacy/atom/"]


@pytest.fixture
def room():
    return newsroom(articles=2)


@pytest.fixture
def replica_on(settings):
    settings.NEWSDESK_READ_REPLICA = True


def _get(client, url):
    """Return the response and the SQL sent to each alias while serving it."""
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[REPLICA]) as rep:
        response = client.get(url)
    return response, [q["sql"] for q in primary], [q["sql"] for q in rep]


def _reads_articles(queries) -> bool:
    """Whether any query reads the article table (Wagtail's routing query, on the primary, only names it)."""
    return any(re.search(r'(FROM|JOIN) "news_articlepage"', sql) for sql in queries)


@pytest.mark.parametrize("url", LISTINGS)
def test_anonymous_listings_and_feeds_read_articles_from_the_replica(client, room, replica_on, url):
    response, primary, replica = _get(client, url)
    assert response.status_code == 200
    assert room["articles"][0].title in response.content.decode()
    assert _reads_articles(replica), url
    # Only finding the page (Wagtail's routing, before the page serves) reads the primary; the listing itself,
    # and the queries its template runs, read the replica.
    assert all('"url_path" =' in sql for sql in primary if _reads_articles([sql])), url


def test_article_pages_read_the_primary_and_signed_in_readers_listings_are_everyones(
    client, room, replica_on, django_user_model
):
    response, primary, replica = _get(client, room["articles"][0].url)
    assert response.status_code == 200 and replica == [] and _reads_articles(primary)

    # A listing is rendered for nobody in particular, whoever asks (it is the copy the page cache gives everyone).
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw-long-enough-1"))
    for url in LISTINGS:
        response, primary, replica = _get(client, url)
        assert response.status_code == 200 and _reads_articles(replica), url


def test_without_a_replica_nothing_reads_from_it(client, room):
    for url in LISTINGS:
        response, primary, replica = _get(client, url)
        assert response.status_code == 200 and replica == [] and _reads_articles(primary), url


def test_writes_and_reads_inside_a_transaction_go_to_the_primary(replica_on):
    router = ReplicaRouter()
    assert router.db_for_read(Tag) is None  # outside a listing: the primary
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[REPLICA]) as rep:
        with replica_reads() as on:
            assert on
            assert router.db_for_read(Tag) == REPLICA
            assert router.db_for_write(Tag) == "default"
            Tag.objects.create(name="Elections", slug="elections")
            assert Tag.objects.filter(slug="elections").exists()  # the read: replica
            with transaction.atomic():
                assert router.db_for_read(Tag) is None
                Tag.objects.get(slug="elections")
    assert any("INSERT" in q["sql"] for q in primary)
    assert [q["sql"].split()[0] for q in rep] == ["SELECT"]
    assert router.allow_migrate(REPLICA, "news") is False
    assert router.allow_migrate("default", "news") is None

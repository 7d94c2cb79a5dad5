"""The meter: signed-in readers without a subscription read N premium articles a month in full, counted here."""

import threading
from contextlib import nullcontext as _nothing
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from wagtail.models import Site

from newsdesk.news.tests.factories import make_article, newsroom, paragraph
from newsdesk.paywall.models import MeteredRead, MeteringSettings
from newsdesk.paywall.services import metered_read_grant
from newsdesk.subscriptions.tests.factories import make_reader

pytestmark = pytest.mark.django_db
HIDDEN = "Marigold inspectors weighed the tarnished brass at the old customs shed."
NOW = datetime(2026, 3, 31, 20, 0, tzinfo=UTC)  # 22:00 SAST on 31 March: still March for the meter


def _premium(section, title):
    body = [paragraph("Anyone may read this."), paragraph("And this."), paragraph(f"{title}: {HIDDEN}")]
    return make_article(section, title, body=body, premium=True, published_at=NOW - timedelta(days=1))


@pytest.fixture
def room():
    room = newsroom(articles=1)
    room["premium"] = [_premium(room["africa"], f"Customs story {n}") for n in range(3)]
    return room


def allow(reads: int) -> None:
    settings = MeteringSettings.for_site(Site.objects.get(is_default_site=True))
    settings.free_premium_reads_per_month = reads
    settings.save()


def reader_client(reader=None) -> tuple[Client, object]:
    reader = reader or make_reader()
    client = Client()
    client.force_login(reader)
    return client, reader


def body(client, article):
    return client.get(f"/subscriptions/article/{article.pk}/body")


def test_off_by_default_a_non_subscriber_reads_nothing_and_nothing_is_counted(room):
    client, _ = reader_client()
    with time_machine.travel(NOW, tick=False):
        response = body(client, room["premium"][0])
    assert response.status_code == 403
    assert HIDDEN not in response.content.decode()
    assert MeteredRead.objects.count() == 0


def test_n_free_articles_a_month_then_the_offer(room):
    allow(2)
    client, reader = reader_client()
    first, second, third = room["premium"]
    with time_machine.travel(NOW, tick=False):
        response = body(client, first)
        assert response.status_code == 200
        assert HIDDEN in response.content.decode()
        assert "Free premium article 1 of 2 this month." in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        again = body(client, first)  # the same article again costs nothing
        assert "Free premium article 1 of 2 this month." in again.content.decode()
        assert "Free premium article 2 of 2 this month." in body(client, second).content.decode()
        refused = body(client, third)
    assert refused.status_code == 403
    assert HIDDEN not in refused.content.decode()
    assert "You have read your 2 free premium articles this month." in refused.content.decode()
    assert sorted(MeteredRead.objects.filter(user=reader).values_list("page_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )


def test_the_count_starts_again_on_the_first_of_the_month_in_johannesburg(room):
    allow(1)
    client, _ = reader_client()
    first, second, _ = room["premium"]
    with time_machine.travel(NOW, tick=False):
        assert body(client, first).status_code == 200
        assert body(client, second).status_code == 403
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):  # 00:00 SAST on 1 April
        assert body(client, second).status_code == 200


def test_anonymous_readers_do_not_touch_the_meter(room):
    allow(5)
    with time_machine.travel(NOW, tick=False):
        assert body(Client(), room["premium"][0]).status_code == 403
    assert MeteredRead.objects.count() == 0


def test_a_metered_read_does_not_change_the_cached_article_page(room, client):
    allow(3)
    metered, _ = reader_client()
    article = room["premium"][0]
    with time_machine.travel(NOW, tick=False):
        assert body(metered, article).status_code == 200
        page = metered.get(article.url).content.decode()
    assert HIDDEN not in page  # the page stays the teaser; the full text comes only from the private fragment


def test_turning_the_meter_off_stops_free_reads_at_once(room):
    allow(2)
    client, _ = reader_client()
    first, second, _ = room["premium"]
    with time_machine.travel(NOW, tick=False):
        assert body(client, first).status_code == 200
        allow(0)
        assert body(client, second).status_code == 403
        assert body(client, first).status_code == 403  # off means off, even for an article read this month


@pytest.mark.django_db(transaction=True)
def test_two_tabs_cannot_both_take_the_last_free_read(room):
    allow(1)
    reader = make_reader()
    results = []
    barrier = threading.Barrier(2)
    # SQLite has no row locks and one writer at a time: there the two requests take turns.
    serial = threading.Lock()

    def open_article(article):
        barrier.wait(timeout=30)
        try:
            with serial if connection.vendor != "postgresql" else _nothing():
                results.append(metered_read_grant(user=reader, page_id=article.pk, at=NOW).granted)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_article, args=(a,)) for a in room["premium"][:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert MeteredRead.objects.filter(user=reader).count() == 1

"""What people see: "Most read" for readers, the dashboard and its export for the newsroom."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.news.tests.factories import make_section, newsroom
from newsdesk.readership.models import HourlyViews
from newsdesk.readership.selectors import most_read

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)  # 10:30 SAST
HOUR = NOW.replace(minute=0)


@pytest.fixture
def news():
    return newsroom(articles=3)


def views(page, count, *, hours_ago=0, kind="direct"):
    HourlyViews.objects.create(
        hour=HOUR - dt.timedelta(hours=hours_ago),
        page_id=page.pk,
        section_id=page.get_parent().pk,
        kind=kind,
        views=count,
    )


def test_most_read_is_the_last_24_hours_best_first_and_only_live_articles(news):
    first, second, third = news["articles"]
    views(first, 5)
    views(second, 9, hours_ago=23)
    views(third, 50, hours_ago=24)  # a day ago: out
    views(first.get_parent(), 100)  # the section front: not an article
    assert [(item.article.id, item.views) for item in most_read(section_id=None, now=NOW)] == [
        (second.pk, 9),
        (first.pk, 5),
    ]
    second.unpublish()
    assert [item.article.id for item in most_read(section_id=None, now=NOW)] == [first.pk]


def test_most_read_per_section(news):
    first = news["articles"][0]
    other_section = make_section("Sport")
    views(first, 5)
    assert most_read(section_id=other_section.pk, now=NOW) == []
    assert [item.article.id for item in most_read(section_id=first.get_parent().pk, now=NOW)] == [first.pk]


def test_the_fragment_is_shared_and_cached_for_a_minute(client, news):
    first = news["articles"][0]
    views(first, 5)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/readership/most-read")
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=60"
        assert first.title in response.content.decode()
        assert not response.cookies
        views(news["articles"][1], 50)
        assert news["articles"][1].title not in client.get("/readership/most-read").content.decode()
        cache.clear()  # a minute later the key has expired
        assert news["articles"][1].title in client.get("/readership/most-read").content.decode()
        assert client.get("/readership/most-read?section=x").status_code == 400
        assert client.get("/readership/most-read?section=99999999999").status_code == 400


def test_article_section_and_home_pages_carry_the_beacon_and_the_slot(client, news):
    article = news["articles"][0]
    for page in (article, article.get_parent(), news["home"]):
        html = client.get(page.url).content.decode()
        assert f'data-readership-beacon="/readership/beacon?p={page.pk}"' in html
        assert f'<noscript><img src="/readership/beacon?p={page.pk}"' in html
        assert "data-most-read=" in html


def test_a_sub_editor_sees_the_dashboard_and_exports_csv(client, news):
    article = news["articles"][0]
    views(article, 7, kind="search")
    views(article, 3, hours_ago=2, kind="social")
    client.force_login(make_staff(roles.SUB_EDITORS))
    with time_machine.travel(NOW, tick=False):
        response = client.get("/admin/readership/")
        assert response.status_code == 200
        html = response.content.decode()
        assert article.title in html and "<td>Ada Reporter</td><td>10</td>" in html and "<svg" in html
        assert "10 views in the last 24 hours, at most 7 in an hour" in html
        export = client.get("/admin/readership/export.csv?first=2026-03-03&last=2026-03-03")
    assert export.status_code == 200 and export["Content-Type"] == "text/csv"
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0] == "hour_start_sast,page_id,headline,section,referrer_kind,views"
    assert lines[1:] == [
        f"2026-03-03T08:00:00+02:00,{article.pk},{article.title},{article.get_parent().title},social,3",
        f"2026-03-03T10:00:00+02:00,{article.pk},{article.title},{article.get_parent().title},search,7",
    ]


def test_a_bad_export_range_is_named_and_nothing_is_sent(client):
    client.force_login(make_staff(roles.EDITORS))
    response = client.get("/admin/readership/export.csv?first=2026-03-04&last=2026-03-03")
    assert response.status_code == 400
    assert response.content.decode() == "Check the dates: The first day must not be after the last."
    assert client.get("/admin/readership/export.csv?first=soon").status_code == 400


def test_a_role_without_the_permission_is_refused(client):
    client.force_login(make_staff(roles.COMMENT_MODERATORS))
    assert client.get("/admin/readership/").status_code in (302, 403)
    assert client.get("/admin/readership/export.csv?first=2026-03-03&last=2026-03-03").status_code in (302, 403)

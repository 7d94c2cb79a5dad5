"""Who is counted and how: bots and prefetches not, the day's reader once, referrers reduced to kind and host."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Sum

from newsdesk.news.tests.factories import newsroom
from newsdesk.readership import counting, stores
from newsdesk.readership.models import DailySalt, HourlyViews, RawView, ReferrerHostDay
from newsdesk.readership.rollup import roll_up

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
# 10:00 SAST on a Tuesday.
MORNING = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


def send(client, page_id, *, ua=BROWSER, ip="196.25.1.7", method="post", referrer="", **headers):
    call = getattr(client, method)
    query = f"?p={page_id}" + (f"&r={referrer}" if referrer else "")
    return call(f"/readership/beacon{query}", HTTP_USER_AGENT=ua, REMOTE_ADDR=ip, **headers)


def views_of(page_id) -> int:
    return HourlyViews.objects.filter(page_id=page_id).aggregate(total=Sum("views"))["total"] or 0


@pytest.fixture(params=["database", "redis"])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def article():
    return newsroom(articles=1)["articles"][0]


def test_same_reader_twice_in_a_day_is_one_unique_and_two_views(client, store, article):
    with time_machine.travel(MORNING, tick=False):
        assert send(client, article.pk).status_code == 204
    with time_machine.travel(MORNING + dt.timedelta(hours=5), tick=False):
        assert send(client, article.pk).status_code == 204
        send(client, article.pk, ip="41.13.9.9")  # someone else
        assert store.uniques_today(article.pk, MORNING) == 2
        assert store.readers_now(MORNING + dt.timedelta(hours=5)) == {article.pk: 2}
        roll_up(now=MORNING + dt.timedelta(hours=5))
    assert views_of(article.pk) == 3
    assert list(HourlyViews.objects.filter(page_id=article.pk).values_list("section_id", flat=True).distinct()) == [
        article.get_parent().pk
    ]


def test_a_reader_in_the_same_network_with_the_same_browser_is_the_same_reader(store):
    salt = store.salt(MORNING)
    same = counting.reader_hash(salt=salt, ip="196.25.1.7", user_agent=BROWSER, site="news.test")
    assert counting.reader_hash(salt=salt, ip="196.25.1.200", user_agent=BROWSER, site="news.test") == same
    assert counting.reader_hash(salt=salt, ip="196.25.2.7", user_agent=BROWSER, site="news.test") != same
    assert counting.reader_hash(salt=salt, ip="::ffff:196.25.1.9", user_agent=BROWSER, site="news.test") == same
    six = counting.reader_hash(salt=salt, ip="2c0f:f4c0:1:2::9", user_agent=BROWSER, site="news.test")
    assert counting.reader_hash(salt=salt, ip="2c0f:f4c0:1:ffff::1", user_agent=BROWSER, site="news.test") == six
    assert counting.reader_hash(salt=salt, ip="2c0f:f4c0:2::1", user_agent=BROWSER, site="news.test") != six


def test_a_bot_a_prefetch_and_a_prerender_are_not_counted(client, store, article):
    with time_machine.travel(MORNING, tick=False):
        assert send(client, article.pk, ua=GOOGLEBOT).status_code == 204
        send(client, article.pk, ua="")
        send(client, article.pk, HTTP_SEC_PURPOSE="prefetch;prerender")
        send(client, article.pk, HTTP_SEC_PURPOSE="prefetch")
        send(client, article.pk, HTTP_PURPOSE="prefetch")
        send(client, "abc")
        send(client, article.pk)  # the one reader
        roll_up(now=MORNING)
    assert views_of(article.pk) == 1
    assert HourlyViews.objects.count() == 1


def test_a_global_privacy_control_reader_is_a_view_without_any_hash(client, store, article):
    with time_machine.travel(MORNING, tick=False):
        send(client, article.pk, HTTP_SEC_GPC="1")
        send(client, article.pk, HTTP_SEC_GPC="1")
        assert store.uniques_today(article.pk, MORNING) == 0
        roll_up(now=MORNING)
    assert views_of(article.pk) == 2


def test_the_noscript_image_gets_a_pixel_and_is_counted(client, database_store, article):
    with time_machine.travel(MORNING, tick=False):
        response = send(client, article.pk, method="get")
        assert (response.status_code, response["Content-Type"]) == (200, "image/gif")
        assert response["Cache-Control"] == "no-store" and not response.cookies
    assert RawView.objects.get().page_id == article.pk


def test_referrers_are_kept_as_kind_and_host_only(client, store, article):
    with time_machine.travel(MORNING, tick=False):
        send(client, article.pk, referrer="www.google.co.za")
        send(client, article.pk, referrer="m.facebook.com")
        send(client, article.pk, referrer="testserver")
        send(client, article.pk, referrer="<script>")
        client.post(f"/readership/beacon?p={article.pk}&n=1", HTTP_USER_AGENT=BROWSER)
        roll_up(now=MORNING)
    kinds = dict(HourlyViews.objects.values_list("kind").annotate(total=Sum("views")))
    assert kinds == {"search": 1, "social": 1, "internal": 1, "direct": 1, "newsletter": 1}
    hosts = set(ReferrerHostDay.objects.values_list("kind", "host", "views"))
    assert hosts == {("search", "google.co.za", 1), ("social", "m.facebook.com", 1), ("internal", "testserver", 1)}


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("", "direct"),
        ("bing.com", "search"),
        ("duckduckgo.com", "search"),
        ("t.co", "social"),
        ("l.instagram.com", "social"),
        ("news.test", "internal"),
        ("mail.google.com", "search"),
        ("outlook.live.com", "newsletter"),
        ("example.org", "other"),
    ],
)
def test_referrer_kinds(host, kind):
    assert counting.referrer_kind(host=host, site="news.test", newsletter=False) == kind


def test_the_salt_rotates_at_midnight_sast_and_yesterdays_is_destroyed(store, redis_server, settings):
    before = dt.datetime(2026, 3, 3, 21, 59, 30, tzinfo=dt.UTC)  # 23:59:30 SAST
    after = dt.datetime(2026, 3, 3, 22, 0, 30, tzinfo=dt.UTC)  # 00:00:30 SAST, the next day
    with time_machine.travel(before, tick=False):
        evening = store.salt(before)
        assert store.salt(before) == evening
        hash_before = counting.reader_hash(salt=evening, ip="196.25.1.7", user_agent=BROWSER, site="news.test")
    with time_machine.travel(after, tick=False):
        morning = store.salt(after)
        roll_up(now=after)
    assert morning != evening
    assert counting.reader_hash(salt=morning, ip="196.25.1.7", user_agent=BROWSER, site="news.test") != hash_before
    if hasattr(store, "client"):
        assert store.client.get(store.key("salt", "2026-03-03")) is None
        # Redis would also drop it by itself at midnight SAST.
        ttl = store.client.ttl(store.key("salt", "2026-03-04"))
        assert 24 * 3600 - 31 <= ttl <= 24 * 3600 - 30
    else:
        assert list(DailySalt.objects.values_list("day", flat=True)) == [dt.date(2026, 3, 4)]


def test_raw_views_and_their_hashes_go_once_rolled_up_and_the_day_is_over(client, database_store, article):
    with time_machine.travel(MORNING, tick=False):
        send(client, article.pk)
        roll_up(now=MORNING)
    assert RawView.objects.count() == 1  # today's: readers now and today's uniques read it
    next_day = MORNING + dt.timedelta(days=1)
    with time_machine.travel(next_day, tick=False):
        roll_up(now=next_day)
    assert RawView.objects.count() == 0
    assert views_of(article.pk) == 1


def test_a_redis_that_does_not_answer_loses_the_view_not_the_page(client, settings, article):
    settings.READERSHIP_REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    stores._redis_store.cache_clear()
    try:
        assert send(client, article.pk).status_code == 204
    finally:
        stores._redis_store.cache_clear()

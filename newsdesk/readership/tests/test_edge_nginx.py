"""deploy/nginx/readership.lua in a real nginx: beacons answered there, counted in Redis as the app counts them."""

import datetime as dt
import secrets
import urllib.error
import urllib.request

import pytest
import redis
import time_machine
from django.db.models import Sum

from deploy.harness import nginx_edge
from newsdesk.news.tests.factories import newsroom
from newsdesk.readership import stores
from newsdesk.readership.models import HourlyViews, ReferrerHostDay
from newsdesk.readership.rollup import roll_up

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"


@pytest.fixture
def edge(redis_server, live_server, settings):
    """nginx in front of the live app, counting into a throwaway Redis under a fresh prefix; yield its URL."""
    _, url = redis_server
    prefix = f"rd-edge-{secrets.token_hex(3)}:"
    settings.READERSHIP_REDIS_URL = url
    settings.READERSHIP_REDIS_PREFIX = prefix
    stores._redis_store.cache_clear()
    # nginx dates a view (the day's salt, the hour's counters) by the machine's real clock, which no test can move;
    # the app's side is brought to that clock, read from Redis (a separate process, so the suite's clock is not its).
    seconds, micros = redis.Redis.from_url(url).time()
    machine_now = dt.datetime.fromtimestamp(seconds + micros / 1e6, dt.UTC)
    with time_machine.travel(machine_now, tick=True):
        with nginx_edge(live_server.url, redis_url=url, prefix="nd-edge:", readership_prefix=prefix) as front:
            yield front
    stores._redis_store.cache_clear()


def beacon(base, page_id, *, ua=BROWSER, method="POST", referrer="", headers=None):
    url = f"{base}/readership/beacon?p={page_id}" + (f"&r={referrer}" if referrer else "")
    request = urllib.request.Request(url, method=method, headers={"User-Agent": ua, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_nginx_counts_people_once_a_day_and_leaves_out_bots_and_prerenders(edge):
    article = newsroom(articles=1)["articles"][0]
    status, headers, body = beacon(edge, article.pk)
    assert (status, body, headers["Cache-Control"]) == (204, b"", "no-store")
    assert beacon(edge, article.pk, method="GET")[1]["Content-Type"] == "image/gif"
    assert beacon(edge, article.pk, ua=BINGBOT)[0] == 204
    assert beacon(edge, article.pk, headers={"Sec-Purpose": "prefetch;prerender"})[0] == 204
    assert beacon(edge, article.pk, ua="")[0] == 204
    assert beacon(edge, "12ab")[0] == 204
    assert beacon(edge, article.pk, referrer="www.google.co.za")[0] == 204
    assert beacon(edge, article.pk, headers={"Sec-GPC": "1"})[0] == 204

    store = stores.current_store()
    now = _now(store)
    assert store.uniques_today(article.pk, now) == 1, _keys(store)
    assert store.readers_now(now) == {article.pk: 1}, (now, _keys(store))
    roll_up(now=now)
    kinds = dict(HourlyViews.objects.values_list("kind").annotate(Sum("views")))
    assert kinds == {"direct": 3, "search": 1}
    assert list(ReferrerHostDay.objects.values_list("host", "kind", "views")) == [("google.co.za", "search", 1)]


def test_nginx_and_the_app_know_the_same_reader_by_the_same_hash(edge, live_server):
    article = newsroom(articles=1)["articles"][0]
    beacon(edge, article.pk)  # made the day's salt in Redis, from nginx
    # The app itself, from the same address and browser, for the same site name nginx saw.
    assert beacon(live_server.url.replace("localhost", "127.0.0.1"), article.pk)[0] == 204
    store = stores.current_store()
    now = _now(store)
    assert store.uniques_today(article.pk, now) == 1, _keys(store)
    roll_up(now=now)
    assert HourlyViews.objects.aggregate(total=Sum("views"))["total"] == 2
    salts = store.client.keys(store.prefix + "salt:*")
    assert len(salts) == 1 and 0 < store.client.ttl(salts[0]) <= 24 * 3600


def _now(store) -> dt.datetime:
    """Return the machine's time as nginx reads it: Redis's clock, not the (travelled) suite's."""
    seconds, micros = store.client.time()
    return dt.datetime.fromtimestamp(seconds + micros / 1e6, dt.UTC)


def _keys(store) -> list[str]:
    """What nginx wrote, for a failure's message."""
    return sorted(store.client.keys(store.prefix + "*"))

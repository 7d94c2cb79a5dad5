import os
import secrets

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from newsdesk.core import ratelimit
from newsdesk.core.ratelimit import allow, client_ip, first_refused, ip_network_key
from newsdesk.core.tests.test_faults import DEAD_REDIS


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_allow_counts_up_to_the_limit_then_refuses():
    results = [allow("test", "1.2.3.4", limit=3, window=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_limits_are_separate_per_key_and_scope():
    assert allow("a", "k", limit=1, window=60)
    assert not allow("a", "k", limit=1, window=60)
    assert allow("a", "other", limit=1, window=60)
    assert allow("b", "k", limit=1, window=60)


def test_client_ip_ignores_forwarded_header_without_trusted_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


@override_settings(NEWSDESK_TRUSTED_PROXY_COUNT=1)
def test_client_ip_takes_the_address_our_proxy_saw_not_what_the_client_claims():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_survives_garbage():
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-ip")
    assert client_ip(request) == "0.0.0.0"


def test_network_key_groups_ipv4_by_24_and_ipv6_by_64():
    assert ip_network_key("203.0.113.77") == "203.0.113.0/24"
    assert ip_network_key("2001:db8:1:2:3::9") == "2001:db8:1:2::/64"


def test_first_refused_counts_every_hit_and_names_the_first_over_its_limit():
    hits = [("poll-ip", "203.0.113.9", 2), ("poll-net", "203.0.113.0/24", 3)]
    assert [first_refused(hits, window=60) for _ in range(4)] == [None, None, 0, 0]
    # Both counters moved on every call: the network's own limit of 3 is already spent.
    assert first_refused([("poll-net", "203.0.113.0/24", 3)], window=60) == 0
    assert first_refused([("poll-ip", "198.51.100.1", 5), ("poll-net", "203.0.113.0/24", 3)], window=60) == 1


@pytest.fixture
def redis_cache():
    """A ResilientRedisCache on the suite's Redis when REDIS_URL is set, else on fakeredis (which runs the Lua)."""
    from newsdesk.delivery.cache import ResilientRedisCache

    if os.environ.get("REDIS_URL"):
        backend = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"rl-test-{secrets.token_hex(4)}"})
    else:
        import fakeredis

        options = {"connection_class": fakeredis.FakeRedisConnection, "server": fakeredis.FakeServer()}
        backend = ResilientRedisCache("redis://fake", {"OPTIONS": options})
    return backend


def test_redis_counts_several_windowed_counters_in_one_script_call(redis_cache, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    hits = [("poll-ip", "203.0.113.9", 2), ("poll-net", "203.0.113.0/24", 3)]
    assert [first_refused(hits, window=60) for _ in range(4)] == [None, None, 0, 0]
    key = redis_cache.make_and_validate_key(ratelimit._cache_key("poll-net", "203.0.113.0/24", 60))
    client = redis_cache._cache.get_client(key)
    assert int(client.get(key)) == 4
    assert 0 < client.ttl(key) <= 61  # the window's first hit set its expiry
    client.delete(key, redis_cache.make_and_validate_key(ratelimit._cache_key("poll-ip", "203.0.113.9", 60)))


@override_settings(CACHES=DEAD_REDIS)
def test_first_refused_falls_back_to_a_local_count_when_redis_is_down():
    hits = [("fallback-many", "203.0.113.5", 2)]
    assert [first_refused(hits, window=60) for _ in range(3)] == [None, None, 0]

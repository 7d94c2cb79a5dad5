import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from newsdesk.core.ratelimit import allow, client_ip, ip_network_key


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

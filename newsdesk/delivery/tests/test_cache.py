"""The Redis cache client: one redis-py client per connection pool, shared by every call."""

from newsdesk.delivery.cache import ResilientRedisCache


def _cache(location: str) -> ResilientRedisCache:
    return ResilientRedisCache(location, {"KEY_PREFIX": "test-clients"})


def test_every_call_on_one_server_reuses_one_client_and_its_pool():
    cache = _cache("redis://127.0.0.1:1/0")  # never connected: building clients opens no socket

    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("a", write=True) is first
    assert first.connection_pool is cache._cache._get_connection_pool(write=True)


def test_each_server_keeps_its_own_client():
    cache = _cache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0")

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client(write=False)  # reads go to the second server when there are two
    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2

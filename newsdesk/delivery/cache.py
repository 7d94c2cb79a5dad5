"""A Redis cache that keeps the site up when Redis is down.

The whole-page cache, navigation and counters are optimisations: when Redis stops answering, reads miss and
writes are dropped, the site renders from the database, and the fault is logged at most once a minute rather
than once per request. Counters (rate limits) raise CacheUnavailable so their caller can fall back to a local
limit instead of letting everything through.
"""

import logging
import time
from functools import cached_property

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60


# INCR each key; a key's first hit starts its window (EXPIRE). Returns the counts in order.
COUNT_IN_WINDOW_LUA = """
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts
"""


class CacheUnavailable(Exception):
    """The shared cache did not answer."""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class PooledClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis-py client per connection pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis for every cache call, and building one (its response callbacks, its
        # options) costs more than a round trip to a local Redis. A client only borrows connections from its pool
        # per command, so one per pool is safe to share between threads.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient

    def _fault(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.error("cache unavailable (%s failed: %s); serving without it", operation, error)

    def _guard(self, operation: str, call, default):
        try:
            return call()
        except _redis_errors() as error:
            self._fault(operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def set(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, version=version, **kwargs), None)

    def set_many(self, data, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, version=version, **kwargs), []
        )

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), None)

    def add(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        try:
            return super().add(key, value, version=version, **kwargs)
        except _redis_errors() as error:
            self._fault("add", error)
            raise CacheUnavailable(str(error)) from error

    def incr_many_in_window(self, keys: list[str], timeout: int, version=None) -> list[int]:
        """Add one to each windowed counter (expiring `timeout` seconds after its first hit) in one round trip;
        return their new values.

        A rate-limited write usually counts against two limits (the address and its network): one Lua script call
        instead of a pipeline per counter. Django's client sends every write to the first server, so all the keys
        live on one server, as a script needs.
        """
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        try:
            return [int(count) for count in self._count_in_window(keys=keys, args=[timeout])]
        except _redis_errors() as error:
            self._fault("incr", error)
            raise CacheUnavailable(str(error)) from error

    @cached_property
    def _count_in_window(self):
        """Return the counting script, registered once per cache (redis-py runs it by its SHA, loading it if the
        server has forgotten it)."""
        return self._cache.get_client(write=True).register_script(COUNT_IN_WINDOW_LUA)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except _redis_errors() as error:
            self._fault("incr", error)
            raise CacheUnavailable(str(error)) from error

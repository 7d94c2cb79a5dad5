import secrets

import pytest
import redis

from newsdesk.readership import stores


@pytest.fixture
def database_store(settings):
    """Count without Redis: raw rows in the database."""
    settings.READERSHIP_REDIS_URL = ""
    return stores.current_store()


@pytest.fixture
def redis_store(settings, redis_server):
    """Count in a throwaway redis-server, as production does with REDIS_URL set."""
    _, url = redis_server
    settings.READERSHIP_REDIS_URL = url
    settings.READERSHIP_REDIS_PREFIX = f"rd-test-{secrets.token_hex(3)}:"
    stores._redis_store.cache_clear()
    yield stores.current_store()
    stores._redis_store.cache_clear()


@pytest.fixture
def redis_client(redis_server):
    return redis.Redis.from_url(redis_server[1], decode_responses=True)

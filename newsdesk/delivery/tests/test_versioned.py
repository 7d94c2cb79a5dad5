"""Versioned cache keys: one bump makes every copy stored under the old version miss."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from newsdesk.delivery.versioned import bump_version, current_version

DEAD_REDIS = {
    "default": {
        "BACKEND": "newsdesk.delivery.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_version_is_started_once_and_read_back_the_same():
    first = current_version("test:version")
    assert first == current_version("test:version") == cache.get("test:version")


def test_a_bump_starts_a_new_version():
    before = current_version("test:version")
    bump_version("test:version")
    assert current_version("test:version") not in (before, None)


def test_a_version_the_caller_already_read_is_used_without_asking_the_cache_again():
    cache.set("test:version", "stored")
    assert current_version("test:version", found="read-with-the-entry") == "read-with-the-entry"


def test_with_the_cache_down_every_read_gets_a_version_no_stored_copy_carries():
    with override_settings(CACHES=DEAD_REDIS):
        first, second = current_version("test:version"), current_version("test:version")
    assert first != second

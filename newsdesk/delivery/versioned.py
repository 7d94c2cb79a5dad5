"""Versions for cached renderings that one change makes stale all at once.

A comment thread is cached per sort and page, the markets panel as HTML and as the API's payload: rather than find
and delete every copy, a change bumps one small version key, and every copy stored under the old version misses.
A rendering that raced a change is stored under the old version, so the next reader renders again.
"""

import uuid

from django.core.cache import cache

from .cache import CacheUnavailable


def _new_version() -> str:
    return uuid.uuid4().hex


def current_version(key: str, *, found: str | None = None) -> str:
    """Return the version under `key` (`found`, when the caller read it along with its entry), starting one if none.

    When the cache does not answer, return a version no stored copy carries: nothing cached is trusted meanwhile.
    """
    if found is not None:
        return found
    version = cache.get(key)
    if version is None:
        version = _new_version()
        try:
            cache.add(key, version, None)  # add: of two first readers, both end up with the one stored
        except CacheUnavailable:
            return version
        version = cache.get(key, version)
    return version


def bump_version(key: str) -> None:
    """Start a new version under `key`, so every copy stored under the old one misses."""
    cache.set(key, _new_version(), timeout=None)

"""A version per reader that moves whenever their subscription changes state, for caches of what it gives them.

Whoever caches an answer that follows from a reader's subscription (the paywall's "reads every premium article")
keys it by `access_version`; the state machine (`state.transition`, the one place a status changes) moves the
version once the change commits, so the next question is answered afresh at once.
"""

import time

from django.core.cache import cache
from django.db import transaction

ACCESS_VERSION_KEY = "subscriptions:access-version:{user_id}"


def access_version(*, user_id: int) -> int:
    """Return the reader's current access version (0 until their subscription first changes state)."""
    return cache.get(ACCESS_VERSION_KEY.format(user_id=user_id), 0)


def access_version_cache_key(*, user_id: int) -> str:
    """Return the key the version is stored under in the cache's own store (Redis), for readers outside the app
    (nginx compares it there; an int is stored as its digits)."""
    return cache.make_and_validate_key(ACCESS_VERSION_KEY.format(user_id=user_id))


def access_changed(*, user_id: int) -> None:
    """Move the reader's access version once the current transaction commits (at once outside one)."""

    def bump() -> None:
        cache.set(ACCESS_VERSION_KEY.format(user_id=user_id), time.time_ns(), timeout=None)

    transaction.on_commit(bump)

"""An optional read replica for listing pages: reads go there only inside `replica_reads()`, writes never do.

A replica lags its primary by a little, so only pages that are the same for every anonymous reader and tolerate
a second of lag (the front page, sections, topics, feeds) opt in; everything else, and every signed-in reader,
reads the primary. With no DATABASE_REPLICA_URL the router is not installed and nothing changes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("newsdesk_reading_replica", default=False)


def replica_configured() -> bool:
    return getattr(settings, "NEWSDESK_READ_REPLICA", False) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads(request=None, *, enabled: bool = True) -> Iterator[bool]:
    """Send the block's reads to the replica, unless it is off, absent, or the request has a signed-in user."""
    on = enabled and replica_configured() and (request is None or not request.user.is_authenticated)
    token = _reading_replica.set(on)
    try:
        yield on
    finally:
        _reading_replica.reset(token)


def render_from_replica(view):
    """Decorate a listing view: its queries, including those a template runs while rendering, read the replica."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads(request):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    return wrapped


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; writes, and reads inside a transaction, to the primary."""

    def db_for_read(self, model, **hints):
        # Inside a transaction the code may be about to write from what it reads: read the primary.
        if _reading_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects read from either may relate.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # the replica gets its schema by replication

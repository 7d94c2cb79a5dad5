"""The same batch sent twice at the same moment (a retrying client) is stored once."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections

from newsdesk.markets.models import Provider, PushBatch, Quote
from newsdesk.markets.services import push_batch_ingest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_copies_of_one_batch_store_it_once():
    from django.core.management import call_command

    call_command("migrate", "markets", "0001", verbosity=0)  # a transactional test flushed the seeded rows
    call_command("migrate", "markets", verbosity=0)
    vendor = Provider.objects.get(slug="vendor")
    payload = {
        "batch_id": "race-1",
        "quotes": [{"instrument": "J200", "as_of": f"2026-11-27T09:{m:02d}:00Z", "value": "90000"} for m in range(50)],
    }
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    results, errors = [], []
    # The in-memory SQLite test database raises "table is locked" instead of waiting: there the copies run in turn.
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if concurrent else 1)

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(push_batch_ingest(provider=vendor, payload=payload, now=now))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    if concurrent:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for thread in threads:
            thread.start()
            thread.join()
    assert errors == []
    assert sorted((r.stored, r.duplicate) for r in results) == [(0, True), (50, False)]
    assert PushBatch.objects.count() == 1
    assert Quote.objects.count() == 50
    if concurrent:
        # The winning copy recorded every quote; the other saw its batch id through the unique index.
        assert PushBatch.objects.get().quote_count == 50

"""Counts are exact when beacons and roll-ups run at once, in Redis and in the database."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from newsdesk.readership.counting import View
from newsdesk.readership.models import HourlyViews, RawView
from newsdesk.readership.rollup import roll_up
from newsdesk.readership.stores import current_store

pytestmark = pytest.mark.django_db(transaction=True)

AT = dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC)
THREADS, EACH = 8, 250


def _at_once(work, count: int, *, serialise: bool) -> list:
    gate = threading.Barrier(count)
    errors: list = []
    # SQLite's in-memory test database refuses rather than waits on a lock: there the threads take turns.
    turns = threading.Lock() if serialise else None

    def run(i):
        try:
            gate.wait()
            if turns is None:
                work(i)
            else:
                with turns:
                    work(i)
        except Exception as error:  # asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _beacons(i: int) -> None:
    store = current_store()
    for n in range(EACH):
        store.count(View(page_id=1 + n % 3, kind="direct", host="", reader=f"{i:02d}{n:030d}", at=AT))


def _total() -> int:
    return HourlyViews.objects.aggregate(total=Sum("views"))["total"] or 0


def test_redis_counts_every_beacon_once_while_roll_ups_run_between_them(redis_store):
    rolled: list[int] = []

    def work(i):
        if i == THREADS:  # one more thread rolls up again and again while the beacons land
            for _ in range(5):
                rolled.append(roll_up(now=AT))
        else:
            _beacons(i)

    # Only the roll-up thread uses the database, so even on SQLite everything here runs at once.
    assert _at_once(work, THREADS + 1, serialise=False) == []
    roll_up(now=AT)
    roll_up(now=AT)  # a second run adds nothing
    assert _total() == THREADS * EACH
    assert dict(HourlyViews.objects.values_list("page_id").annotate(Sum("views"))) == {1: 672, 2: 664, 3: 664}
    assert redis_store.uniques_today(1, AT) == pytest.approx(672, rel=0.02)  # HyperLogLog: within 2%


def test_a_batch_rolled_up_but_not_deleted_is_not_added_twice(redis_store):
    _beacons(0)
    redis_store.take_batch()
    batch = redis_store.batches()[0]
    real_drop = redis_store.drop_batch
    redis_store.drop_batch = lambda batch: None  # the worker dies after its commit, before deleting
    roll_up(now=AT)
    redis_store.drop_batch = real_drop
    assert redis_store.batches() == [batch]
    roll_up(now=AT)
    assert _total() == EACH and redis_store.batches() == []


def test_the_database_counts_every_beacon_once_with_roll_ups_between(database_store):
    serialise = connection.vendor != "postgresql"

    def work(i):
        if i == THREADS:
            for _ in range(5):
                roll_up(now=AT)
        else:
            _beacons(i)

    assert _at_once(work, THREADS + 1, serialise=serialise) == []
    roll_up(now=AT)
    assert RawView.objects.count() == THREADS * EACH
    assert _total() == THREADS * EACH
    assert database_store.uniques_today(1, AT) == 672


def test_a_view_committed_after_a_later_one_is_still_rolled_up(database_store):
    """PostgreSQL numbers rows as they are inserted but commits them in any order: a roll-up that read the highest
    committed id while a lower one was still uncommitted moved past that view for good. SQLite has one writer at a
    time, so there the two views commit in turn."""
    interleave = connection.vendor == "postgresql"
    inserted, release, errors = threading.Event(), threading.Event(), []

    def slow_view():
        try:
            with transaction.atomic():
                database_store.count(View(page_id=1, kind="direct", host="", reader="a" * 32, at=AT))
                inserted.set()
                assert release.wait(20)
        except Exception as error:  # asserted on below
            errors.append(error)
        finally:
            connection.close()

    slow = threading.Thread(target=slow_view)
    slow.start()
    assert inserted.wait(20)
    if not interleave:
        release.set()
        slow.join()
    database_store.count(View(page_id=2, kind="direct", host="", reader="b" * 32, at=AT))  # a higher id, committed
    if interleave:
        threading.Timer(0.5, release.set).start()
    roll_up(now=AT)  # waits for the uncommitted view rather than moving past it
    slow.join()
    roll_up(now=AT)
    assert errors == []
    assert dict(HourlyViews.objects.values_list("page_id", "views")) == {1: 1, 2: 1}

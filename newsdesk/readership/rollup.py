"""Add what waits in the store to the hourly rows, exactly once; the work the periodic task runs.

Redis: the waiting hashes are renamed into a batch (atomic, so no beacon falls between two), the batch is added in one
transaction that also records its id (RolledBatch, unique), and only then deleted. A crash before the commit leaves
the batch for the next run; after it, the next run finds the id recorded and only deletes. What Redis loses if it
restarts without persistence is what came in since the last roll-up: at most one roll-up interval (60 s).

Database: raw views above the last rolled id, up to the highest id whose rows are all committed, are summed in SQL
and the mark moves, in one transaction under the mark's row lock. Raw rows are deleted once rolled up and their
newsroom day is over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from newsdesk.news.selectors import page_sections

from .clock import day_start, hour_of, newsroom_day
from .models import DailySalt, HourlyViews, RawView, ReferrerHostDay, RolledBatch, RollupMark
from .stores import RedisStore, current_store

WRITE_CHUNK = 2000


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _when(hour: dt.datetime):
    """Return an hour as the database driver stores a DateTimeField (raw SQL skips Django's conversion)."""
    return connection.ops.adapt_datetimefield_value(hour)


def _add_hourly(rows: list[tuple[int, int, str, int]]) -> None:
    """Add (epoch hour, page id, kind, views) rows to the hourly table: one statement per chunk on PostgreSQL."""
    table = _table(HourlyViews)
    upsert = f"ON CONFLICT (hour, page_id, kind) DO UPDATE SET views = {table}.views + excluded.views"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} (hour, page_id, kind, views) "  # noqa: S608 - table names only, values bound
                    "SELECT to_timestamp(h * 3600), p, k, v "
                    "FROM UNNEST(%s::bigint[], %s::int[], %s::text[], %s::bigint[]) AS u(h, p, k, v) " + upsert,
                    [list(column) for column in zip(*chunk, strict=True)],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {table} (hour, page_id, kind, views) VALUES (%s, %s, %s, %s) " + upsert,  # noqa: S608
                    [(_when(dt.datetime.fromtimestamp(h * 3600, dt.UTC)), p, k, v) for h, p, k, v in chunk],
                )


def _add_hosts(rows: list[tuple[dt.date, str, str, int]]) -> None:
    sql = (
        f"INSERT INTO {_table(ReferrerHostDay)} (day, kind, host, views) VALUES (%s, %s, %s, %s) "  # noqa: S608 - table names only, values bound
        f"ON CONFLICT (day, kind, host) DO UPDATE SET views = {_table(ReferrerHostDay)}.views + excluded.views"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_CHUNK):
            cursor.executemany(sql, rows[start : start + WRITE_CHUNK])


def _fill_sections(*, since: dt.datetime) -> None:
    """Give rows rolled up since an hour without a section the section their page sits in (others keep none)."""
    fresh = HourlyViews.objects.filter(section_id__isnull=True, hour__gte=since)
    pending = set(fresh.values_list("page_id", flat=True).distinct())
    for section_id, page_ids in _group_by_section(page_sections(page_ids=pending)).items():
        fresh.filter(page_id__in=page_ids).update(section_id=section_id)


def _group_by_section(sections: dict[int, int]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for page_id, section_id in sections.items():
        grouped.setdefault(section_id, []).append(page_id)
    return grouped


def _lock_mark(source: str) -> RollupMark:
    RollupMark.objects.get_or_create(source=source)
    return RollupMark.objects.select_for_update().get(source=source)


def _batch_views(store: RedisStore, batch: str) -> Iterator[list[tuple[int, int, str, int]]]:
    """Yield a batch's views in chunks, each field once (HSCAN may return a field twice)."""
    seen: set[str] = set()
    chunk = []
    for field, value in store.batch_items(batch, "views"):
        if field in seen:
            continue
        seen.add(field)
        hour, page, kind = field.split("|")
        chunk.append((int(hour), int(page), kind, value))
        if len(chunk) >= WRITE_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def roll_up_redis(store: RedisStore) -> int:
    """Roll up every Redis batch; return the views added. Each batch is written as it is read, in one transaction."""
    store.take_batch()
    added = 0
    for batch in store.batches():
        hosts = {}
        for field, value in store.batch_items(batch, "hosts"):
            day, kind, host = field.split("|", 2)
            hosts[(connection.ops.adapt_datefield_value(dt.date.fromisoformat(day)), kind, host)] = value
        with transaction.atomic():
            _lock_mark("redis")
            try:
                with transaction.atomic():
                    RolledBatch.objects.create(key=batch)
            except IntegrityError:  # rolled up before; only its deletion was missed
                pass
            else:
                first_hour = None
                for chunk in _batch_views(store, batch):
                    _add_hourly(chunk)
                    added += sum(row[3] for row in chunk)
                    first_hour = min([row[0] for row in chunk] + ([first_hour] if first_hour else []))
                _add_hosts([(*key, value) for key, value in hosts.items()])
                if first_hour is not None:
                    _fill_sections(since=dt.datetime.fromtimestamp(first_hour * 3600, dt.UTC))
        store.drop_batch(batch)
    return added


def _committed_top() -> int:
    """Return the highest raw view id at or below which every row is committed.

    On PostgreSQL ids come from a sequence as rows are inserted, and transactions commit in any order: a row with a
    lower id can commit after a higher one was read, and a watermark moved past it would never roll it up. A SHARE
    lock on the table waits for every insert in progress (each holds ROW EXCLUSIVE until it commits) and lets none
    start while the highest id is read; it is taken in a transaction of its own, so beacons wait for one short read,
    not for the roll-up. SQLite has one writer at a time, so its ids are committed in order."""
    if connection.vendor != "postgresql":
        return RawView.objects.aggregate(top=Max("id"))["top"] or 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {_table(RawView)} IN SHARE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(RawView)}")  # noqa: S608 - the table's name only
        return cursor.fetchone()[0]


def roll_up_database(*, now: dt.datetime) -> int:
    """Roll up the database's raw views; return the views added."""
    top = _committed_top()  # before the roll-up's transaction, which would hold the lock to its end
    with transaction.atomic():
        mark = _lock_mark("database")
        added = 0
        if top > mark.last_id:
            raw, hourly, hosts = _table(RawView), _table(HourlyViews), _table(ReferrerHostDay)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {hourly} (hour, page_id, kind, views) "  # noqa: S608 - table names only, values bound
                    f"SELECT hour, page_id, kind, COUNT(*) FROM {raw} WHERE id > %s AND id <= %s "
                    "GROUP BY hour, page_id, kind "
                    f"ON CONFLICT (hour, page_id, kind) DO UPDATE SET views = {hourly}.views + excluded.views",
                    [mark.last_id, top],
                )
                cursor.execute(
                    f"INSERT INTO {hosts} (day, kind, host, views) "  # noqa: S608 - table names only, values bound
                    f"SELECT day, kind, host, COUNT(*) FROM {raw} WHERE id > %s AND id <= %s AND host <> '' "
                    "GROUP BY day, kind, host "
                    f"ON CONFLICT (day, kind, host) DO UPDATE SET views = {hosts}.views + excluded.views",
                    [mark.last_id, top],
                )
                cursor.execute(f"SELECT COUNT(*) FROM {raw} WHERE id > %s AND id <= %s", [mark.last_id, top])  # noqa: S608 - table names only, values bound
                added = cursor.fetchone()[0]
            mark.last_id = top
            mark.save(update_fields=["last_id"])
            # Raw rows are at most a day and a roll-up old, unless the task stood still: then a week covers it.
            _fill_sections(since=hour_of(now) - dt.timedelta(days=7))
        # The day's hashes go with the day: rolled-up rows of an earlier day, and earlier days' salts.
        today = newsroom_day(now)
        RawView.objects.filter(id__lte=mark.last_id, at__lt=day_start(today)).delete()
        DailySalt.objects.filter(day__lt=today).delete()
    return added


def roll_up(*, now: dt.datetime) -> int:
    """Roll up whatever the configured store holds (and any raw rows left from a time without Redis)."""
    store = current_store()
    added = roll_up_database(now=now)
    if isinstance(store, RedisStore):
        added += roll_up_redis(store)
    return added

"""Where counted views wait for the roll-up: Redis when configured (nginx writes the same keys), else the database.

Both keep the same things: views per (UTC hour, page, referrer kind), views per (day, kind, referring host), the
day's unique readers per page and the readers of the last five minutes. The roll-up (rollup.py) adds what waits here
to the hourly rows, exactly once.

Redis keys, under READERSHIP_REDIS_PREFIX (deploy/nginx/readership.lua writes the same):
    salt:<day>              the day's secret, expiring at the newsroom's midnight (and deleted by the next day's)
    views                   hash "<epoch hour>|<page>|<kind>" -> views, waiting for the roll-up
    hosts                   hash "<day>|<kind>|<host>" -> views, waiting for the roll-up
    batch:<id>:views/hosts  the two hashes as a roll-up took them (renamed atomically); deleted once rolled up
    batches                 set of batch ids not yet deleted
    day:<day>:<page>        HyperLogLog of the day's reader hashes, expiring at midnight
    now:<minute>:<page>     HyperLogLog of that minute's reader hashes, expiring after six minutes
    active:<minute>         set of the pages read in that minute, expiring after six minutes
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import time
from collections.abc import Iterator

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count

from .clock import hour_of, newsroom_day, next_midnight
from .counting import View
from .models import DailySalt, RawView

# One view, counted in one round trip; deploy/nginx/readership.lua sends the same script (a test keeps the two equal).
# A key gets its expiry when PFADD or SADD changes it (always so when it is made), not on every view.
# KEYS: views, hosts, day:<day>:<page>, now:<minute>:<page>, active:<minute>
# ARGV: views field, hosts field ("" for none), reader hash ("" for none), page id, seconds left in the day
COUNT_SCRIPT = """
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if ARGV[2] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
if ARGV[3] ~= '' then
  if redis.call('PFADD', KEYS[3], ARGV[3]) == 1 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
  if redis.call('PFADD', KEYS[4], ARGV[3]) == 1 then redis.call('EXPIRE', KEYS[4], 360) end
  if redis.call('SADD', KEYS[5], ARGV[4]) == 1 then redis.call('EXPIRE', KEYS[5], 360) end
end
return 1
"""
NOW_WINDOW_MINUTES = 5
SALT_MEMORY_SECONDS = 60  # as nginx keeps it: a day's salt never changes, and goes at midnight
SCAN_CHUNK = 5000


def _minute(at: dt.datetime) -> int:
    return int(at.timestamp()) // 60


def _seconds_to_midnight(at: dt.datetime) -> int:
    """Return the seconds left in the newsroom day (relative, so Redis's own clock ends it at midnight SAST)."""
    return max(1, int((next_midnight(at) - at).total_seconds()))


class RedisStore:
    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url, decode_responses=True, **settings.REDIS_OPTIONS)
        self.prefix = prefix
        self._salt: tuple[dt.date, str, float] | None = None  # (day, salt, when read): reread at most once a minute
        self._count = self.client.register_script(COUNT_SCRIPT)  # EVALSHA, and EVAL once after a Redis restart

    def key(self, *parts: object) -> str:
        return self.prefix + ":".join(str(part) for part in parts)

    def salt(self, at: dt.datetime) -> str:
        """Return the day's salt, making it if this is the day's first reader; yesterday's is deleted."""
        day = newsroom_day(at)
        if self._salt and self._salt[0] == day and time.monotonic() - self._salt[2] < SALT_MEMORY_SECONDS:
            return self._salt[1]
        key = self.key("salt", day.isoformat())
        value = self.client.get(key)
        if value is None:
            self.client.set(key, secrets.token_hex(32), nx=True, ex=_seconds_to_midnight(at))
            self.client.delete(self.key("salt", (day - dt.timedelta(days=1)).isoformat()))
            value = self.client.get(key)
        self._salt = (day, value, time.monotonic())
        return value

    def count(self, view: View) -> None:
        day = newsroom_day(view.at).isoformat()
        hour = int(hour_of(view.at).timestamp()) // 3600
        minute = _minute(view.at)
        self._count(
            keys=[
                self.key("views"),
                self.key("hosts"),
                self.key("day", day, view.page_id),
                self.key("now", minute, view.page_id),
                self.key("active", minute),
            ],
            args=[
                f"{hour}|{view.page_id}|{view.kind}",
                f"{day}|{view.kind}|{view.host}" if view.host else "",
                view.reader,
                view.page_id,
                _seconds_to_midnight(view.at),
            ],
        )

    def uniques_today(self, page_id: int, at: dt.datetime) -> int:
        return self.client.pfcount(self.key("day", newsroom_day(at).isoformat(), page_id))

    def readers_now(self, at: dt.datetime) -> dict[int, int]:
        """Return the readers of each page in the last five minutes (pages with none left out)."""
        minutes = range(_minute(at) - NOW_WINDOW_MINUTES + 1, _minute(at) + 1)
        pages = self.client.sunion([self.key("active", minute) for minute in minutes])
        pipe = self.client.pipeline(transaction=False)
        ids = sorted(int(page) for page in pages)
        for page in ids:
            pipe.pfcount(*[self.key("now", minute, page) for minute in minutes])
        return {page: readers for page, readers in zip(ids, pipe.execute(), strict=True) if readers}

    # The roll-up's side.
    def take_batch(self) -> None:
        """Move what waits into a new batch, atomically: beacons from here on land in fresh hashes."""
        batch = secrets.token_hex(16)
        if not self.client.exists(self.key("views"), self.key("hosts")):
            return
        pipe = self.client.pipeline(transaction=True)
        pipe.sadd(self.key("batches"), batch)
        for name in ("views", "hosts"):
            pipe.renamenx(self.key(name), self.key("batch", batch, name))
        pipe.execute(raise_on_error=False)  # a hash with nothing in it is not there to rename

    def batches(self) -> list[str]:
        return sorted(self.client.smembers(self.key("batches")))

    def batch_items(self, batch: str, name: str) -> Iterator[tuple[str, int]]:
        for field, value in self.client.hscan_iter(self.key("batch", batch, name), count=SCAN_CHUNK):
            yield field, int(value)

    def drop_batch(self, batch: str) -> None:
        self.client.delete(self.key("batch", batch, "views"), self.key("batch", batch, "hosts"))
        self.client.srem(self.key("batches"), batch)


class DatabaseStore:
    """Without Redis: one row per view (an insert, so concurrent beacons cannot lose one), rolled up by id range."""

    def salt(self, at: dt.datetime) -> str:
        day = newsroom_day(at)
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = DailySalt.objects.create(day=day, secret=secrets.token_hex(32))
            except IntegrityError:  # another beacon made it first
                row = DailySalt.objects.get(day=day)
            DailySalt.objects.filter(day__lt=day).delete()
        return row.secret

    def count(self, view: View) -> None:
        RawView.objects.create(
            at=view.at,
            hour=hour_of(view.at),
            day=newsroom_day(view.at),
            page_id=view.page_id,
            kind=view.kind,
            host=view.host,
            reader=view.reader,
        )

    def uniques_today(self, page_id: int, at: dt.datetime) -> int:
        return (
            RawView.objects.filter(day=newsroom_day(at), page_id=page_id)
            .exclude(reader="")
            .values("reader")
            .distinct()
            .count()
        )

    def readers_now(self, at: dt.datetime) -> dict[int, int]:
        since = at - dt.timedelta(minutes=NOW_WINDOW_MINUTES)
        rows = (
            RawView.objects.filter(at__gt=since, at__lte=at)
            .exclude(reader="")
            .values("page_id")
            .annotate(readers=Count("reader", distinct=True))
        )
        return {row["page_id"]: row["readers"] for row in rows}


@functools.cache
def _redis_store(url: str, prefix: str) -> RedisStore:
    return RedisStore(url, prefix)


def current_store() -> RedisStore | DatabaseStore:
    """Return the store beacons count into: Redis when READERSHIP_REDIS_URL (REDIS_URL by default) is set."""
    url = settings.READERSHIP_REDIS_URL
    if url:
        return _redis_store(url, settings.READERSHIP_REDIS_PREFIX)
    return DatabaseStore()

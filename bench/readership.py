"""Readership: beacons/s through nginx and through the app, the roll-up of 10 million views, "Most read" times.

Run: `.venv/bin/python -m bench.readership [--seconds 10] [--connections 64] [--views 10000000]`.
All in one run on loopback, with a throwaway PostgreSQL database and a throwaway redis-server of its own (the roll-up
rows fill it, so it is not the shared one):
- beacons/s at 64 connections answered by nginx with deploy/nginx/readership.lua (counted in Redis), next to bare
  nginx serving a tiny file; beacons/s through the app alone (granian, the app's /readership/beacon), next to the
  bare WSGI "hello" under the same server. Each run checks that the views counted equal its 2xx answers.
- the roll-up of `--views` views waiting in Redis into hourly rows (24 hours x 2,000 pages x 6 referrer kinds), and
  of the same number of raw views in the database (the fallback without Redis): time and the process's peak RSS,
  next to its RSS before (flat memory: the views are summed in Redis and in SQL, never loaded).
- "Most read": the fragment served from the cache, and recomputed over a year of hourly rows.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager

import redis

from .server import app_server, bench_environment, free_port, manage, nginx_edge, nginx_static, require, wrk

NEEDS = {
    "postgresql-client": ("psql",),
    "nginx": ("nginx",),
    "libnginx-mod-http-lua": ("/usr/lib/nginx/modules/ngx_http_lua_module.so",),
    "wrk": ("wrk",),
    "redis-server": ("redis-server",),
}
HELLO_APP = "bench.hello_wsgi:application"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PREFIX = "bench:readership:"
TARGETS = {"nginx": 20_000, "app": 3_000, "rollup_s": 60, "cached_ms": 2, "recompute_ms": 200}

ROLLUP = """
import json, resource, time
from django.utils import timezone
from newsdesk.readership.rollup import {function}
from newsdesk.readership.stores import current_store
from newsdesk.readership.models import HourlyViews
from django.db.models import Sum
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
added = {call}
seconds = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"added": added, "seconds": seconds, "rss_before_mb": before / 1024, "rss_peak_mb": after / 1024,
                  "rows": HourlyViews.objects.count(),
                  "total": HourlyViews.objects.aggregate(t=Sum("views"))["t"]}}))
"""
RAW_VIEWS = """
from django.db import connection
from django.utils import timezone
with connection.cursor() as cursor:
    cursor.execute("TRUNCATE readership_hourlyviews, readership_referrerhostday, readership_rolledbatch, "
                   "readership_rollupmark, readership_rawview RESTART IDENTITY")
    cursor.execute(
        "INSERT INTO readership_rawview (at, hour, day, page_id, kind, host, reader) "
        "SELECT now() - (n %% 86400) * interval '1 second', "
        "date_trunc('hour', now() - (n %% 86400) * interval '1 second'), "
        "current_date, 1 + (n / 3) %% 2000, "
        "(ARRAY['direct','search','social','internal','newsletter','other'])[1 + (n / 6000) %% 6], "
        "CASE WHEN n %% 6 = 1 THEN 'google.co.za' ELSE '' END, md5(n::text) "
        "FROM generate_series(1, %s) AS n", [{views}])
print("ok")
"""
YEAR = """
import json, statistics, time
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from newsdesk.readership.selectors import most_read, most_read_html
with connection.cursor() as cursor:
    cursor.execute("TRUNCATE readership_hourlyviews")
    cursor.execute(
        "INSERT INTO readership_hourlyviews (hour, page_id, section_id, kind, views) "
        "SELECT date_trunc('hour', now()) - h * interval '1 hour', 1 + (h * 7 + p) % 20000, 1 + p % 12, "
        "(ARRAY['direct','search','social'])[1 + p % 3], 1 + (h + p) % 50 "
        "FROM generate_series(0, 8759) AS h, generate_series(0, 199) AS p")
    cursor.execute("ANALYZE readership_hourlyviews")
    cursor.execute("SELECT count(*) FROM readership_hourlyviews")
    rows = cursor.fetchone()[0]
now = timezone.now()
def timed(fn, n):
    out = []
    for _ in range(n):
        started = time.perf_counter(); fn(); out.append((time.perf_counter() - started) * 1000)
    return statistics.median(out)
recompute_site = timed(lambda: most_read(section_id=None, now=now), 9)
recompute_section = timed(lambda: most_read(section_id=3, now=now), 9)
most_read_html(section_id=None, now=now)
cached = timed(lambda: most_read_html(section_id=None, now=now), 200)
print(json.dumps({"rows": rows, "recompute_site_ms": recompute_site, "recompute_section_ms": recompute_section,
                  "cached_ms": cached}))
"""


@contextmanager
def own_redis():
    """A redis-server of this benchmark's own on a free loopback port; yield its URL."""
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="newsdesk-bench-redis-")
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def counted(client: redis.Redis) -> int:
    """Return the views waiting in Redis, and start the next run from none."""
    total = sum(int(value) for value in client.hvals(PREFIX + "views"))
    client.delete(*(client.keys(PREFIX + "*") or ["-"]))
    return total


def beacon_run(client, url: str, args) -> dict:
    wrk(url, seconds=2, connections=args.connections, headers={"User-Agent": BROWSER})  # warm-up
    time.sleep(1)  # the warm-up's last requests land before the count starts from none
    counted(client)
    result = wrk(url, seconds=args.seconds, connections=args.connections, headers={"User-Agent": BROWSER})
    time.sleep(1)
    result["counted"] = counted(client)
    result["ok"] = result["requests"] - result["non_2xx"]
    return result


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def fill_redis(client: redis.Redis, views: int) -> None:
    """Leave `views` counted views waiting in Redis, as beacons leave them, spread over 288,000 counters."""
    hour = int(time.time()) // 3600
    script = """
    local hour, views = tonumber(ARGV[1]), tonumber(ARGV[2])
    local kinds = {'direct', 'search', 'social', 'internal', 'newsletter', 'other'}
    for n = 0, views - 1 do
        local page, kind = 1 + math.floor(n / 24) % 2000, kinds[1 + math.floor(n / 48000) % 6]
        redis.call('HINCRBY', KEYS[1], (hour - n % 24) .. '|' .. page .. '|' .. kind, 1)
    end
    """
    step = 1_000_000
    for start in range(0, views, step):
        client.eval(script, 1, PREFIX + "views", hour, min(step, views - start))


def exact(row: dict, connections: int) -> str:
    """Say whether every 2xx answer was counted once: wrk stops with up to one request per connection in flight,
    answered and counted by the server but not by wrk, so counted may exceed 2xx by at most that many."""
    extra = row["counted"] - row["ok"]
    verdict = "exact" if 0 <= extra <= connections else "NOT exact"
    return f"counted - 2xx = {extra} (in flight when wrk stopped, at most {connections}): {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--views", type=int, default=10_000_000)
    args = parser.parse_args()
    require(NEEDS)
    rows = {}
    with bench_environment("readership") as (env, _workdir), own_redis() as redis_url:
        env = {**env, "REDIS_URL": redis_url, "READERSHIP_REDIS_PREFIX": PREFIX, "CACHE_KEY_PREFIX": "bench"}
        client = redis.Redis.from_url(redis_url)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")  # /healthz, the server's readiness probe, checks for it
        with nginx_static(b"ok\n") as static_url:
            rows["bare nginx (a 3-byte file)"] = wrk(static_url, seconds=args.seconds, connections=args.connections)
        with app_server(env, app=HELLO_APP, probe="/") as hello:
            wrk(hello + "/", seconds=2, connections=args.connections)
            rows["hello (bare WSGI, granian)"] = wrk(hello + "/", seconds=args.seconds, connections=args.connections)
        with app_server(env) as base:
            with nginx_edge(base, redis_url=redis_url, prefix="bench:edge:", readership_prefix=PREFIX) as edge:
                rows["beacons through nginx (readership.lua)"] = beacon_run(
                    client, edge + "/readership/beacon?p=7&r=www.google.co.za", args
                )
            rows["beacons through the app alone"] = beacon_run(
                client, base + "/readership/beacon?p=7&r=www.google.co.za", args
            )

        started = time.perf_counter()
        fill_redis(client, args.views)
        filled = time.perf_counter() - started
        redis_rollup = json.loads(
            shell(env, ROLLUP.format(function="roll_up_redis", call="roll_up_redis(current_store())"))
        )
        env_db = {**env, "READERSHIP_REDIS_URL": ""}
        started = time.perf_counter()
        shell(env_db, RAW_VIEWS.format(views=args.views))
        inserted = time.perf_counter() - started
        db_rollup = json.loads(
            shell(env_db, ROLLUP.format(function="roll_up_database", call="roll_up_database(now=timezone.now())"))
        )
        year = json.loads(shell(env, YEAR))

    nginx, app = rows["beacons through nginx (readership.lua)"], rows["beacons through the app alone"]
    bare, hello = rows["bare nginx (a 3-byte file)"], rows["hello (bare WSGI, granian)"]
    print(f"\nReadership, loopback, {args.connections} connections, {args.seconds} s per row ({os.cpu_count()} CPUs)\n")
    print(f"{'row':42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'2xx':>9} {'counted':>9}")
    for label, row in rows.items():
        ok = row.get("ok", row["requests"] - row["non_2xx"])
        print(
            f"{label:42} {row['rps']:>9.0f} {row['p50']:>8.2f} {row['p99']:>8.2f} {ok:>9} {row.get('counted', ''):>9}"
        )
    print()
    print(
        f"nginx beacons / bare nginx: {nginx['rps'] / bare['rps']:.2f}   target >= {TARGETS['nginx']}/s: "
        f"{'met' if nginx['rps'] >= TARGETS['nginx'] else 'NOT met'}; {exact(nginx, args.connections)}"
    )
    print(
        f"app beacons / hello:        {app['rps'] / hello['rps']:.2f}   target >= {TARGETS['app']}/s: "
        f"{'met' if app['rps'] >= TARGETS['app'] else 'NOT met'}; {exact(app, args.connections)}"
    )
    print()
    for label, run, extra in (
        ("views waiting in Redis", redis_rollup, f"filled in {filled:.1f} s"),
        ("raw views in PostgreSQL", db_rollup, f"inserted in {inserted:.1f} s"),
    ):
        print(
            f"roll-up of {args.views:,} {label} ({extra}): {run['seconds']:.2f} s, target < {TARGETS['rollup_s']} s; "
            f"{run['rows']:,} hourly rows, total {run['total']:,}; "
            f"RSS {run['rss_before_mb']:.0f} MB before, {run['rss_peak_mb']:.0f} MB peak"
        )
    print(
        f"most read over a year of hourly rows ({year['rows']:,} rows): recomputed {year['recompute_site_ms']:.1f} ms "
        f"(site), {year['recompute_section_ms']:.1f} ms (one section), target < {TARGETS['recompute_ms']} ms; "
        f"from the cache {year['cached_ms']:.3f} ms, target < {TARGETS['cached_ms']} ms"
    )


if __name__ == "__main__":
    main()

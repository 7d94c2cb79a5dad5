"""Markets: push-API ingest rate on PostgreSQL, and the panel's uncached render time over ~1.5 million quotes.

Run: `.venv/bin/python -m bench.markets [--seconds 8] [--clients 4] [--batch 2000] [--renders 200]`.
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_ADMIN_URL to override). Loopback only; the database is dropped after.

1. Seeds one year of trading-hours minute quotes for the eleven instruments straight in SQL (about 1.5 million
   rows), then times the panel's uncached render (selectors + template) in this process, next to the cached read.
2. Pushes batches of quotes through the production server (granian) from several client threads, on top of that
   table, next to a baseline of the same service called in-process without HTTP.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from .server import app_server, bench_environment, manage

SEED_SQL = """
INSERT INTO markets_quote (instrument_id, as_of, value, source)
SELECT i.id, t, round((100 + 10 * sin(extract(epoch from t) / 86400.0 + i.id))::numeric, 6), 'bench-seed'
FROM markets_instrument i,
     generate_series(date_trunc('minute', now()) - interval '365 days', date_trunc('minute', now()),
                     interval '1 minute') t
WHERE extract(isodow from t AT TIME ZONE 'Africa/Johannesburg') < 6
  AND (t AT TIME ZONE 'Africa/Johannesburg')::time BETWEEN '08:30' AND '17:30';
ANALYZE markets_quote;
"""
VENDOR_CODES = ["BRENT", "J200", "J203", "J210", "J211", "J212"]
LEVEL = 100.0  # the seed walks around 100 ± 10; pushed values stay within the 10% sanity band of each other
PUSH_EPOCH = datetime(2020, 1, 6, tzinfo=UTC)  # pushed moments lie years before the seeded ones


def _psql(env: dict, sql: str) -> str:
    return subprocess.run(
        ["psql", env["DATABASE_URL"], "-q", "-t", "-A", "-c", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def _django(env: dict):
    """Set this process up as the app, on the benchmark's database."""
    os.environ.update(env)
    import django

    django.setup()


class Moments:
    """Hand out disjoint runs of minutes, so concurrent batches never write the same (instrument, as_of)."""

    def __init__(self):
        self._next = 0
        self._lock = threading.Lock()

    def take(self, count: int) -> int:
        with self._lock:
            start, self._next = self._next, self._next + count
            return start


def _batch(moments: Moments, size: int, tag: str) -> tuple[dict, int]:
    minutes = size // len(VENDOR_CODES)
    first = moments.take(minutes)
    quotes = [
        {
            "instrument": code,
            "as_of": (PUSH_EPOCH + timedelta(minutes=first + m)).isoformat(),
            "value": f"{LEVEL * (1 + random.uniform(-0.03, 0.03)):.2f}",
        }
        for m in range(minutes)
        for code in VENDOR_CODES
    ]
    return {"batch_id": f"{tag}-{first}", "quotes": quotes}, len(quotes)


def _push_clients(base: str, token: str, *, clients: int, seconds: float, size: int, moments: Moments) -> dict:
    host, port = base.removeprefix("http://").split(":")
    stored, latencies, errors = [0], [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        while time.monotonic() < deadline:
            body, count = _batch(moments, size, f"c{n}")
            started = time.perf_counter()
            conn.request("POST", "/markets/api/v1/quotes", body=json.dumps(body), headers=headers)
            response = conn.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - started
            with lock:
                if response.status == 201:
                    stored[0] += count
                    latencies.append(elapsed)
                else:
                    errors.append((response.status, payload[:200]))
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {"rate": stored[0] / wall, "stored": stored[0], "latencies": latencies, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args()

    with bench_environment("markets") as (env, _workdir):
        env = {**env, "MARKETS_PUSH_RATE_LIMIT": "1000000", "MARKETS_PUSH_NETWORK_RATE_LIMIT": "1000000"}
        manage(env, "migrate", "--noinput")
        started = time.monotonic()
        _psql(env, SEED_SQL)
        rows = int(_psql(env, "SELECT count(*) FROM markets_quote"))
        print(f"seeded {rows:,} minute quotes for 11 instruments in {time.monotonic() - started:.1f}s")

        # --- the panel, uncached and cached ---
        _django(env)
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from newsdesk.markets.models import Provider
        from newsdesk.markets.panel import panel_html, render_panel
        from newsdesk.markets.providers import QuoteIn
        from newsdesk.markets.services import quotes_store

        for _ in range(10):  # warm connections and template loading
            render_panel(now=timezone.now())
        with CaptureQueriesContext(connection) as ctx:
            html, _ = render_panel(now=timezone.now())
        queries = len(ctx.captured_queries)
        assert html.count('class="markets-row') == 11
        uncached, uncached_cpu = [], []
        for _ in range(args.renders):
            now = timezone.now()
            t0, c0 = time.perf_counter(), time.process_time()
            render_panel(now=now)
            uncached.append((time.perf_counter() - t0) * 1000)
            uncached_cpu.append((time.process_time() - c0) * 1000)
        panel_html()
        cached = []
        for _ in range(args.renders):
            t0 = time.perf_counter()
            panel_html()
            cached.append((time.perf_counter() - t0) * 1000)
        reset_queries()

        # --- ingest: the service in-process (baseline), then the push API over HTTP ---
        vendor = Provider.objects.get(slug="vendor")
        moments = Moments()
        service_rates = []
        for _ in range(args.rounds):
            body, count = _batch(moments, args.batch, "inproc")
            quotes = [
                QuoteIn(q["instrument"], datetime.fromisoformat(q["as_of"]), Decimal(q["value"]))
                for q in body["quotes"]
            ]
            t0 = time.perf_counter()
            quotes_store(provider=vendor, quotes=quotes)
            service_rates.append(count / (time.perf_counter() - t0))
        connection.close()

        token = manage(env, "markets_issue_token", "vendor").strip().splitlines()[-1]
        manage(env, "collectstatic", "--noinput")  # the app server reports itself unhealthy without them
        with app_server(env) as base:
            _push_clients(base, token, clients=args.clients, seconds=1, size=args.batch, moments=moments)  # warm-up
            rounds = [
                _push_clients(base, token, clients=args.clients, seconds=args.seconds, size=args.batch, moments=moments)
                for _ in range(args.rounds)
            ]
        errors = [e for r in rounds for e in r["errors"]]
        final_rows = int(_psql(env, "SELECT count(*) FROM markets_quote"))

    api_rate = statistics.median(r["rate"] for r in rounds)
    batch_latency = statistics.median(lat for r in rounds for lat in r["latencies"]) * 1000
    print(f"panel render, {rows:,} quotes: {queries} queries per uncached render")
    p90 = sorted(uncached)[int(0.9 * len(uncached))]
    print(f"  uncached render median {statistics.median(uncached):.2f} ms (p90 {p90:.2f} ms, target < 10 ms)")
    print(f"  of which app-process CPU median {statistics.median(uncached_cpu):.2f} ms (the rest is the database)")
    print(f"  cached read median     {statistics.median(cached) * 1000:.1f} us (baseline)")
    print(f"  ratio uncached / cached: {statistics.median(uncached) / statistics.median(cached):.0f}x")
    print(f"push API ingest, batches of {args.batch}, {args.clients} clients, {args.rounds} x {args.seconds:.0f}s:")
    print(f"  median {api_rate:,.0f} quotes/s over HTTP (target >= 5,000); median batch latency {batch_latency:.0f} ms")
    print(f"  in-process service baseline median {statistics.median(service_rates):,.0f} quotes/s (one writer)")
    print(f"  ratio API / service: {api_rate / statistics.median(service_rates):.2f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work shares them)")
    per_round = ", ".join(f"{r['rate']:,.0f}" for r in rounds)
    print(f"  rounds: {per_round} quotes/s; rows now {final_rows:,}; errors {len(errors)}")
    if errors:
        print(f"  first error: {errors[0]}")


if __name__ == "__main__":
    main()

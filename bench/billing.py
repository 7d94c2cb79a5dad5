"""Billing-run benchmark on PostgreSQL with the test gateway.

1. 100,000 subscriptions whose trial has just ended (1% with a declining card): one `billing_run`; prints the
   time, charges per second, and memory (peak RSS, and RSS sampled through the run, to show it stays flat).
   Emails are queued with the production task backend (the database queue), as in a real run, where the
   worker sends them afterwards; the run's time does not include sending them.
2. 20,000 more, billed by two runs in two processes at the same moment: prints how each run's share and checks
   zero double charges (gateway charges per period, ledger payments per period, gapless receipts).

Usage: .venv/bin/python -m bench.billing [--count 100000] [--race 20000]
Needs PostgreSQL on 127.0.0.1:5432 (trust auth); creates and drops the database nd_bench_subscriptions.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

DB_NAME = "nd_bench_subscriptions"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import override_settings

    # The production task backend: a run queues its emails (one task per batch) for the worker to send later.
    override_settings(
        TASKS={"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    ).enable()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def seed(prefix: str, count: int, *, decline_every: int = 100) -> None:
    """Insert readers, test cards, payment methods and subscriptions due at AT, all in SQL (fast)."""
    from django.db import connection

    from newsdesk.subscriptions.models import Plan

    plan = Plan.objects.get(slug="premium")
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined) SELECT '!', false, %s || g, '', '', %s || g || '@example.org', false, true,"
            " now() FROM generate_series(1, %s) g",
            [prefix, prefix, count],
        )
        cur.execute(
            "INSERT INTO subscriptions_testgatewaycard (token, behaviour, fingerprint, last4, exp_month, exp_year,"
            " created_at) SELECT 'tok_' || %s || g, CASE WHEN g %% %s = 0 THEN 'declined' ELSE 'success' END,"
            " md5(%s || g), '4242', 12, 2035, now() FROM generate_series(1, %s) g",
            [prefix, decline_every, prefix, count],
        )
        cur.execute(
            "INSERT INTO subscriptions_paymentmethod (user_id, gateway, token, fingerprint, brand, last4, exp_month,"
            " exp_year, created_at) SELECT u.id, 'test', 'tok_' || u.username, md5(u.username), 'Visa', '4242', 12,"
            " 2035, now() FROM auth_user u WHERE u.username LIKE %s",
            [prefix + "%"],
        )
        cur.execute(
            "INSERT INTO subscriptions_subscription (user_id, plan_id, payment_method_id, status, created_at,"
            " trial_end, anchor, periods_paid, due_at, failed_attempts) SELECT pm.user_id, %s, pm.id, 'trialing',"
            " %s, %s, %s, 0, %s, 0 FROM subscriptions_paymentmethod pm JOIN auth_user u ON u.id = pm.user_id"
            " WHERE u.username LIKE %s",
            [plan.id, AT - timedelta(days=14), AT, AT, AT, prefix + "%"],
        )
        cur.execute("ANALYZE")


def worker(at: str, batch_size: int) -> None:
    """One billing run in its own process (used for the two-worker race)."""
    _setup_django()
    from newsdesk.subscriptions.gateways.testgateway import TestGateway
    from newsdesk.subscriptions.services.billing import billing_run

    started = time.perf_counter()
    report = billing_run(at=datetime.fromisoformat(at), gateway=TestGateway(), batch_size=batch_size)
    print(f"charged={report.charged} failed={report.failed} seconds={time.perf_counter() - started:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--race", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true", help="print the single run's top functions (cProfile)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.batch_size)
        return

    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    try:
        _setup_django()
        from django.core.management import call_command

        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - t:.1f}s")
        run_single(args)
        run_race(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")


def run_single(args) -> None:
    from django.db.models import Count

    from newsdesk.subscriptions.gateways.testgateway import TestGateway
    from newsdesk.subscriptions.models import BillingPeriod, Payment, TestGatewayCharge
    from newsdesk.subscriptions.services.billing import billing_run

    t = time.perf_counter()
    seed("bench", args.count)
    print(f"seeded {args.count} due subscriptions in {time.perf_counter() - t:.1f}s")

    samples: list[float] = []
    stop = threading.Event()

    def sample():
        while not stop.wait(0.5):
            samples.append(rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    rss_before = rss_mb()
    sampler.start()
    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(
            billing_run, at=AT + timedelta(minutes=5), gateway=TestGateway(), batch_size=args.batch_size
        )
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    else:
        report = billing_run(at=AT + timedelta(minutes=5), gateway=TestGateway(), batch_size=args.batch_size)
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    dupes = BillingPeriod.objects.values("subscription").annotate(n=Count("id")).filter(n__gt=1).count()
    print(
        f"single run: {report.charged} charged, {report.failed} declined in {elapsed:.1f}s "
        f"({(report.charged + report.failed) / elapsed:.0f} subscriptions/s; target < 60 s)"
    )
    quarter = max(1, len(samples) // 4)
    marks = [samples[min(i * quarter, len(samples) - 1)] for i in range(4)] + [samples[-1]] if samples else []
    print(
        f"memory: RSS before {rss_before:.0f} MB, during run at 0/25/50/75/100% "
        f"{' / '.join(f'{m:.0f}' for m in marks)} MB, peak RSS {peak_rss_mb():.0f} MB"
    )
    from django_tasks_db.models import DBTaskResult

    print(
        f"checks: payments={Payment.objects.count()} gateway_charges_ok="
        f"{TestGatewayCharge.objects.filter(succeeded=True).count()} periods_billed_twice={dupes} "
        f"email tasks queued={DBTaskResult.objects.count()}"
    )
    assert report.charged + report.failed == args.count
    assert Payment.objects.count() == TestGatewayCharge.objects.filter(succeeded=True).count() == report.charged


def run_race(args) -> None:
    from django.db.models import Count

    from newsdesk.subscriptions.models import BillingPeriod, Payment, TestGatewayCharge

    if not args.race:
        return
    before_payments = Payment.objects.count()
    seed("race", args.race)
    at = (AT + timedelta(minutes=10)).isoformat()
    cmd = [sys.executable, "-m", "bench.billing", "--worker", at, "--batch-size", "200"]
    started = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]  # noqa: S603
    outputs = [p.communicate(timeout=600)[0].strip() for p in procs]
    elapsed = time.perf_counter() - started
    charged = Payment.objects.count() - before_payments
    per_period = TestGatewayCharge.objects.filter(succeeded=True).values("reference")
    refs = [r["reference"].rsplit("-", 1)[0] for r in per_period]
    double_at_gateway = len(refs) - len(set(refs))
    double_periods = BillingPeriod.objects.values("subscription").annotate(n=Count("id")).filter(n__gt=1).count()
    numbers = sorted(Payment.objects.values_list("receipt_number", flat=True))
    gapless = numbers == list(range(1, len(numbers) + 1))
    print(f"two concurrent runs over {args.race} due subscriptions in {elapsed:.1f}s: " + " | ".join(outputs))
    print(
        f"race checks: new payments={charged}, double charges at the gateway={double_at_gateway}, "
        f"periods billed twice={double_periods}, receipts gapless={gapless}"
    )
    assert double_at_gateway == 0 and double_periods == 0 and gapless


if __name__ == "__main__":
    main()

"""Newsletter benchmark: a 100,000-recipient edition to a local SMTP sink, a worker killed twice mid-send, and 500
concurrent one-click unsubscribes.

1. Baseline: the same email bytes handed to the sink by a bare smtplib loop (no database, no rendering): the
   sink's ceiling on this machine. Then the edition: deliveries written, rendered once, sent by the senders
   (processes running `sending.edition_send`, as the task does) over SMTP with the hand-over commit; emails/s,
   the ratio to the baseline, each sender's peak RSS and its RSS sampled through the send (flat memory).
2. A second edition to the same 100,000: the first sender is SIGKILLed after about 20% is sent, the second after
   about 55%, a third finishes (taking over the dead runs' batches after the claim timeout). The sink's count:
   exactly 100,000 messages, one per recipient, is the target; the database's sent rows are printed beside it.
3. 500 distinct one-click unsubscribe POSTs (RFC 8058: no cookie, no CSRF token) at once through the production
   server (granian): all take effect; the 500 replayed change nothing; 50 forged tokens get 4xx. Latency medians
   next to /healthz under the same concurrency.

Usage: .venv/bin/python -m bench.newsletters [--recipients 100000] [--senders 2]
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_ADMIN_URL); creates and drops its own database. About 3 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .server import PYTHON, ROOT, app_server, bench_environment, free_port, manage


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# -- the SMTP sink, in a process of its own ------------------------------------------------------------------------


def run_sink(port: int, out: str) -> None:
    """Accept mail on loopback until SIGTERM; then write how many messages each recipient got."""
    from aiosmtpd.controller import Controller

    counts: Counter[str] = Counter()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            for rcpt in envelope.rcpt_tos:
                counts[rcpt.lower()] += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, data_size_limit=10_000_000)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    controller.stop()
    Path(out).write_text(json.dumps(counts))


_SINKS: list[subprocess.Popen] = []


class Sink:
    def __init__(self):
        self.port = free_port()
        handle, self.out = tempfile.mkstemp(prefix="newsletter-sink-", suffix=".json")
        os.close(handle)
        self.proc = subprocess.Popen([PYTHON, "-m", "bench.newsletters", "--sink", str(self.port), self.out], cwd=ROOT)
        _SINKS.append(self.proc)
        for _ in range(100):
            try:
                smtplib.SMTP("127.0.0.1", self.port, timeout=1).quit()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    def counts(self) -> Counter:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        counts = Counter(json.loads(Path(self.out).read_text()))
        os.unlink(self.out)
        return counts


# -- a sender, in a process of its own (what a task worker runs) ---------------------------------------------------


def run_sender(edition_id: int) -> None:
    import django

    django.setup()
    from newsdesk.newsletters import sending

    samples: list[float] = []
    stop = threading.Event()

    def sample():
        while not stop.wait(0.5):
            samples.append(rss_mb())

    threading.Thread(target=sample, daemon=True).start()
    sending.edition_start(edition_id=edition_id)
    totals = sending.edition_send(edition_id=edition_id)
    stop.set()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    steady = samples[2:] or samples
    print(
        json.dumps({"totals": totals, "peak_mb": peak, "rss_min": min(steady or [0]), "rss_max": max(steady or [0])}),
        flush=True,
    )


def sender(env: dict, edition_id: int) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "bench.newsletters", "--send", str(edition_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


# -- the benchmark -----------------------------------------------------------------------------------------------


def seed(recipients: int):
    from django.db import connection
    from django.utils import timezone

    from newsdesk.news.tests.factories import make_article, make_home, make_section, paragraph
    from newsdesk.newsletters.models import Newsletter

    make_home()
    section = make_section("News")
    articles = [
        make_article(section, f"Story {i}: the council's water plan, explained", body=[paragraph("A paragraph. " * 40)])
        for i in range(4)
    ]
    articles.append(
        make_article(
            section,
            "Inside the tender",
            premium=True,
            body=[paragraph("Teaser one. " * 20), paragraph("Teaser two. " * 20), paragraph("For subscribers. " * 40)],
        )
    )
    newsletter = Newsletter.objects.create(name="Morning briefing", slug="morning", description="The day's news.")
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO newsletters_subscription (newsletter_id, email, status, created_at, confirmed_at, generation)"
            " SELECT %s, 'reader' || g || '@example.test', 'confirmed', %s, %s, 0 FROM generate_series(1, %s) g",
            [newsletter.pk, timezone.now(), timezone.now(), recipients],
        )
    return newsletter, articles


def edition(newsletter, articles, subject: str) -> int:
    from newsdesk.newsletters import services
    from newsdesk.newsletters.models import Edition, EditionItem

    made = Edition.objects.create(newsletter=newsletter, subject=subject)
    EditionItem.objects.bulk_create(EditionItem(edition=made, article=a, sort_order=i) for i, a in enumerate(articles))
    services.edition_approve(edition_id=made.pk, by=None)
    return made.pk


def sent_count(edition_id: int) -> int:
    from newsdesk.newsletters.models import Delivery

    return Delivery.objects.filter(edition_id=edition_id, state="sent").count()


def baseline(port: int, edition_id: int, count: int) -> float:
    """Hand the edition's own email bytes to the sink with a bare smtplib loop; return emails/s."""
    from newsdesk.newsletters.models import Edition
    from newsdesk.newsletters.render import edition_render, wire_template

    template = wire_template(edition_render(Edition.objects.get(pk=edition_id)))
    messages = [
        template.fill(email=f"base{i}@example.test", subscription_id=i, delivery_id=i, edition_id=0)
        for i in range(count)
    ]
    smtp = smtplib.SMTP("127.0.0.1", port)
    started = time.perf_counter()
    for message in messages:
        smtp.sendmail("newsdesk@localhost", message.to, message.as_bytes())
    elapsed = time.perf_counter() - started
    smtp.quit()
    return count / elapsed


def part_one(env: dict, newsletter, articles, recipients: int, senders: int) -> None:
    sink = Sink()
    env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port)}
    edition_id = edition(newsletter, articles, "Morning briefing: throughput")
    base_rate = baseline(sink.port, edition_id, 10_000)
    started = time.perf_counter()
    procs = [sender(env, edition_id) for _ in range(senders)]
    reports = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
    elapsed = time.perf_counter() - started
    counts = sink.counts()
    ours = {k: v for k, v in counts.items() if k.startswith("reader")}
    rate = recipients / elapsed
    print(f"\n1. one edition to {recipients:,} recipients, {senders} sender processes, PostgreSQL, aiosmtpd sink")
    print(f"   baseline: bare smtplib loop, same bytes, no database   {base_rate:8.0f} emails/s")
    print(f"   edition: start + render + send, wall clock {elapsed:6.1f} s  {rate:8.0f} emails/s")
    met = "met" if rate >= 1000 else "NOT met"
    print(f"   ratio edition/baseline: {rate / base_rate:.2f}   target >= 1,000 emails/s: {met}")
    for i, report in enumerate(reports):
        print(
            f"   sender {i + 1}: sent {report['totals']['sent']:,}, peak RSS {report['peak_mb']:.0f} MB, "
            f"RSS through the send {report['rss_min']:.0f}-{report['rss_max']:.0f} MB"
        )
    print(f"   sink: {sum(ours.values()):,} messages, {len(ours):,} recipients, max per recipient {max(ours.values())}")


def part_two(env: dict, newsletter, articles, recipients: int) -> None:
    sink = Sink()
    # A short claim timeout, so the last sender takes over the killed ones' batches within seconds.
    env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "NEWSLETTERS_CLAIM_TIMEOUT": "5"}
    edition_id = edition(newsletter, articles, "Morning briefing: killed twice")
    kills = []
    for fraction in (0.20, 0.55):
        proc = sender(env, edition_id)
        while sent_count(edition_id) < fraction * recipients:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills.append(sent_count(edition_id))
    time.sleep(float(env["NEWSLETTERS_CLAIM_TIMEOUT"]) + 0.5)  # the dead runs' claims go stale
    last = sender(env, edition_id)
    last.communicate()
    counts = sink.counts()
    ours = {k: v for k, v in counts.items() if k.startswith("reader")}
    sent = sent_count(edition_id)
    doubles = sum(1 for v in ours.values() if v > 1)
    print(f"\n2. the same {recipients:,} recipients, sender SIGKILLed twice (at {kills[0]:,} and {kills[1]:,} sent)")
    print(f"   sink received {sum(ours.values()):,} messages for {len(ours):,} distinct recipients; doubles {doubles}")
    print(f"   database: {sent:,} rows sent")
    exact = sum(ours.values()) == recipients and len(ours) == recipients and doubles == 0
    print(f"   exactly one per recipient: {'yes' if exact else 'NO'}")


def _post(url: str) -> tuple[int, float]:
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST")  # noqa: S310 - loopback
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def _get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        status = response.status
    return status, (time.perf_counter() - started) * 1000


def part_three(env: dict, newsletter, count: int = 500) -> None:
    from newsdesk.newsletters.models import Subscription
    from newsdesk.newsletters.tokens import unsubscribe_token

    chosen = list(Subscription.objects.filter(newsletter=newsletter).order_by("pk")[:count])
    paths = [f"/newsletters/unsubscribe/{unsubscribe_token(subscription_id=s.pk)}/" for s in chosen]
    forged = [f"/newsletters/unsubscribe/{s.pk}.{'A' * 43}/" for s in chosen[:50]]
    with app_server(env) as base, ThreadPoolExecutor(max_workers=count) as pool:
        health = list(pool.map(_get, [base + "/healthz"] * count))
        first = list(pool.map(_post, [base + p for p in paths]))
        snapshot = list(
            Subscription.objects.filter(pk__in=[s.pk for s in chosen]).values_list(
                "status", "unsubscribed_at", "generation"
            )
        )
        replay = list(pool.map(_post, [base + p for p in paths]))
        after = list(
            Subscription.objects.filter(pk__in=[s.pk for s in chosen]).values_list(
                "status", "unsubscribed_at", "generation"
            )
        )
        refused = list(pool.map(_post, [base + p for p in forged]))
    unsubscribed = sum(1 for status, *_ in after if status == "unsubscribed")
    print(f"\n3. {count} concurrent one-click unsubscribe POSTs, distinct recipients, through granian")
    print(f"   first: {Counter(s for s, _ in first)} ; unsubscribed in the database: {unsubscribed}/{count}")
    changed = sum(a != b for a, b in zip(snapshot, after, strict=True))
    print(f"   replay: {Counter(s for s, _ in replay)} ; rows changed by the replay: {changed}")
    print(f"   forged: {Counter(s for s, _ in refused)}")
    print(
        f"   median latency: unsubscribe {statistics.median(t for _, t in first):.0f} ms, "
        f"/healthz {statistics.median(t for _, t in health):.0f} ms (same concurrency); "
        f"ratio {statistics.median(t for _, t in first) / statistics.median(t for _, t in health):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--sink", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--send", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        return run_sink(int(args.sink[0]), args.sink[1])
    if args.send:
        return run_sender(args.send)

    with bench_environment("newsletters") as (env, _workdir):
        env.update(
            {
                "NEWSLETTERS_BATCH_SIZE": "200",
                "NEWSLETTERS_SENDERS": str(args.senders),
            }
        )
        print(f"migrating and seeding {args.recipients:,} confirmed members ...", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        os.environ.update(env)
        import django

        django.setup()
        newsletter, articles = seed(args.recipients)
        try:
            part_one(env, newsletter, articles, args.recipients, args.senders)
            part_two(env, newsletter, articles, args.recipients)
            part_three(env, newsletter)
        finally:
            for proc in _SINKS:
                if proc.poll() is None:
                    proc.kill()


if __name__ == "__main__":
    sys.exit(main())

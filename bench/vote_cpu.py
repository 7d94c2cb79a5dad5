"""Polls: the CPU one accepted vote costs the app itself, without the HTTP server or the load generator.

Run: `.venv/bin/python -m bench.vote_cpu [--votes 2000] [--rounds 5]`. Needs PostgreSQL and Redis on loopback, as
bench.polls does; the database is dropped after.

bench.polls measures votes/s through granian, where the app shares two cores with PostgreSQL, Redis, the kernel and
wrk, on a machine whose speed drifts. This one calls the app's WSGI callable directly with the same vote requests
(distinct voters, scripted widget, PostgreSQL + Redis) and reads this process's CPU time, which leaves out the other
processes. Printed, each the median of `--rounds`:

- a speed probe: CPU seconds for 3 million Python additions, to compare machines and moments;
- CPU per accepted vote with one thread, and with four threads sharing the process (as a server worker's do);
- CPU per call of the rate-limit count every vote makes (one Redis script call), with the Redis reply parser in use.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import threading
import time

from .polls import _django, _seed, _voter_cookies
from .server import bench_environment, manage, redis_cache


def _speed_probe() -> float:
    start = time.process_time()
    total = 0
    for number in range(3_000_000):
        total += number
    return time.process_time() - start


def _vote_environ(poll_id: int, option_id: int, csrf: str, cookie: str) -> dict:
    from django.conf import settings

    body = f"option={option_id}&csrfmiddlewaretoken={csrf}".encode()
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/polls/{poll_id}/vote",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FRAGMENT": "1",
        "HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={csrf}; {settings.POLLS_VOTER_COOKIE_NAME}={cookie}",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


def _cpu_per_vote(application, environs: list[dict], threads: int) -> float:
    """Send the requests from `threads` threads; return this process's CPU µs per request (all must be 200)."""
    statuses: list[str] = []

    def work(chunk: list[dict]) -> None:
        from django.db import connection

        for environ in chunk:
            b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
        connection.close()

    workers = [threading.Thread(target=work, args=(environs[i::threads],)) for i in range(threads)]
    start = time.process_time()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    spent = time.process_time() - start
    refused = [status for status in statuses if not status.startswith("200")]
    if refused or len(statuses) != len(environs):
        sys.exit(f"votes not accepted: {refused[:3]}")
    return spent / len(environs) * 1e6


def _cpu_per_count(calls: int) -> float:
    from newsdesk.core.ratelimit import first_refused

    hits = [("bench-ip", "127.0.0.1", 10**9), ("bench-net", "127.0.0.0/24", 10**9)]
    start = time.process_time()
    for _ in range(calls):
        first_refused(hits, window=3600)
    return (time.process_time() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--votes", type=int, default=2000, help="votes per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with bench_environment("vote_cpu") as (env, _workdir), redis_cache(env, "vote_cpu") as env:
        manage(env, "migrate", "--noinput")
        _django(env)
        import redis.utils
        from django.middleware.csrf import _get_new_csrf_string

        from newsdesk.wsgi import application

        poll = _seed()["votes"]
        options = list(poll.options.values_list("pk", flat=True))
        csrf = _get_new_csrf_string()
        cookies = iter(_voter_cookies(args.votes * (2 * args.rounds + 1)))

        def requests(count: int) -> list[dict]:
            return [_vote_environ(poll.pk, options[i % len(options)], csrf, next(cookies)) for i in range(count)]

        _cpu_per_vote(application, requests(args.votes), 4)  # warm up: connections, prepared statement, caches
        one, four, probe, counts = [], [], [], []
        for _ in range(args.rounds):  # interleaved, so a drift of the machine's speed touches each alike
            probe.append(_speed_probe())
            one.append(_cpu_per_vote(application, requests(args.votes), 1))
            four.append(_cpu_per_vote(application, requests(args.votes), 4))
            counts.append(_cpu_per_count(args.votes))
    parser_name = "hiredis" if redis.utils.HIREDIS_AVAILABLE else "pure Python"
    print(f"vote CPU in-process (PostgreSQL + Redis, {args.votes} votes a measurement, median of {args.rounds})")
    print(
        f"  speed probe, 3M Python additions: {statistics.median(probe):6.3f} s CPU (rounds: "
        + ", ".join(f"{p:.3f}" for p in probe)
        + ")"
    )
    print(f"  one accepted vote, 1 thread:      {statistics.median(one):6.0f} us CPU")
    print(
        f"  one accepted vote, 4 threads:     {statistics.median(four):6.0f} us CPU "
        f"({statistics.median(four) / statistics.median(one):.2f} x one thread)"
    )
    print(f"  rate-limit count (Redis script, {parser_name} parser): {statistics.median(counts):4.0f} us CPU a call")


if __name__ == "__main__":
    main()

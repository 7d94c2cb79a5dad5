"""Polls: accepted votes/s through the real endpoint on PostgreSQL and Redis, next to the server's ceilings.

Run: `.venv/bin/python -m bench.polls [--seconds 10] [--connections 64] [--rows 5000000] [--renders 300]`.
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_ADMIN_URL to override), Redis on 127.0.0.1:6379 (BENCH_REDIS_URL; the
app's caches and rate limits live there, as in production, under a key prefix deleted afterwards) and wrk.
Loopback only; the database is dropped after.

1. Ceilings, with the production server (granian, `python -m newsdesk.server`) and the same workers and threads:
   "hello", a bare WSGI callable that answers "hello" (what the server itself can serve on this machine, no Django),
   and /healthz, Django's request handling and one SELECT 1, answered by the second middleware (the least any
   Django answer with a query costs). Each of the `--runs` rounds measures hello, /healthz and votes back to back,
   and votes / hello is reported per round and as the median of those ratios: on a shared machine the CPU's speed
   drifts between minutes, and a ratio of figures taken moments apart says more about the code than either figure
   alone.
2. Votes: wrk POSTs /polls/<id>/vote with `--connections` connections, every request a distinct voter (its own
   signed voter cookie, made here with the app's signing key). Afterwards each option's tally must equal its stored
   votes, and the stored votes must equal the 2xx answers wrk saw, give or take the requests still in flight when
   wrk stopped (wrk reports only completed ones; at most one per connection). The rate is also read from the
   database on this process's own clock (the stored count, every 0.1 s); the two must agree, so that an error in
   how wrk is driven or timed cannot pass for speed.
3. One voter, 100 simultaneous submits from 100 threads: exactly one vote stored, every other answer a 409.
4. A poll with `--rows` stored votes (bulk-inserted in SQL, counters set from them once): the median time to
   build and render its results (selectors + template), which never COUNTs the votes table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .server import app_server, bench_environment, manage, redis_cache, server_shape, wrk

# Every request is built in init(), before the load starts, and no response() callback is set: a Lua callback
# per response makes wrk hand each one's headers and body to Lua, and wrk shares the two cores with the server.
# wrk's own summary counts the completed requests and the non-2xx answers.
LUA = """
local threads = {}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
function init(args)
  prepared = {}
  local n = 0
  for i = id, #voters, NTHREADS do
    n = n + 1
    prepared[n] = wrk.format("POST", PATH, {
      ["Cookie"] = "CSRFNAME=" .. CSRF .. "; VOTERNAME=" .. voters[i],
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Fragment"] = "1",
    }, "option=" .. OPTIONS[(n % #OPTIONS) + 1] .. "&csrfmiddlewaretoken=" .. CSRF)
  end
  voters = nil
  sent = 0
end
function request()
  sent = sent + 1
  return prepared[sent] or prepared[1]  -- past the last voter, a repeat: its 409 shows as a non-2xx answer
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("sent") end
  io.write(string.format("BENCH sent=%d\\n", total))
end
"""

BIG_SEED_SQL = """
INSERT INTO polls_vote (poll_id, option_id, voter_key, created_at)
SELECT {poll}, CASE WHEN g % 10 < 6 THEN {a} WHEN g % 10 < 9 THEN {b} ELSE {c} END,
       'seed-' || g, now() - (g % 172800) * interval '1 second'
FROM generate_series(1, {rows}) g;
ANALYZE polls_vote;
"""


HELLO_APP = "bench.hello_wsgi:application"
TARGET = 1500  # accepted votes/s
CLOCKS_AGREE = 0.15  # the largest gap allowed between wrk's votes/s and the database's, as a fraction


def _django(env: dict):
    os.environ.update(env)
    import django

    django.setup()


def _seed() -> dict:
    """Create the home page, generous rate limits and the benchmark's polls; return their ids."""
    from wagtail.models import Site

    from newsdesk.news.tests.factories import make_home
    from newsdesk.polls.models import PollSettings
    from newsdesk.polls.tests.factories import make_poll

    make_home()
    PollSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"votes_per_ip_per_hour": 10**9, "votes_per_network_per_hour": 10**9},
    )
    return {
        "votes": make_poll("Which bridge design do you prefer?", options=("Arch", "Suspension", "Cable-stayed")),
        "one": make_poll("Should the library open on Sundays?", options=("Yes", "No")),
        "big": make_poll("Is the new bus timetable better?", options=("Better", "Worse", "No change")),
    }


def _voter_cookies(count: int) -> list[str]:
    from newsdesk.polls.services import voter_key_new
    from newsdesk.polls.views import voter_cookie_value

    # Signed as the app signs the cookies it hands out, so each vote checks one signature, as a browser's does.
    return [voter_cookie_value(voter_key_new()) for _ in range(count)]


def _vote_load(base: str, poll, *, seconds: int, connections: int) -> dict:
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()  # Django accepts the unmasked secret as the form token
    voters = _voter_cookies(seconds * 5000)
    options = list(poll.options.order_by("sort_order").values_list("pk", flat=True))
    # One wrk thread. wrk runs each thread's init() (here: building every request) in its main thread, starting
    # each thread's load as soon as its own init is done, and starts its clock only after the last one: with two
    # threads, the first loaded the server while the second was still building its requests, and those votes were
    # counted as if made within the timed seconds, in some rounds and not others. One thread drives the 64
    # connections with plenty to spare at these rates.
    threads = 1
    script = LUA.replace("NTHREADS", str(threads))
    script = script.replace("CSRFNAME", settings.CSRF_COOKIE_NAME).replace(
        "VOTERNAME", settings.POLLS_VOTER_COOKIE_NAME
    )
    header = (
        f'PATH = "/polls/{poll.pk}/vote"\nCSRF = "{csrf}"\nOPTIONS = {{{", ".join(map(str, options))}}}\n'
        "voters = {\n" + ",\n".join(f'"{v}"' for v in voters) + "\n}\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(header + script)
        path = handle.name
    try:
        with subprocess.Popen(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", path, base],
            stdout=subprocess.PIPE,
            text=True,
        ) as process:
            samples = _stored_samples(options, until=process)
            out = process.stdout.read()
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, "wrk", out)
    finally:
        Path(path).unlink()
    completed = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    counts = {"sent": int(re.search(r"BENCH sent=(\d+)", out).group(1)), "completed": completed}
    counts["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    counts["ok"] = completed - counts["non_2xx"]
    counts["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    counts["seconds"] = seconds
    counts["stored_rate"] = _stored_rate(samples)
    return counts


SAMPLE_EVERY = 0.1  # seconds


def _stored_samples(option_ids: list[int], *, until: subprocess.Popen) -> list[tuple[float, int]]:
    """Read the poll's stored votes (its tallies, which commit with the votes) every SAMPLE_EVERY seconds of this
    process's clock while the load runs, and once more after it has stopped and its last requests have finished."""
    from newsdesk.polls.selectors import option_tallies

    def stored() -> tuple[float, int]:
        return time.monotonic(), sum(option_tallies(option_ids=option_ids).values())

    samples = [stored()]
    while until.poll() is None:
        time.sleep(SAMPLE_EVERY)
        samples.append(stored())
    time.sleep(1)
    samples.append(stored())
    return samples


def _stored_rate(samples: list[tuple[float, int]]) -> float:
    """Votes stored per second while the count rose from 10% to 90% of the run's votes, by this process's clock.

    A second measurement of the rate, independent of wrk's clock and of its count of answers: it reads the votes
    the database holds. Timed over the middle of the rise, it leaves out the ramps at the start and the stop.
    """
    start, end = samples[0][1], samples[-1][1]
    rise = end - start
    if rise < 10:
        return 0.0

    def when(level: float) -> float:
        for (t0, c0), (t1, c1) in zip(samples, samples[1:], strict=False):
            if c1 >= level:
                return t1 if c1 == c0 else t0 + (t1 - t0) * (level - c0) / (c1 - c0)
        return samples[-1][0]

    low, high = start + 0.1 * rise, start + 0.9 * rise
    return (high - low) / (when(high) - when(low))


def _post(base: str, path: str, cookie: str, body: str) -> int:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request(
        "POST",
        path,
        body=body,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "X-Fragment": "1"},
    )
    status = conn.getresponse().status
    conn.close()
    return status


def _one_voter(base: str, poll) -> list[int]:
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    cookie = f"{settings.CSRF_COOKIE_NAME}={csrf}; {settings.POLLS_VOTER_COOKIE_NAME}={_voter_cookies(1)[0]}"
    option = poll.options.order_by("sort_order").first().pk
    barrier = threading.Barrier(100)
    statuses = [0] * 100

    def run(index: int) -> None:
        barrier.wait()
        statuses[index] = _post(base, f"/polls/{poll.pk}/vote", cookie, f"option={option}&csrfmiddlewaretoken={csrf}")

    workers = [threading.Thread(target=run, args=(i,)) for i in range(100)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def _seed_big(poll, rows: int) -> float:
    from django.db import connection

    from newsdesk.polls.models import TALLY_SHARDS
    from newsdesk.polls.selectors import option_tallies

    a, b, c = ids = list(poll.options.order_by("sort_order").values_list("pk", flat=True))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(BIG_SEED_SQL.format(poll=poll.pk, a=a, b=b, c=c, rows=int(rows)))
        # The tallies are set once from the stored rows, spread over every shard as if each vote had moved one.
        cursor.execute(
            "INSERT INTO polls_optiontally (option_id, shard, votes) "
            "SELECT option_id, id %% %s, COUNT(*) FROM polls_vote WHERE poll_id = %s GROUP BY option_id, id %% %s",
            [TALLY_SHARDS, poll.pk, TALLY_SHARDS],
        )
    assert sum(option_tallies(option_ids=ids).values()) == rows
    return time.perf_counter() - started


def _render_times(poll, renders: int) -> tuple[list[float], int]:
    from django.db import connection, reset_queries
    from django.template.loader import render_to_string

    from newsdesk.polls import selectors

    times = []
    for _ in range(renders):
        started = time.perf_counter()
        results = selectors.poll_results(poll=poll)
        html = render_to_string("polls/includes/results.html", {"results": results})
        times.append((time.perf_counter() - started) * 1000)
    assert "Total: " in html
    reset_queries()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        selectors.poll_results(poll=poll)
    assert not any("polls_vote" in q["sql"] for q in queries.captured_queries)
    return times, len(queries.captured_queries)


def _median_run(results: list[dict], key: str) -> dict:
    return sorted(results, key=lambda r: r[key])[len(results) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3, help="measurements of each figure; the median is reported")
    parser.add_argument("--rows", type=int, default=5_000_000, help="votes in the big poll (0: skip that part)")
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--workers", type=int, default=None, help="server processes (default: production's)")
    parser.add_argument("--threads", type=int, default=None, help="threads each (default: production's)")
    args = parser.parse_args()
    with bench_environment("polls") as (env, workdir), redis_cache(env, "polls") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        _django(env)
        from newsdesk.polls.models import Vote
        from newsdesk.polls.selectors import option_tallies, stored_vote_counts

        polls = _seed()
        log = workdir / "server.log"
        server = {"workers": args.workers, "threads": args.threads}
        # Both servers run side by side and each round measures all three, one after the other: on a shared
        # machine whose speed drifts from minute to minute, a round's ratio compares figures taken moments apart.
        with (
            app_server(env, **server, log=workdir / "hello.log", app=HELLO_APP, probe="/") as hello_base,
            app_server(env, **server, log=log) as base,
        ):
            wrk(hello_base + "/", seconds=2, connections=args.connections)
            wrk(base + "/healthz", seconds=2, connections=args.connections)  # warm up every worker
            hellos, healths, loads = [], [], []
            for _ in range(args.runs):
                hellos.append(wrk(hello_base + "/", seconds=args.seconds, connections=args.connections))
                healths.append(wrk(base + "/healthz", seconds=args.seconds, connections=args.connections))
                load = _vote_load(base, polls["votes"], seconds=args.seconds, connections=args.connections)
                load["in_flight"] = load["sent"] - load["completed"]
                loads.append(load)
            statuses = _one_voter(base, polls["one"])
        # Counted once the server has stopped (gracefully, finishing what wrk left in flight).
        stored = Vote.objects.filter(poll=polls["votes"]).count()
        options = list(polls["votes"].options.values_list("pk", flat=True))
        tallies = option_tallies(option_ids=options)
        counted = stored_vote_counts(poll_id=polls["votes"].pk)
        shards = _shards_used(options)
        one_stored = Vote.objects.filter(poll=polls["one"]).count()
        log_lines = log.read_text(errors="replace").splitlines()
        errors = [line for line in log_lines if '"ERROR"' in line or "Traceback" in line]
        boots = sum("Spawning worker" in line for line in log_lines)
        if args.rows:
            seed_seconds = _seed_big(polls["big"], args.rows)
            times, queries = _render_times(polls["big"], args.renders)

    hello, health = _median_run(hellos, "rps"), _median_run(healths, "rps")
    for load in loads:
        load["accepted"] = load["ok"] / load["seconds"]
    votes = _median_run(loads, "accepted")
    accepted = votes["accepted"]
    ok_total = sum(load["ok"] for load in loads)
    in_flight = sum(max(load["in_flight"], 0) for load in loads)
    non_2xx = sum(load["non_2xx"] for load in loads)
    tallies_exact = {k: v for k, v in tallies.items() if v} == counted
    within = ok_total <= stored <= ok_total + in_flight
    print(
        f"polls benchmark: {server_shape(args.workers, args.threads)}, "
        f"PostgreSQL + Redis, wrk -c{args.connections}, median of {args.runs} runs of {args.seconds} s"
    )
    for label, run in (("hello (bare WSGI)", hello), ("/healthz (Django)", health)):
        print(f"  ceiling {label}: {run['rps']:8.0f} req/s (p50 {run['p50']:.1f} ms, p99 {run['p99']:.1f} ms)")
    print(
        f"  accepted votes:            {accepted:8.0f} votes/s (runs: "
        + ", ".join(f"{load['accepted']:.0f}" for load in loads)
        + ")"
    )
    print(
        "  stored votes/s, database:  "
        + f"{statistics.median(load['stored_rate'] for load in loads):8.0f} votes/s (runs: "
        + ", ".join(f"{load['stored_rate']:.0f}" for load in loads)
        + f"; read from the database every {SAMPLE_EVERY} s on this process's clock, 10% to 90% of each run's votes)"
    )
    clocks_agree = all(
        load["accepted"] and abs(load["stored_rate"] / load["accepted"] - 1) <= CLOCKS_AGREE for load in loads
    )
    print(f"  wrk's figure and the database's agree within {CLOCKS_AGREE:.0%} in every run: {clocks_agree}")
    ratios = [load["accepted"] / each["rps"] for load, each in zip(loads, hellos, strict=True)]
    print(
        "  hello in each round:       "
        + ", ".join(f"{each['rps']:.0f}" for each in hellos)
        + " req/s (the machine's speed in that round)"
    )
    print(
        f"  ratio votes / hello:       {statistics.median(ratios):8.3f} median of the rounds' ratios ("
        + ", ".join(f"{r:.3f}" for r in ratios)
        + f"); of the medians {accepted / hello['rps']:.3f}"
    )
    print(f"  ratio votes / healthz:     {accepted / health['rps']:8.2f}")
    print(
        f"  answers (all runs): 2xx {ok_total}, other {non_2xx} (every voter is new: any is a failure), "
        f"still in flight at each stop {in_flight}"
    )
    print(
        f"  stored votes {stored}, tallies sum {sum(tallies.values())} over {shards} shard rows, "
        f"tallies == stored per option: {tallies_exact}"
    )
    print(f"  stored within [2xx, 2xx + in flight]: {within} (no lost, no duplicated vote)")
    print(
        f"  one voter, 100 simultaneous submits: {one_stored} vote stored; answers "
        f"{ {s: statuses.count(s) for s in sorted(set(statuses))} }"
    )
    fast = True
    if args.rows:
        fast = statistics.median(times) < 5
        print(
            f"  results render, {args.rows:,} stored votes (seeded in {seed_seconds:.0f} s): median "
            f"{statistics.median(times):.2f} ms, p95 {sorted(times)[int(len(times) * 0.95) - 1]:.2f} ms, "
            f"{queries} query, none on the votes table"
        )
    print(f"  accepted votes / target of {TARGET:,}: {accepted / TARGET:.2f} (the figure asked of a 2-core machine)")
    print(f"  workers started (at start, and any replaced): {boots}")
    if errors:
        print(f"  server errors logged: {len(errors)}; first: {errors[0][:200]} ... {errors[0][-700:]}")
    ok = tallies_exact and within and clocks_agree and non_2xx == 0 and one_stored == 1 and fast
    print("  PASS" if ok else "  FAIL")


def _shards_used(option_ids: list[int]) -> int:
    from newsdesk.polls.models import OptionTally

    return OptionTally.objects.filter(option_id__in=option_ids, votes__gt=0).count()


if __name__ == "__main__":
    main()

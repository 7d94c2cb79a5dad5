"""A live page under a big story's traffic: readers polling its updates while an editor posts every 5 s.

Run: `.venv/bin/python -m bench.liveblog [--seconds 60] [--rate 1000]` (about 5 minutes).
For each front (the shipped nginx with deploy/nginx/pagecache.lua and 1 s in memory, Varnish with
deploy/varnish/newsdesk.vcl, and the app server alone), wrk plays 10,000 readers polling every 10 s: about 1,000
conditional requests a second to the page's one updates address, each connection waiting a jittered 80-120 ms
between requests. Meanwhile an editor process writes a post through the posting service every 5 s, and a probe
reader asks every 50 ms, recording when each post first comes back.

Per front it prints: post-to-reader latency p50/p99 (from the editor's call to the first answer that carries the
post), the same as a reader polling every 10 s (jittered) sees it (the probe's figure plus the wait for that
reader's next poll, simulated for 10,000 readers), stale answers after 5 s, wrk's rate and errors, and the share
of requests that reached the app (the app server's access log). Then a 2,000-post live page's first screen
rendered uncached (a session cookie steps past the page cache, nginx and Varnish; the posts' own HTML copies stay
warm, as on a running page), p50/p99 over one connection, next to /healthz on the same server as the baseline,
and a screen 1,900 posts back. Needs PostgreSQL and Redis on 127.0.0.1 and the Debian
packages in `NEEDS` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from .server import (
    EDGE_NEEDS,
    PYTHON,
    ROOT,
    app_server,
    bench_environment,
    free_port,
    manage,
    nginx_edge,
    redis_cache,
    require,
    task_worker,
    varnish,
    wrk,
)

NEEDS = EDGE_NEEDS
POST_EVERY = 5.0
VISIBLE_WITHIN = 5.0
READER_POLL = 10.0  # seconds between a reader's polls (live.js, visible tab), jittered by +-20 %
PROBE_EVERY = 0.05
LONG_POSTS = 2_000

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from newsdesk.core import roles
from newsdesk.core.roles import sync_roles
from newsdesk.liveblogs.models import LivePage, LivePost
from newsdesk.news.services import home_page_ensure, section_ensure
sync_roles()
home = home_page_ensure()
section = section_ensure(parent=home, title="News", slug="news")
pages = {}
for slug in ("storm-live", "election-count-live"):
    page = LivePage(title=slug.replace("-", " ").capitalize(), slug=slug, standfirst="Bench coverage.", live=False)
    section.add_child(instance=page)
    page.save_revision().publish()
    pages[slug] = page
editor = get_user_model().objects.create_user("bench-editor", "bench-editor@example.org", "bench-password-long")
editor.groups.add(Group.objects.get(name=roles.SUB_EDITORS))
long = pages["election-count-live"]
now = timezone.now()
bodies = [[("paragraph", "<p>Ward %d counted: turnout steady, queues short.</p>" % i)] for i in range({long_posts})]
LivePost.objects.bulk_create(
    [LivePost(page=long, body=b, created_at=now, updated_at=now, seq=i + 1, key_event=i % 50 == 0)
     for i, b in enumerate(bodies)], batch_size=500)
LivePage.objects.filter(pk=long.pk).update(post_seq={long_posts})
deep = LivePost.objects.filter(page=long).order_by("id").values_list("id", flat=True)[100]
print(json.dumps({"live": pages["storm-live"].url, "long": long.url, "deep": deep}))
""".replace("{long_posts}", str(LONG_POSTS))

# Runs in the app's shell for the whole benchmark: each line on stdin is one post, written through the posting
# service (its commit and purges included); it answers with the post's change number.
EDITOR = """
import sys
from django.contrib.auth import get_user_model
from newsdesk.liveblogs import services
from newsdesk.liveblogs.models import LivePage
editor = get_user_model().objects.get(username="bench-editor")
page = LivePage.objects.get(slug="storm-live")
print("ready", flush=True)
for line in sys.stdin:
    post = services.live_post_create(page=page, user=editor, body=[("paragraph", "<p>Update %s</p>" % line.strip())])
    print(post.seq, flush=True)
"""

# wrk: each connection is a reader who asks again after a jittered 80-120 ms, with the ETag it last got.
POLL_LUA = """
local etag = nil
local counter = 0
function setup(thread) counter = counter + 1; thread:set("seed", counter) end
function init(args) math.randomseed(os.time() * 1000 + (seed or 0)) end
function delay() return math.random(80, 120) end
function request()
  local headers = {}
  if etag then headers["If-None-Match"] = etag end
  return wrk.format("GET", nil, headers)
end
function response(status, headers, body)
  if status == 200 then etag = headers["ETag"] or headers["Etag"] or headers["etag"] or etag end
end
"""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def poll_load(url: str, *, seconds: int, connections: int, script: Path) -> dict:
    """Poll `url` with wrk for `seconds`; return requests, rate and errors."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, errors.groups())) if errors else 0),
    }


class Probe(threading.Thread):
    """A reader asking every PROBE_EVERY seconds, as the page's script does (conditionally); records each answer."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop = url, threading.Event()
        self.seen: list[tuple[float, float, int]] = []  # (asked, answered, head)
        self.errors = 0
        self.requests = 0

    def run(self) -> None:
        etag, head = None, 0
        while not self.stop.is_set():
            asked = time.time()
            headers = {"If-None-Match": etag} if etag else {}
            request = urllib.request.Request(self.url, headers=headers)  # noqa: S310 - loopback only
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
                    data = json.loads(response.read())
                    etag, head = response.headers.get("ETag"), data["head"]
            except urllib.error.HTTPError as error:
                if error.code != 304:
                    self.errors += 1
            except OSError:
                self.errors += 1
            self.requests += 1
            self.seen.append((asked, time.time(), head))
            time.sleep(max(0.0, PROBE_EVERY - (time.time() - asked)))


class Editor:
    """The editor's process: one post per `post()`, through the posting service; returns (change number, when)."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "--no-imports", "-c", EDITOR],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=tempfile.TemporaryFile(),
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready", "the editor's process did not start"
        self.count = 0

    def post(self) -> tuple[int, float]:
        self.count += 1
        at = time.time()  # the editor presses "Post now"
        self.proc.stdin.write(f"{self.count}\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline()), at

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def app_requests(log: Path, since: int) -> tuple[int, int]:
    """Return the updates requests the app server logged after byte `since`, and the log's size now."""
    data = log.read_bytes()
    return data[since:].count(b"/updates/"), len(data)


def measure(front: str, updates_url: str, editor: Editor, *, seconds: int, connections: int, log: Path) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(POLL_LUA)
    _, log_start = app_requests(log, 0)
    probe = Probe(updates_url)
    probe.start()
    result: dict = {}
    load = threading.Thread(
        target=lambda: result.update(poll_load(updates_url, seconds=seconds, connections=connections, script=script))
    )
    load.start()
    posted: list[tuple[int, float]] = []
    start = time.time()
    while time.time() + VISIBLE_WITHIN < start + seconds:
        time.sleep(max(0.0, start + (len(posted) + 1) * POST_EVERY - time.time()))
        if time.time() + VISIBLE_WITHIN >= start + seconds:
            break
        posted.append(editor.post())
    load.join()
    probe.stop.set()
    probe.join()
    reached_app, _ = app_requests(log, log_start)
    script.unlink()

    latencies, stale = [], 0
    for seq, at in posted:
        shown = [answered for asked, answered, head in probe.seen if head >= seq and asked >= at]
        latencies.append((min(shown) - at) if shown else float("inf"))
        stale += sum(1 for asked, _, head in probe.seen if asked > at + VISIBLE_WITHIN and head < seq)
    rng = random.Random(24)  # noqa: S311 - a simulation, not security
    readers = [
        latency + rng.uniform(0, READER_POLL * rng.uniform(0.8, 1.2)) for latency in latencies for _ in range(10_000)
    ]
    total = result["requests"] + probe.requests
    return {
        "front": front,
        "posts": len(posted),
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "reader_p50": percentile(readers, 50),
        "reader_p99": percentile(readers, 99),
        "stale": stale,
        "rps": result["rps"],
        "requests": total,
        "errors": result["errors"] + probe.errors,
        "app_share": reached_app / total if total else float("nan"),
        "reached_app": reached_app,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=int, default=1000, help="reader requests per second to aim for")
    args = parser.parse_args()
    require(NEEDS)
    connections = max(1, args.rate // 10)  # each connection asks about ten times a second
    started = time.monotonic()
    rows, render = [], {}
    with bench_environment("liveblog") as (env, workdir), redis_cache(env, "liveblog") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        pages = json.loads(manage(env, "shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1])
        front_port = free_port()
        env["VARNISH_PURGE_URLS"] = f"http://127.0.0.1:{front_port}/"
        log = workdir / "app-access.log"
        with ExitStack() as stack:
            stack.enter_context(task_worker(env))  # sends the purges on to Varnish
            base = stack.enter_context(app_server({**env, "WEB_ACCESS_LOG": "1"}, log=log))
            editor = Editor(env)
            stack.callback(editor.close)
            fronts = [
                (
                    "nginx (shipped, 1 s memory)",
                    lambda: nginx_edge(
                        base, redis_url=env["REDIS_URL"], prefix=env["CACHE_KEY_PREFIX"] + ":edge:", memory_seconds=1
                    ),
                ),
                ("Varnish", lambda: _varnish_url(base, front_port)),
                ("app alone (granian, page cache)", lambda: _same(base)),
            ]
            for label, front in fronts:
                with front() as url:
                    updates = url + pages["live"] + "updates/"
                    urllib.request.urlopen(updates).read()  # noqa: S310 - warm: the first copy is in the caches
                    rows.append(measure(label, updates, editor, seconds=args.seconds, connections=connections, log=log))
            uncached = {"Cookie": "sessionid=bench-steps-past-the-caches"}
            render["first"] = wrk(base + pages["long"], seconds=5, connections=1, threads=1, headers=uncached)
            render["deep"] = wrk(
                base + pages["long"] + f"?before={pages['deep']}",
                seconds=5,
                connections=1,
                threads=1,
                headers=uncached,
            )
            render["healthz"] = wrk(base + "/healthz", seconds=5, connections=1, threads=1)

    print(
        f"live page updates: {args.rate} req/s aimed ({connections} wrk connections), a post every "
        f"{POST_EVERY:g} s, {args.seconds} s per front, loopback"
    )
    head = (
        f"{'front':<34}{'posts':>6}{'p50 s':>8}{'p99 s':>8}{'reader p50':>11}{'reader p99':>11}"
        f"{'stale':>6}{'req/s':>8}{'errors':>7}{'to app':>9}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['front']:<34}{r['posts']:>6}{r['p50']:>8.2f}{r['p99']:>8.2f}{r['reader_p50']:>11.2f}"
            f"{r['reader_p99']:>11.2f}{r['stale']:>6}{r['rps']:>8.0f}{r['errors']:>7}"
            f"{r['app_share']:>8.2%} ({r['reached_app']} of {r['requests']})"
        )
    for r in rows:
        verdict = "met" if r["p99"] <= VISIBLE_WITHIN and r["errors"] == 0 and r["stale"] == 0 else "MISSED"
        print(
            f"check {r['front']}: every post served within {VISIBLE_WITHIN:g} s at p99, no errors, "
            f"no stale answer after it: {verdict}"
        )
    base_ms = render["healthz"]["p50"]
    for key, label in (("first", "first screen"), ("deep", "a screen 1,900 posts back")):
        row = render[key]
        target = f"; target < 50 ms: {'met' if row['p50'] < 50 else 'MISSED'}" if key == "first" else ""
        print(
            f"{LONG_POSTS:,}-post live page, {label}, uncached: p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms "
            f"({row['p50'] / base_ms:.1f} x /healthz p50 {base_ms:.2f} ms{target})"
        )
    print(f"whole run: {time.monotonic() - started:.0f}s")


class _same:
    """The app server's own address, as a front (a context manager, like the others)."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self) -> str:
        return self.url

    def __exit__(self, *exc) -> None:
        return None


class _varnish_url:
    """Varnish in front of the app on the port the app's purges go to; yields its URL."""

    def __init__(self, base: str, port: int):
        self.context = varnish(base.removeprefix("http://"), port=port)

    def __enter__(self) -> str:
        url, _state = self.context.__enter__()
        return url

    def __exit__(self, *exc) -> None:
        self.context.__exit__(*exc)


if __name__ == "__main__":
    main()

"""Article-page throughput and latency: the app next to nginx, Varnish and WordPress serving the same article.

Run: `make bench` or `.venv/bin/python -m bench.article_page [--seconds 10] [--connections 64]`.
Rows, all in one run on loopback: nginx serving the app's saved HTML (the ceiling); the app (granian,
PostgreSQL, Redis) from its whole-page cache, through granian; the same cache answered by nginx with
deploy/nginx/pagecache.lua, reading Redis on every request and as shipped (hits also kept 1 s in nginx's memory);
Varnish with deploy/varnish/newsdesk.vcl in front of the app; signed-in readers through the shipped nginx: a
subscriber's premium article view (its page, and its premium body fragment as the page's script asks for it) and a
non-subscriber's article page; the app rendering every request (page cache off, a signed-in subscriber); the same
article in Debian's WordPress package (nginx + php-fpm + MariaDB), uncached as installed. Between rows it checks
what the nginx and Varnish configurations promise: hits answered without the app and with its headers, cookies of
anonymous readers stripped, signed-in readers given the same cached bytes, the premium body answered by nginx with
exactly the bytes the app rendered, and an editor's publish visible within 5 s.
Needs PostgreSQL, Redis and MariaDB on 127.0.0.1 and the Debian packages listed in `NEEDS` (see bench/README.md).
"""

import argparse
import json
import secrets
import time
import urllib.request
from email.message import Message

from .server import (
    EDGE_NEEDS,
    app_server,
    bench_environment,
    free_port,
    manage,
    nginx_edge,
    nginx_static,
    redis_cache,
    require,
    task_worker,
    varnish,
    wrk,
)

NEEDS = {
    **EDGE_NEEDS,
    "wordpress": ("/usr/share/wordpress/wp-settings.php",),
    "php-fpm": ("/usr/sbin/php-fpm*",),
    "php-cli": ("php",),
    "mariadb-client": ("mysql",),
}
PURGE_DEADLINE = 5.0  # seconds from an editor's publish to the new version at the reader

STORY = """
import json
from newsdesk.news.models import ArticlePage
article = ArticlePage.objects.live().filter(premium=False).order_by('-first_published_at').first()
paragraphs = []
for block in article.body:
    if block.block_type == 'paragraph':
        paragraphs.append(str(block.value))
    elif block.block_type == 'subheading':
        paragraphs.append('<h2>' + str(block.value) + '</h2>')
print(json.dumps({'id': article.pk, 'url': article.url, 'title': article.title,
                  'standfirst': article.standfirst, 'paragraphs': paragraphs}))
"""
SUBSCRIBER_SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
from newsdesk.subscriptions.demo.loader import DEMO_READER
client = Client()
client.force_login(get_user_model().objects.get(username=DEMO_READER))
print(client.cookies['sessionid'].value)
"""
PREMIUM = """
import json
from newsdesk.news.models import ArticlePage
article = ArticlePage.objects.live().filter(premium=True).order_by('-first_published_at').first()
print(json.dumps({'id': article.pk, 'url': article.url}))
"""
NON_SUBSCRIBER_SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.create_user('bench-non-subscriber', 'bench@example.org'))
print(client.cookies['sessionid'].value)
"""
PUBLISH = """
import time
from newsdesk.news.models import ArticlePage
article = ArticlePage.objects.get(pk={id})
article.title = {title!r}
article.save_revision().publish()
print(time.time())
"""


def shell(env: dict, code: str) -> str:
    """Run Python in the app's management shell; return the last line it printed."""
    return manage(env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def fetch(url: str, headers: dict | None = None) -> tuple[Message, str]:
    """GET a URL; return its headers (looked up in any case: the app server sends them in lower case) and body."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers, response.read().decode()


def check_varnish(env: dict, front: str, story: dict, session: str) -> list[str]:
    """Check cookie stripping, pass-through for signed-in readers, and the purge path; return what was found."""
    found = []
    url = front + story["url"]
    fetch(url)
    headers, _ = fetch(url, {"Cookie": f"_ga=GA1.2.{secrets.token_hex(6)}; csrftoken={secrets.token_hex(16)}"})
    assert headers.get("X-Varnish-Cache") == "hit", f"a reader's stray cookie missed the cache: {headers}"
    assert "Set-Cookie" not in headers and "xkey" not in headers, headers
    found.append("random cookie on the article: Varnish hit, no Set-Cookie")
    _, anonymous = fetch(url)
    headers, body = fetch(url, {"Cookie": f"sessionid={session}"})
    assert headers.get("X-Varnish-Cache") == "hit" and "public" in headers["Cache-Control"], headers
    assert body == anonymous, "a signed-in subscriber got other bytes than an anonymous reader"
    found.append("signed-in subscriber: Varnish hit, the anonymous reader's bytes")

    home = front + "/"
    for page in (url, home):
        fetch(page)
        assert fetch(page)[0].get("X-Varnish-Cache") == "hit"
    title = f"{story['title']} (updated {secrets.token_hex(3)})"
    with task_worker(env):
        time.sleep(3)  # the worker's start-up, so the figure below is the purge's, not Django's boot
        published_at = float(shell(env, PUBLISH.format(id=story["id"], title=title)))
        seen = {}
        while len(seen) < 2 and time.time() - published_at < 3 * PURGE_DEADLINE:
            for label, page in (("article", url), ("front page", home)):
                if label not in seen and title in fetch(page)[1]:
                    seen[label] = time.time() - published_at
            time.sleep(0.05)
    for label in ("article", "front page"):
        if label not in seen:
            raise AssertionError(f"purge: the new headline never reached the {label} through Varnish")
        verdict = "ok" if seen[label] <= PURGE_DEADLINE else f"SLOWER than {PURGE_DEADLINE:.0f}s"
        found.append(f"purge: new headline on the {label} through Varnish {seen[label]:.2f}s after publish ({verdict})")
    return found


def check_edge(env: dict, front: str, story: dict, session: str) -> list[str]:
    """Check that nginx answers hits itself, passes signed-in readers and shows an editor's publish; say what held."""
    found = []
    url = front + story["url"]
    fetch(url)
    headers, body = fetch(url)
    assert headers.get("X-Page-Cache") == "edge", f"nginx did not answer from the page cache: {headers}"
    assert "Set-Cookie" not in headers and "Content-Security-Policy" in headers, headers
    found.append("anonymous article: answered by nginx from Redis, with the app's headers, no Set-Cookie")
    signed_in_headers, signed_in = fetch(url, {"Cookie": f"sessionid={session}"})
    assert signed_in_headers.get("X-Page-Cache") == "edge" and signed_in == body, signed_in_headers
    found.append("signed-in subscriber: answered by nginx from Redis, the anonymous reader's bytes")
    title = f"{story['title']} (updated {secrets.token_hex(3)})"
    published_at = float(shell(env, PUBLISH.format(id=story["id"], title=title)))
    seen = None
    while seen is None and time.time() - published_at < 3 * PURGE_DEADLINE:
        if title in fetch(url)[1]:
            seen = time.time() - published_at
        time.sleep(0.05)
    if seen is None:
        raise AssertionError("purge: the new headline never reached the article through nginx")
    verdict = "ok" if seen <= PURGE_DEADLINE else f"SLOWER than {PURGE_DEADLINE:.0f}s"
    found.append(f"purge: new headline on the article through nginx {seen:.2f}s after publish ({verdict})")
    return found


def signed_in_views(edge: str, *, story, premium, body_path, load, subscriber, non_subscriber, rounds=3) -> dict:
    """Load the shipped nginx as signed-in readers next to anonymous ones, in interleaved rounds (medians: the machine
    is shared): a subscriber's premium page and its body fragment (the request the page's script makes, with its
    header), the same premium page anonymously, a non-subscriber's article page and the same page anonymously."""
    fragment = {**subscriber, "X-Fragment": "1", "Accept": "text/html"}
    rows = {
        "page": (premium["url"], subscriber),
        "anonymous_premium": (premium["url"], {}),
        "body": (body_path, fragment),
        "non_subscriber": (story["url"], non_subscriber),
        "anonymous": (story["url"], {}),
    }
    seconds = max(2, load["seconds"] // 2)
    runs: dict[str, list[dict]] = {name: [] for name in rows}
    for path, headers in rows.values():
        wrk(edge + path, seconds=1, connections=load["connections"], headers=headers)
    for _ in range(rounds):
        for name, (path, headers) in rows.items():
            row = wrk(edge + path, seconds=seconds, connections=load["connections"], headers=headers)
            assert row["non_2xx"] == 0, (name, row)
            runs[name].append(row)
    return {name: _median(found) for name, found in runs.items()}


def _ratio(rate: float, baseline: float) -> float | None:
    return rate / baseline if baseline else None


def _median(rows: list[dict]) -> dict:
    """Return the run with the median request rate."""
    return sorted(rows, key=lambda row: row["rps"])[len(rows) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    require(NEEDS)
    from .wordpress import wordpress_post

    started = time.monotonic()
    load = {"seconds": args.seconds, "connections": args.connections}
    with bench_environment("article") as (env, _workdir), redis_cache(env, "article") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        env["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"  # the demo's notifications go nowhere
        manage(env, "load_demo")
        # A live site's worker has long since done the demo's backlog (search and reference indexing, emails);
        # left queued, it would stand between the editor's publish and the purge measured below.
        manage(env, "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
        story = json.loads(shell(env, STORY))
        premium = json.loads(shell(env, PREMIUM))
        body_path = f"/subscriptions/article/{premium['id']}/body"
        session = shell(env, SUBSCRIBER_SESSION)
        other_session = shell(env, NON_SUBSCRIBER_SESSION)
        subscriber = {"Cookie": f"sessionid={session}"}
        non_subscriber = {"Cookie": f"sessionid={other_session}"}
        front_port = free_port()
        env["VARNISH_PURGE_URLS"] = f"http://127.0.0.1:{front_port}/"
        with app_server(env) as base:
            url = base + story["url"]
            with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
                html = response.read()
            # The first ask renders the premium body (the old path, every time); later ones are answered from the cache.
            rendered_headers, rendered_body = fetch(base + body_path, subscriber)
            assert rendered_headers["Cache-Control"].startswith("private"), rendered_headers
            assert "paywall-full-body" in rendered_body, "the demo subscriber was refused the premium body"
            wrk(url, seconds=2, connections=args.connections)  # warm-up: renditions, connections, caches
            cached = wrk(url, **load)
            edge_prefix = env["CACHE_KEY_PREFIX"] + ":edge:"
            edge_rows = {}
            for memory_seconds in (0, 1):  # Redis on every request; the shipped 1 s in nginx's shared memory
                with nginx_edge(
                    base, redis_url=env["REDIS_URL"], prefix=edge_prefix, memory_seconds=memory_seconds
                ) as edge:
                    wrk(edge + story["url"], seconds=2, connections=args.connections)
                    edge_rows[memory_seconds] = wrk(edge + story["url"], **load)
                    if memory_seconds:
                        signed_in_rows = signed_in_views(
                            edge, story=story, premium=premium, body_path=body_path, load=load,
                            subscriber=subscriber, non_subscriber=non_subscriber,
                        )  # fmt: skip
                        body_headers, edge_body = fetch(edge + body_path, subscriber)
                        assert body_headers.get("X-Page-Cache") == "edge-private", body_headers
                        assert edge_body == rendered_body, "nginx's premium body differs from the app's render"
                        checks = [
                            "premium body: answered by nginx for the subscriber's session, the very bytes the app "
                            f"rendered ({len(edge_body.encode()):,} bytes, {body_headers['Cache-Control']})"
                        ]
                        checks += check_edge(env, edge, story, session)
            with varnish(base.removeprefix("http://"), port=front_port) as (front, _varnish_state):
                wrk(front + story["url"], seconds=2, connections=args.connections)
                fronted = wrk(front + story["url"], **load)
                checks += check_varnish(env, front, story, session)
        # The app rendering every request, as it did for every signed-in reader before they shared the cached page;
        # measured next to WordPress, its baseline.
        with app_server({**env, "PAGE_CACHE": "0"}) as uncached_base:
            wrk(uncached_base + story["url"], seconds=2, connections=args.connections, headers=subscriber)
            uncached = wrk(uncached_base + story["url"], **load, headers=subscriber)
        with nginx_static(html) as static_url:
            ceiling = wrk(static_url, **load)
        with wordpress_post(title=story["title"], standfirst=story["standfirst"], paragraphs=story["paragraphs"]) as wp:
            _, wp_html = fetch(wp)
            assert story["title"] in wp_html, "the WordPress post does not show the article's headline"
            wrk(wp, seconds=2, connections=args.connections)
            wordpress = wrk(wp, **load)

    print(f"article page {story['url']} ({len(html):,} bytes; WordPress's copy {len(wp_html.encode()):,} bytes)")
    print(f"{args.connections} connections, {args.seconds}s each, loopback")
    print(f"{'server':<42}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
    rows = [
        ("nginx, saved HTML (ceiling)", ceiling),
        ("app, whole-page cache, through granian", cached),
        ("app's page cache, nginx reads Redis", edge_rows[0]),
        ("app's page cache, nginx + 1 s memory", edge_rows[1]),
        ("Varnish in front of the app", fronted),
        ("anonymous: premium page, nginx *", signed_in_rows["anonymous_premium"]),
        ("subscriber: premium page, nginx *", signed_in_rows["page"]),
        ("subscriber: premium body fragment, nginx *", signed_in_rows["body"]),
        ("anonymous: article page, nginx *", signed_in_rows["anonymous"]),
        ("non-subscriber: article page, nginx *", signed_in_rows["non_subscriber"]),
        ("app, uncached render (signed-in subscriber)", uncached),
        ("WordPress (Debian), uncached as installed", wordpress),
    ]
    for label, row in rows:
        print(f"{label:<42}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}{row['non_2xx']:>9}")
        if row["socket_errors"]:
            print(f"  socket errors: {row['socket_errors']}")
    page, body = signed_in_rows["page"]["rps"], signed_in_rows["body"]["rps"]
    view = 1 / (1 / page + 1 / body)  # one page request and one body fragment request per article view
    print(f"{'subscriber article views/s (page + body)':<42}{view:>10.0f}")
    ratios = [
        ("cached app (shipped nginx) / nginx", edge_rows[1]["rps"] / ceiling["rps"], 0.5),
        ("subscriber's page (nginx) / nginx", page / ceiling["rps"], 0.5),
        ("subscriber's body fragment / uncached", _ratio(body, uncached["rps"]), 20.0),
        ("subscriber / anonymous premium page *", page / signed_in_rows["anonymous_premium"]["rps"], 0.9),
        (
            "non-subscriber / anonymous page *",
            signed_in_rows["non_subscriber"]["rps"] / signed_in_rows["anonymous"]["rps"],
            0.9,
        ),
        ("cached app (nginx reads Redis) / nginx", edge_rows[0]["rps"] / ceiling["rps"], None),
        ("cached app (granian) / nginx", cached["rps"] / ceiling["rps"], None),
        ("Varnish / nginx", fronted["rps"] / ceiling["rps"], None),
        ("uncached app / WordPress uncached", _ratio(uncached["rps"], wordpress["rps"]), 6.0),
    ]
    for label, ratio, target in ratios:
        if ratio is None:  # a baseline that answered nothing in time (a loaded machine): no figure to give
            print(f"ratio {label:<40}{'n/a':>8}  (its baseline answered no request in time)")
            continue
        verdict = "" if target is None else f"  (target >= {target:g}: {'met' if ratio >= target else 'MISSED'})"
        print(f"ratio {label:<40}{ratio:>8.3f}{verdict}")
    print("* signed-in rows: median of 3 interleaved rounds, each half as long as the other rows")
    for line in checks:
        print(f"check: {line}")
    print(f"whole run: {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()

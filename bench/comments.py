"""Comments: the thread fragment's first page over 5,000 comments, and 50 readers posting at once on PostgreSQL.

Run: `.venv/bin/python -m bench.comments [--renders 200] [--posters 50] [--posts-each 6]`.
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG_ADMIN_URL to override). Loopback only; the database is dropped after.

1. Seeds an article with 5,000 top-level comments (and 1,000 replies) next to an article with 10, then times the
   comments fragment's first page (view + selectors + template, in this process) for both: median and p95, and the
   ratio big/small. The target is under 50 ms for the big thread.
2. Starts the production server (granian) and has 50 signed-in readers post through the HTTP endpoint at once,
   each on its own keep-alive connection. Prints p50/p95 post latency, throughput, and checks that the number of
   comments stored equals the number of 2xx answers and that the article's published counter agrees.
   The rate limits (5 a minute per reader, 20 per IP address, 60 per network by default) are lifted for this run:
   it measures the write path, not the limits, and every poster comes from 127.0.0.1.
"""

import argparse
import http.client
import os
import secrets
import statistics
import threading
import time
from urllib.parse import urlencode

from .server import app_server, bench_environment, manage, server_shape


def _django(env: dict):
    os.environ.update(env)
    import django

    django.setup()


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _seed(posters: int):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from newsdesk.comments.models import ArticleCommentStats, Comment, CommenterProfile, CommentStatus
    from newsdesk.comments.tests.factories import make_commented_article, site_settings
    from newsdesk.comments.text import body_hash, render

    big = make_commented_article("A thread of five thousand comments", section_title="Opinion")
    small = make_commented_article("A thread of ten comments", section_title="Letters")
    site_settings(
        rate_limit_per_minute=10_000, rate_limit_per_ip_per_minute=10_000, rate_limit_per_network_per_minute=10_000
    )
    users = get_user_model()
    seeders = [users.objects.create_user(f"seed{i}", f"seed{i}@example.com", "x") for i in range(20)]
    CommenterProfile.objects.bulk_create(
        CommenterProfile(user=u, display_name=f"Seeder {i}") for i, u in enumerate(seeders)
    )
    now = timezone.now()

    def comment(article, i, **extra):
        text = f"Seeded comment number {i} with a link https://example.com/{i} and some words 👍"
        return Comment(
            article_id=article.pk,
            author=seeders[i % len(seeders)],
            body=text,
            body_html=render(text),
            body_hash=body_hash(text),
            status=CommentStatus.PUBLISHED,
            published_at=now,
            **extra,
        )

    tops = Comment.objects.bulk_create(comment(big, i) for i in range(5000))
    Comment.objects.bulk_create(
        comment(big, 5000 + i, parent=tops[-1 - i % 200], root=tops[-1 - i % 200]) for i in range(1000)
    )
    Comment.objects.filter(pk__in=[t.pk for t in tops[-200:]]).update(has_replies=True)
    Comment.objects.bulk_create(comment(small, i) for i in range(10))
    ArticleCommentStats.objects.create(article=big, published_count=6000)
    ArticleCommentStats.objects.create(article=small, published_count=10)
    with connection.cursor() as cursor:  # what autovacuum would have done by now
        cursor.execute("ANALYZE comments_comment")
    readers = [users.objects.create_user(f"poster{i}", f"poster{i}@example.com", "x") for i in range(posters)]
    CommenterProfile.objects.bulk_create(
        CommenterProfile(user=u, display_name=f"Poster {i}") for i, u in enumerate(readers)
    )
    return big, small, readers


def _time_fragment(article_id: int, renders: int, *, cached: bool) -> list[float]:
    """Time GET of the fragment; uncached: start a new thread version first, so every request renders in full."""
    from django.test import Client

    from newsdesk.comments.selectors import thread_changed

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/comments/article/{article_id}/"
    for _ in range(5):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(renders):
        if not cached:
            thread_changed(article_id=article_id)
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings


def _time_selector(article_id: int, renders: int) -> list[float]:
    from newsdesk.comments.selectors import thread_page

    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        thread_page(article_id=article_id)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _session_cookie(user) -> str:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client.cookies["sessionid"].value


def _post_load(base: str, article_id: int, cookies: list[str], posts_each: int) -> dict:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(len(cookies))

    def poster(index: int, session: str) -> None:
        csrf = secrets.token_hex(16)  # a 32-character secret: cookie and header carry the same value
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "X-Fragment": "1",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        start_gate.wait()
        for n in range(posts_each):
            body = urlencode({"body": f"Poster {index} says thing {n}: {secrets.token_hex(4)}"})
            started = time.perf_counter()
            try:
                conn.request("POST", f"/comments/article/{article_id}/post/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.append(status)
        conn.close()

    threads = [threading.Thread(target=poster, args=(i, c)) for i, c in enumerate(cookies)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ok = sum(1 for s in statuses if 200 <= s < 300)
    return {"latencies": latencies, "statuses": statuses, "ok": ok, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--posters", type=int, default=50)
    parser.add_argument("--posts-each", type=int, default=6)
    args = parser.parse_args()

    with bench_environment("comments") as (env, _workdir):
        print("migrating and seeding (5,000 top-level comments + 1,000 replies) ...", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        _django(env)
        big, small, readers = _seed(args.posters)

        print(f"\n1. comments fragment, first page, in-process ({args.renders} requests each, anonymous reader)")
        small_full = _time_fragment(small.pk, args.renders, cached=False)
        big_full = _time_fragment(big.pk, args.renders, cached=False)
        big_hit = _time_fragment(big.pk, args.renders, cached=True)
        big_sel = _time_selector(big.pk, args.renders)
        rows = [
            ("10 comments, full render", small_full),
            ("6,000 comments, full render", big_full),
            ("6,000 comments, selector only (queries)", big_sel),
            ("6,000 comments, cached copy (what readers get)", big_hit),
        ]
        for label, times in rows:
            print(f"   {label:48s} median {statistics.median(times):7.2f} ms   p95 {_pct(times, 95):7.2f} ms")
        big_med = statistics.median(big_full)
        print(f"   ratio full render 6,000/10 (median): {big_med / statistics.median(small_full):.2f}")
        print(
            f"   target < 50 ms: full render {'met' if big_med < 50 else 'NOT met'}, cached copy "
            f"{'met' if statistics.median(big_hit) < 50 else 'NOT met'}"
        )

        from newsdesk.comments.models import ArticleCommentStats, Comment

        cookies = [_session_cookie(user) for user in readers]
        before = Comment.objects.filter(article_id=big.pk).count()
        with app_server(env) as base:
            # Warm each worker once, then the fragment over HTTP as a reference point for the posts.
            conn = http.client.HTTPConnection(
                base.removeprefix("http://").split(":")[0], int(base.rsplit(":", 1)[1]), timeout=30
            )
            http_frag = []
            for _ in range(30):
                started = time.perf_counter()
                conn.request("GET", f"/comments/article/{big.pk}/")
                conn.getresponse().read()
                http_frag.append((time.perf_counter() - started) * 1000)
            conn.close()
            result = _post_load(base, big.pk, cookies, args.posts_each)
        stored = Comment.objects.filter(article_id=big.pk).count() - before
        counter = ArticleCommentStats.objects.get(article_id=big.pk).published_count
        published_total = Comment.objects.filter(article_id=big.pk, status="published").count()
        lat = result["latencies"]
        total = len(result["statuses"])
        print(f"\n2. {args.posters} concurrent posters x {args.posts_each} posts via {server_shape()} on PostgreSQL")
        print(f"   fragment over HTTP (6,000 comments), median of 30: {statistics.median(http_frag):.2f} ms")
        print(
            f"   posts: {total}   2xx: {result['ok']}   other: "
            f"{sorted({s for s in result['statuses'] if not 200 <= s < 300})}"
        )
        print(f"   latency p50 {_pct(lat, 50):.1f} ms   p95 {_pct(lat, 95):.1f} ms   max {max(lat):.1f} ms")
        print(f"   throughput {total / result['wall']:.1f} posts/s over {result['wall']:.2f} s")
        print(f"   stored {stored} == 2xx {result['ok']}: {'yes' if stored == result['ok'] else 'NO'}")
        print(
            f"   published counter {counter} == published rows {published_total}: "
            f"{'yes' if counter == published_total else 'NO'}"
        )
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    main()

"""Article-page throughput and latency: the app (gunicorn, PostgreSQL) next to nginx serving the same saved HTML.

Run: `make bench` or `.venv/bin/python -m bench.article_page [--seconds 10] [--connections 64]`.
Needs PostgreSQL on 127.0.0.1:5432, nginx and wrk (Debian: apt-get install -y nginx-light wrk). Loopback only.
"""

import argparse
import urllib.request

from .server import bench_environment, gunicorn, manage, nginx_static, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    with bench_environment("article") as (env, _workdir):
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo")
        path = (
            manage(
                env,
                "shell",
                "--no-imports",
                "-c",
                "from newsdesk.news.models import ArticlePage; "
                "print(ArticlePage.objects.live().filter(premium=False).order_by('-first_published_at').first().url)",
            )
            .strip()
            .splitlines()[-1]
        )
        with gunicorn(env) as base:
            url = base + path
            with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
                html = response.read()
            wrk(url, seconds=2, connections=args.connections)  # warm-up: renditions, connections, caches
            cached = wrk(url, seconds=args.seconds, connections=args.connections)
            # A session cookie takes the reader past the page cache, as a signed-in reader's request would.
            uncached = wrk(
                url, seconds=args.seconds, connections=args.connections, headers={"Cookie": "sessionid=bench"}
            )
        with nginx_static(html) as static_url:
            ceiling = wrk(static_url, seconds=args.seconds, connections=args.connections)

    print(f"article page {path} ({len(html):,} bytes), {args.connections} connections, {args.seconds}s each")
    print(f"{'server':<38}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
    rows = [
        ("nginx, saved HTML (ceiling)", ceiling),
        ("app, whole-page cache", cached),
        ("app, uncached (session cookie)", uncached),
    ]
    for label, row in rows:
        print(f"{label:<38}{row['rps']:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}{row['non_2xx']:>9}")
    print(f"ratio cached app / nginx:   {cached['rps'] / ceiling['rps']:.3f}")
    print(f"ratio uncached app / nginx: {uncached['rps'] / ceiling['rps']:.4f}")


if __name__ == "__main__":
    main()

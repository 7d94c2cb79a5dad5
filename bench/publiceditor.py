"""Public editor pages under load: corrections list, its RSS feed and the accountability figures, next to /healthz.

Run: `.venv/bin/python -m bench.publiceditor [--seconds 5] [--connections 16] [--corrections 300] [--cases 3000]`.
Needs PostgreSQL on 127.0.0.1:5432 and wrk. Loopback only; the database is dropped after.

Seeds a year of cases and corrections straight in SQL over the demo newsroom, then loads each page with wrk
through the production server. /healthz (no database work) is the baseline measured in the same run.
"""

import argparse
import subprocess

from .server import app_server, bench_environment, manage, wrk

SEED_SQL = """
INSERT INTO publiceditor_caseyearcounter (year, last_number) VALUES (1999, {cases});
INSERT INTO publiceditor_case (reference, year, number, kind, category, message, name, email, consent_to_contact,
    state, outcome, created_at, acknowledged_at, resolved_at, acknowledge_due_on, resolve_due_on)
SELECT 'PE-1999-' || lpad(n::text, 6, '0'), 1999, n,
       (ARRAY['feedback','complaint','query','suggestion'])[1 + n % 4],
       CASE WHEN n % 4 = 1 THEN 'inaccuracy' ELSE '' END,
       'Benchmark message ' || n, 'Reader ' || n, 'reader' || n || '@example.org', true,
       'resolved', (ARRAY['upheld','partly_upheld','not_upheld','no_action'])[1 + n % 4],
       now() - (n % 360) * interval '1 day', now() - (n % 360) * interval '1 day' + interval '20 hours',
       now() - (n % 360) * interval '1 day' + interval '6 days', current_date, current_date
FROM generate_series(1, {cases}) n;
INSERT INTO publiceditor_correction (article_id, kind, text, published_at)
SELECT (SELECT page_ptr_id FROM news_articlepage ORDER BY page_ptr_id LIMIT 1 OFFSET (n % 5)),
       (ARRAY['correction','clarification','update'])[1 + n % 3], 'Benchmark correction ' || n,
       now() - (n % 360) * interval '1 day'
FROM generate_series(1, {corrections}) n;
ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--corrections", type=int, default=300)
    parser.add_argument("--cases", type=int, default=3000)
    args = parser.parse_args()

    paths = [
        "/healthz",
        "/public-editor/corrections/",
        "/public-editor/corrections/feed/",
        "/public-editor/accountability/",
    ]
    results = {}
    with bench_environment("publiceditor") as (env, _workdir):
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo")
        sql = SEED_SQL.format(cases=args.cases, corrections=args.corrections)
        subprocess.run(["psql", env["DATABASE_URL"], "-q", "-c", sql], check=True, capture_output=True)
        with app_server(env) as base:
            for path in paths:
                wrk(base + path, seconds=1, connections=args.connections)  # warm-up
                results[path] = wrk(base + path, seconds=args.seconds, connections=args.connections)

    print(f"{args.cases} cases, {args.corrections} corrections; {args.connections} connections, {args.seconds}s each")
    print("(a shared 2-core machine: other benchmarks may run at the same time; compare the ratios)")
    print(f"{'path':<36}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'vs healthz':>12}")
    baseline = results["/healthz"]["rps"]
    for path, row in results.items():
        ratio = row["rps"] / baseline if baseline else 0
        print(f"{path:<36}{row['rps']:>9.0f}{row['p50']:>9.2f}{row['p99']:>9.2f}{row['non_2xx']:>9}{ratio:>12.3f}")


if __name__ == "__main__":
    main()

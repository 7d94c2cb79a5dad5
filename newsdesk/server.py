"""The production app server: granian serving `newsdesk.wsgi`. Run `python -m newsdesk.server`.

Granian parses HTTP and keeps the client connections in Rust, and hands each request to one of a worker's Python
threads. Under gunicorn's threaded workers the HTTP parsing, the connection polling and the hand-over to the thread
pool were Python, on the same GIL as the requests. bench.polls prints the server's bare "hello" ceiling next to
the vote rate.

Settings come from the environment, so the service unit, the tests and the benchmarks all start the same server:

- `WEB_BIND` (`127.0.0.1:8000`): the address to listen on; nginx or Varnish sits in front.
- `WEB_WORKERS` (one per core): processes, each with its own GIL and database connections.
- `WEB_THREADS` (`4`): threads per process; a request waiting on PostgreSQL or Redis lets another one run.
- `WEB_MAX_RSS_MB` (`1024`): a worker that grows past this is replaced gracefully, so a slow leak in any library
  cannot grow without bound.
- `WEB_ACCESS_LOG` (off): `1` writes an access log line per request. nginx in front writes the site's, with the
  request id it hands the app; a second line per request here would cost the app CPU on every request.
- `WEB_APP` (`newsdesk.wsgi:application`): what to serve (the benchmarks serve a bare "hello" with the same
  settings, as the server's ceiling).

Each worker imports the application itself (seconds of CPU, once per worker start). A worker that dies is started
again; SIGHUP replaces the workers one by one, which is how a deploy loads new code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def options(environ: Mapping[str, str] = os.environ) -> dict:
    """Return granian's settings for this environment; raise ValueError naming the setting that is malformed."""
    from granian.constants import Interfaces
    from granian.log import LogLevels

    host, _, port = environ.get("WEB_BIND", "127.0.0.1:8000").rpartition(":")
    return {
        "target": environ.get("WEB_APP", "newsdesk.wsgi:application"),
        "address": host.strip("[]") or "127.0.0.1",
        "port": _number(environ, "WEB_BIND", port, "an address and port, like 127.0.0.1:8000"),
        "interface": Interfaces.WSGI,
        "workers": _number(environ, "WEB_WORKERS", environ.get("WEB_WORKERS") or os.cpu_count() or 1),
        "blocking_threads": _number(environ, "WEB_THREADS", environ.get("WEB_THREADS") or 4),
        "websockets": False,
        "respawn_failed_workers": True,
        "workers_max_rss": _number(environ, "WEB_MAX_RSS_MB", environ.get("WEB_MAX_RSS_MB") or 1024),
        # A worker being replaced (SIGHUP, memory) gets this long to finish its requests.
        "workers_kill_timeout": 20,
        "log_level": LogLevels.info,
        "log_access": environ.get("WEB_ACCESS_LOG") == "1",
    }


def _number(environ: Mapping[str, str], name: str, value, expected: str = "a whole number above 0") -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"{name} must be {expected}, not {environ.get(name)!r}")
    return number


def main() -> None:
    from granian.server import Server

    try:
        settings = options()
    except ValueError as error:
        raise SystemExit(f"newsdesk.server: {error}") from None
    Server(**settings).serve()


if __name__ == "__main__":
    main()

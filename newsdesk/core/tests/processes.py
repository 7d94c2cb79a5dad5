"""Helpers for tests that start the project's own server processes (the demo runner, the production app server)."""

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    """Return a loopback port that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def production_server(workdir: Path, **settings: str):
    """Serve the app with the production server and settings, on SQLite under `workdir`, plus `settings`; yield its
    base URL and the path of its log once it listens."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "server-test-" + "k" * 40,
        "DEBUG": "0",
        "SITE_URL": "https://news.example",
        "NEWSDESK_VAR_DIR": str(workdir),
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
        **settings,
    }
    env.pop("REDIS_URL", None)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'server.sqlite3'}")
    log = workdir / f"server-{port}.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.server"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def app_log_lines(log: Path) -> list[dict]:
    """Return the app's own JSON log lines from a server log (the server's lines are plain text)."""
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if "logger" in entry:
                lines.append(entry)
    return lines

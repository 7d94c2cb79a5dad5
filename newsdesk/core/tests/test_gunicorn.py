"""The production app server as deploy/gunicorn.conf.py runs it: the application is loaded once, in the master."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .processes import ROOT, free_port


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback URL built here
        return response.status


def test_workers_fork_from_a_loaded_master_and_keep_serving_when_recycled(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "gunicorn-test-" + "k" * 40,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "NEWSDESK_VAR_DIR": str(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        # Recycled after every 3 requests, so the run below sees several workers start.
        "GUNICORN_CMD_ARGS": "--max-requests 3 --max-requests-jitter 0",
    }
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsdesk.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        # The master imported the application before forking: the HTML sanitiser's compiled library, which only
        # the app loads, is mapped into the master process itself.
        master_maps = Path(f"/proc/{proc.pid}/maps").read_text()
        assert "nh3" in master_maps
        # Every answer is served, across workers replaced by max_requests (each a fork of that master, with its
        # own database connection).
        statuses = [_get(f"http://127.0.0.1:{port}/healthz") for _ in range(12)]
        assert statuses == [200] * 12
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    booted = log.read_text().count("Booting worker")
    assert booted >= 4, log.read_text()

"""The production app server as newsdesk/server.py runs it (granian): its settings, workers, threads and restarts."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsdesk.server import options

from .processes import ROOT, free_port


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback URL built here
        return response.status


def _workers(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def _production_env(tmp_path: Path, **settings: str) -> dict:
    """The environment of a production-settings app on SQLite under `tmp_path`, plus `settings`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "server-test-" + "k" * 40,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "NEWSDESK_VAR_DIR": str(tmp_path),
        **settings,
    }


def _until(check, *, log: Path, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)


def test_settings_come_from_the_environment():
    chosen = options(
        {"WEB_BIND": "[::1]:8123", "WEB_WORKERS": "3", "WEB_THREADS": "6", "WEB_ACCESS_LOG": "1", "WEB_APP": "a:b"}
    )
    assert (chosen["address"], chosen["port"], chosen["workers"], chosen["blocking_threads"]) == ("::1", 8123, 3, 6)
    assert chosen["log_access"] is True
    assert chosen["target"] == "a:b"
    defaults = options({})
    assert (defaults["address"], defaults["port"]) == ("127.0.0.1", 8000)
    assert defaults["workers"] == (os.cpu_count() or 1)
    assert defaults["blocking_threads"] == 4
    assert defaults["target"] == "newsdesk.wsgi:application"
    assert defaults["log_access"] is False
    # A dead worker is started again, and one that outgrows its memory allowance is replaced.
    assert defaults["respawn_failed_workers"] is True
    assert defaults["workers_max_rss"] == 1024


def test_a_malformed_setting_stops_the_server_with_a_message_naming_it():
    for name, value in (("WEB_BIND", "localhost"), ("WEB_WORKERS", "two"), ("WEB_THREADS", "0")):
        with pytest.raises(ValueError, match=name):
            options({name: value})
    started = subprocess.run(
        [sys.executable, "-m", "newsdesk.server"],
        cwd=ROOT,
        env={**os.environ, "WEB_BIND": "127.0.0.1:port"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 1
    assert "WEB_BIND must be an address and port, like 127.0.0.1:8000, not '127.0.0.1:port'" in started.stderr


def test_serves_with_its_workers_replaces_a_dead_one_and_stops_cleanly(tmp_path, collected_static):
    port = free_port()
    log = tmp_path / "server.log"
    env = _production_env(
        tmp_path, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS="2", WEB_THREADS="2", STATIC_ROOT=str(collected_static)
    )
    health = f"http://127.0.0.1:{port}/healthz"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.server"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _until(lambda: _get(health) == 200, log=log)
        first = _until(lambda: len(_workers(proc.pid)) == 2 and _workers(proc.pid), log=log)
        # Requests from many clients at once are all served, by the workers' threads.
        with ThreadPoolExecutor(max_workers=16) as pool:
            assert list(pool.map(lambda _: _get(health), range(32))) == [200] * 32
        # A worker that dies is replaced, and the server goes on answering.
        dead = min(first)
        os.kill(dead, signal.SIGKILL)

        def replaced() -> bool:  # two workers again, one of them new
            workers = _workers(proc.pid)
            return len(workers) == 2 and dead not in workers

        _until(replaced, log=log)
        assert [_get(health) for _ in range(8)] == [200] * 8
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0, log.read_text()


def test_a_worker_hides_the_loaded_application_from_the_garbage_collector(tmp_path):
    code = "import gc, newsdesk.wsgi, sys; print(gc.get_freeze_count(), 'newsdesk.urls' in sys.modules)"
    env = _production_env(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    frozen, urls_loaded = out.stdout.split()
    # Django and Wagtail alone are hundreds of thousands of objects; the URL modules were imported at load.
    assert int(frozen) > 100_000
    assert urls_loaded == "True"

"""Fixtures shared by the tests that start real processes: Redis, and the static files collected as a release's."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest
import redis

from .processes import ROOT, free_port


@pytest.fixture
def redis_server():
    """A throwaway redis-server on a free loopback port; yield (its process, its URL)."""
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="newsdesk-test-redis-")
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    try:
        yield proc, f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as `manage.py collectstatic` leaves it under the production settings; collected once per run."""
    static_root = tmp_path_factory.mktemp("collected") / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "collect-static-" + "k" * 40,
        "STATIC_ROOT": str(static_root),
        "NEWSDESK_VAR_DIR": str(static_root.parent),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return static_root

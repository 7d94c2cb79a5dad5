"""Shared plumbing for the benchmarks: a throwaway PostgreSQL database, a production-mode app server, wrk."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from deploy.harness import (  # noqa: F401 - the benchmarks start nginx and Varnish through these
    RENDER,
    ROOT,
    VARNISHD,
    VCL,
    Front,
    _wait_for,
    free_port,
    nginx_edge,
    nginx_site_moved,
    nginx_static,
    render,
    start_nginx_site,
    tls_certificate,
    varnish,
    varnish_backends,
)

PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


# Debian package -> what shows it is installed (a command on PATH or a file pattern), for the benches that put nginx
# (with Lua) and Varnish in front of the app and load them with wrk.
EDGE_NEEDS = {
    "postgresql-client": ("psql",),
    "nginx": ("nginx",),
    "libnginx-mod-http-lua": ("/usr/lib/nginx/modules/ngx_http_lua_module.so",),
    "wrk": ("wrk",),
    "varnish": ("varnishd",),
    "varnish-modules": ("/usr/lib/*/varnish/vmods/libvmod_xkey.so", "/usr/lib/varnish/vmods/libvmod_xkey.so"),
}


def require(needs: dict[str, tuple[str, ...]]) -> None:
    """Exit with the apt-get command that installs what is missing; `needs` maps each Debian package to the
    files (or commands on PATH) that show it is installed."""
    missing = [
        package
        for package, evidence in needs.items()
        if not any(glob.glob(item) if item.startswith("/") else shutil.which(item) for item in evidence)
    ]
    if missing:
        sys.exit(f"This benchmark needs Debian packages that are not installed: apt-get install -y {' '.join(missing)}")


def _psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN_URL, "-q", "-c", sql], check=True, capture_output=True)


@contextmanager
def bench_environment(name: str):
    """Yield the environment of a production-mode app on a fresh PostgreSQL database (dropped afterwards)."""
    db = f"nd_bench_{name}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix=f"newsdesk-bench-{name}-"))
    _psql(f"DROP DATABASE IF EXISTS {db}")
    _psql(f"CREATE DATABASE {db}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "benchmark-only-" + "s" * 40,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{db}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "NEWSDESK_VAR_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    try:
        yield env, workdir
    finally:
        _psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def redis_cache(env: dict, name: str):
    """Yield the environment with the app's caches in Redis under a key prefix of their own (deleted afterwards).

    Production keeps the page cache in Redis, shared by every worker and process: a purge made by one process
    (an editor's publish, the task worker) must reach the pages every other process serves.
    """
    import redis

    prefix = f"nd-bench-{name}-{os.getpid()}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        yield {**env, "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def server_shape(workers: int | None = None, threads: int | None = None) -> str:
    """Describe the server `app_server` runs with these arguments, as "granian W workers x T threads"."""
    from newsdesk.server import options

    chosen = {k: str(v) for k, v in (("WEB_WORKERS", workers), ("WEB_THREADS", threads)) if v}
    chosen = options({**os.environ, **chosen})
    return f"granian {chosen['workers']} workers x {chosen['blocking_threads']} threads"


@contextmanager
def app_server(
    env: dict,
    *,
    workers: int | None = None,
    threads: int | None = None,
    app: str | None = None,
    log: Path | None = None,
    probe: str = "/healthz",
):
    """Serve the app with the production server (`python -m newsdesk.server`) on a free loopback port; yield its
    base URL. Workers and threads default to production's; `app` serves another WSGI callable with the same
    settings; the server's log goes to `log`, or to a temporary file."""
    port = free_port()
    env = {**env, "WEB_BIND": f"127.0.0.1:{port}"}
    for name, value in (("WEB_WORKERS", workers), ("WEB_THREADS", threads), ("WEB_APP", app)):
        if value is not None:
            env[name] = str(value)
    # A file, not a pipe: nobody reads the server's log while it runs, and a full pipe would stall it.
    with log.open("w+b") if log else tempfile.TemporaryFile() as sink:
        proc = subprocess.Popen(
            [PYTHON, "-m", "newsdesk.server"], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_for(base + probe, proc)
            except RuntimeError as error:
                sink.seek(0)
                raise RuntimeError(f"{error}\n{sink.read().decode(errors='replace')[-3000:]}") from None
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@contextmanager
def task_worker(env: dict):
    """Run the task worker (which sends the app's purges to Varnish) for as long as the block lasts."""
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=tempfile.TemporaryFile(),
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: int, connections: int = 64, threads: int = 2, headers: dict | None = None) -> dict:
    """Load a URL with wrk (loopback, bounded in time); return requests/s, p50/p99 in ms and non-2xx count."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * _UNITS[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }

"""Start nginx and Varnish with the shipped files (deploy/), on free loopback ports, for the edge tests, the
deployment rehearsal and the benchmarks. Each starter is a context manager that stops what it started."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VCL = ROOT / "deploy" / "varnish" / "newsdesk.vcl"
RENDER = ROOT / "deploy" / "render.py"
# Debian installs varnishd in /usr/sbin, which an unprivileged user's PATH may lack.
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


_LUA_MODULES = "".join(
    f"load_module {path};\n"
    for path in ("/usr/lib/nginx/modules/ndk_http_module.so", "/usr/lib/nginx/modules/ngx_http_lua_module.so")
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _nginx(workdir: Path, *, http: str, probe: str, main: str = ""):
    """Run nginx with this `http { }` body from `workdir` (removed afterwards) until `probe` answers; yield."""
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""{main}daemon off; worker_processes 2; pid {workdir}/nginx.pid; error_log {workdir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
{http}
}}
"""
    )
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)], stderr=subprocess.PIPE)
    try:
        _wait_for(probe, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def nginx_static(html: bytes):
    """Serve one saved HTML page with nginx on a free loopback port; yield its URL."""
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="newsdesk-bench-nginx-"))
    (prefix / "page.html").write_bytes(html)
    # nginx's workers drop to an unprivileged user, which must be able to read the page.
    prefix.chmod(0o755)
    (prefix / "page.html").chmod(0o644)
    url = f"http://127.0.0.1:{port}/page.html"
    server = f"  server {{ listen 127.0.0.1:{port}; location / {{ default_type text/html; root {prefix}; }} }}"
    with _nginx(prefix, http=server, probe=url):
        yield url


@contextmanager
def nginx_edge(
    app: str,
    *,
    redis_url: str,
    prefix: str,
    memory_seconds: float = 0,
    readership_prefix: str = "newsdesk:readership:",
):
    """Serve the app through nginx with deploy/nginx/pagecache.lua answering page-cache hits from Redis; yield the URL.

    The location block is the shipped deploy/nginx/newsdesk.conf's, on a free loopback port without TLS; misses
    and signed-in readers go to `app` (the app server's base URL). With `memory_seconds`, each hit is also kept that
    long in nginx's shared memory (pagecache.lua's `memory`); with 0, every request reads Redis. Readership beacons
    are answered by deploy/nginx/readership.lua, counting under `readership_prefix`, as newsdesk.conf does.
        }})
      }}
    }}
    The location blocks are the shipped deploy/nginx/newsdesk.conf's (pages, and premium bodies for sessions the app
    vouched for), on a free loopback port without TLS; misses go to `app` (the app server's base URL). With
    `memory_seconds`, each page hit is also kept that long in nginx's shared memory (pagecache.lua's `memory`); with
    0, every request reads Redis.
    """
    from urllib.parse import urlsplit

    redis = urlsplit(redis_url)
    db = int(redis.path.strip("/") or 0)
    password = f'"{redis.password}"' if redis.password else "nil"
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-edge-"))
    http = f"""  lua_package_path "{ROOT}/deploy/nginx/?.lua;;"; lua_shared_dict pagecache 64m;
  lua_shared_dict readership 1m;
  upstream newsdesk_app {{ server {app.removeprefix("http://")}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      content_by_lua_block {{
        require("pagecache").serve({{
          host = "{redis.hostname or "127.0.0.1"}", port = {redis.port or 6379}, db = {db}, password = {password},
          timeout = 100, prefix = "{prefix}",
          memory = {'"pagecache"' if memory_seconds else "nil"}, memory_seconds = {memory_seconds},
        }})
      }}
    }}
    location = /readership/beacon {{
      content_by_lua_block {{
        require("readership").beacon({{
          host = "{redis.hostname or "127.0.0.1"}", port = {redis.port or 6379}, db = {db}, password = {password},
          timeout = 100, prefix = "{readership_prefix}", salts = "readership", utc_offset = 7200,
        }})
      }}
    }}
    location ~ ^/subscriptions/article/[0-9]+/body$ {{
      content_by_lua_block {{
        require("pagecache").serve_private_body({{
          host = "{redis.hostname or "127.0.0.1"}", port = {redis.port or 6379}, db = {db}, password = {password},
          timeout = 100, prefix = "{prefix}", session_cookie = "sessionid",
        }})
      }}
    }}
    location @app {{
      proxy_pass http://newsdesk_app; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}"""
    url = f"http://127.0.0.1:{port}"
    with _nginx(workdir, http=http, probe=url + "/healthz", main=_LUA_MODULES):
        yield url


@contextmanager
def nginx_lua(locations: str):
    """Serve `locations` (location blocks using content_by_lua) with deploy/nginx/ on Lua's path; yield the base URL.

    For tests that call the shipped Lua modules' pieces in a real nginx, as the edge runs them."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-test-lua-"))
    http = f"""  lua_package_path "{ROOT}/deploy/nginx/?.lua;;";
  server {{
    listen 127.0.0.1:{port};
    location = /ready {{ return 200 "ready"; }}
{locations}
  }}"""
    url = f"http://127.0.0.1:{port}"
    with _nginx(workdir, http=http, probe=url + "/ready", main=_LUA_MODULES):
        yield url


def render(template: Path, values: dict[str, str], workdir: Path) -> str:
    """Return a deploy/ template rendered by deploy/render.py from an environment file of `values`, as an operator
    renders it (docs/deploy.md)."""
    env_file = workdir / "render.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    result = subprocess.run(
        [PYTHON, str(RENDER), "--env", str(env_file), str(template)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"deploy/render.py {template.name}: {result.stderr}")
    return result.stdout


@contextmanager
def varnish(*backends: str, port: int | None = None, purgers: str = "127.0.0.1,::1", vcl: str | None = None):
    """Serve deploy/varnish/newsdesk.vcl on a free loopback port in front of `backends` (host:port each); yield its
    URL and the varnishd working directory (for `varnishadm -n`).

    The file loaded is the shipped template rendered with VARNISH_BACKENDS and VARNISH_PURGERS by deploy/render.py,
    or `vcl` when given (already rendered, for instance from a site's environment file).
    """
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-varnish-"))
    # varnishd compiles the VCL as its own unprivileged user, which must be able to read it.
    workdir.chmod(0o755)
    if vcl is None:
        vcl = render(VCL, {"VARNISH_BACKENDS": ",".join(backends), "VARNISH_PURGERS": purgers}, workdir)
    (workdir / "newsdesk.vcl").write_text(vcl)
    (workdir / "newsdesk.vcl").chmod(0o644)
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [VARNISHD, "-F", "-n", str(workdir / "state"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0"]
        + ["-f", str(workdir / "newsdesk.vcl"), "-s", "malloc,256m"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/healthz", proc)
        yield url, workdir / "state"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def varnish_backends(state: Path) -> dict[str, str]:
    """Return each backend's health as `varnishadm backend.list` reports it ("healthy" or "sick")."""
    listed = subprocess.run(
        ["varnishadm", "-n", str(state), "backend.list", "-j"], capture_output=True, text=True, check=True
    )
    backends = json.loads(listed.stdout)[3]
    return {name.removeprefix("boot."): entry["probe_message"][2] for name, entry in backends.items()}


def tls_certificate(workdir: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for news.example and 127.0.0.1; return its and its key's paths."""
    cert, key = workdir / "fullchain.pem", workdir / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.example"]
        + ["-addext", "subjectAltName=DNS:news.example,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_site_moved(site: str, workdir: Path, http_port: int, https_port: int) -> str:
    """Move a rendered deploy/nginx/newsdesk.conf's listen ports and access log to loopback and `workdir`, and
    change nothing else."""
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/var/log/nginx/newsdesk.access.log", str(workdir / "access.log")),
    ):
        if site.count(old) != 1:
            raise RuntimeError(f"the nginx site file no longer says {old!r} once")
        site = site.replace(old, new)
    return site


def start_nginx_site(site: str, workdir: Path) -> subprocess.Popen:
    """Start nginx with this site file inside an nginx.conf like Debian's (its modules, MIME types, `gzip on`)."""
    (workdir / "newsdesk.conf").write_text(site)
    (workdir / "nginx.conf").write_text(
        f"""include /etc/nginx/modules-enabled/*.conf;
daemon off; worker_processes 1; pid {workdir}/nginx.pid; error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types; default_type application/octet-stream; gzip on;
  client_body_temp_path {workdir}/buffers; proxy_temp_path {workdir}/buffers; fastcgi_temp_path {workdir}/buffers;
  uwsgi_temp_path {workdir}/buffers; scgi_temp_path {workdir}/buffers;
  include {workdir}/newsdesk.conf;
}}
"""
    )
    (workdir / "buffers").mkdir(mode=0o777)
    (workdir / "buffers").chmod(0o777)  # nginx's workers run as nobody
    return subprocess.Popen(["nginx", "-c", str(workdir / "nginx.conf")], stderr=subprocess.PIPE)


class Front:
    """nginx as readers reach it: HTTPS for news.example, verified against the site's own certificate."""

    def __init__(self, http_port: int, https_port: int, cert: Path, workdir: Path):
        self.http_port, self.https_port = http_port, https_port
        self.media, self.error_log = workdir / "media", workdir / "error.log"
        self.tls = ssl.create_default_context(cafile=str(cert))

    def get(self, path: str, headers: dict | None = None, *, plain_http: bool = False):
        """Return (status, headers, body) of one GET, following no redirect."""
        if plain_http:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        else:
            connection = http.client.HTTPSConnection("127.0.0.1", self.https_port, timeout=10, context=self.tls)
        try:
            connection.request("GET", path, headers={"Host": "news.example", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else "(see the server's log)"
            raise RuntimeError(f"server exited early: {tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")

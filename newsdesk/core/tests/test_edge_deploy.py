"""The shipped nginx and Varnish files, rendered by deploy/render.py as the deployment guide says, in front of the app.

nginx runs the rendered site file inside an nginx.conf like Debian's (its modules, MIME types and `gzip on`), with
only its listen ports and access log moved to the test's; Varnish loads the rendered VCL unchanged.
"""

import gzip
import http.client
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

from deploy.harness import (
    RENDER,
    VARNISHD,
    Front,
    nginx_site_moved,
    start_nginx_site,
    tls_certificate,
    varnish,
    varnish_backends,
)
from newsdesk.news.tests.factories import ensure_wagtail_base, make_image, newsroom

from .processes import ROOT, free_port, production_server

pytestmark = [pytest.mark.edge]

NGINX_SITE = ROOT / "deploy" / "nginx" / "newsdesk.conf"
FEEDS = ("/feeds/rss/", "/feeds/atom/", "/sitemap.xml")


def _render(template: Path, values: dict[str, str], workdir: Path) -> subprocess.CompletedProcess:
    env_file = workdir / "env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return subprocess.run(
        [sys.executable, str(RENDER), "--env", str(env_file), str(template)], capture_output=True, text=True, timeout=30
    )


def _until_answers(front: Front, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            if front.get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "nginx did not answer"
        time.sleep(0.2)


@pytest.fixture
def workdir():
    path = Path(tempfile.mkdtemp(prefix="newsdesk-test-deploy-"))
    path.chmod(0o755)  # nginx's workers (nobody) read the media files under it
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def front(workdir, redis_server, live_server):
    """The live app, its page cache in Redis, behind nginx running the rendered deploy/nginx/newsdesk.conf."""
    _, redis_url = redis_server
    media = workdir / "media"
    media.mkdir(mode=0o755)
    cert, key = tls_certificate(workdir)
    prefix = f"nd-test-{secrets.token_hex(4)}"
    rendered = _render(
        NGINX_SITE,
        {
            "NEWSDESK_APP_DIR": str(ROOT),
            "SITE_URL": "https://news.example",
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "MEDIA_ROOT": str(media),
            "NGINX_UPSTREAM": live_server.url.removeprefix("http://"),
            "NGINX_TLS_CERTIFICATE": str(cert),
            "NGINX_TLS_CERTIFICATE_KEY": str(key),
        },
        workdir,
    )
    assert (rendered.returncode, rendered.stderr) == (0, "")
    http_port, https_port = free_port(), free_port()
    caches = {
        "default": {
            "BACKEND": "newsdesk.delivery.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        },
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "deploy-renditions"},
    }
    with override_settings(
        CACHES=caches,
        NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60, "TIMEOUT": 3600, "EDGE": True},
        NEWSDESK_EDGE_CACHE_PREFIX=prefix + ":edge:",
        MEDIA_ROOT=str(media),
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        proc = start_nginx_site(nginx_site_moved(rendered.stdout, workdir, http_port, https_port), workdir)
        try:
            reader = Front(http_port, https_port, cert, workdir)
            _until_answers(reader, proc)
            yield reader
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_html_document_never_runs_on_the_site(front):
    ensure_wagtail_base()
    document = get_document_model().objects.create(
        title="Council notice", file=ContentFile(b"<script>alert(document.cookie)</script>", name="notice.html")
    )
    assert (front.media / "documents" / "notice.html").is_file()
    status, _, body = front.get("/media/documents/notice.html")
    assert status == 404 and b"<script>" not in body
    # The app's document view sends it, as an attachment that could not run a script even if opened.
    status, headers, body = front.get(document.url)
    assert status == 200 and body == b"<script>alert(document.cookie)</script>"
    assert headers["Content-Disposition"] == 'attachment; filename="notice.html"'
    assert headers["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.django_db(transaction=True)
def test_media_files_are_served_unsniffed_and_could_run_nothing(front):
    image = make_image()
    status, headers, body = front.get("/media/" + image.file.name)
    assert status == 200 and body == (front.media / image.file.name).read_bytes()
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.django_db(transaction=True)
def test_feeds_sitemaps_and_pages_go_out_compressed_and_vary_on_accept_encoding(front):
    newsroom(articles=2)
    for path in (*FEEDS, "/"):
        status, headers, plain = front.get(path)
        assert status == 200 and "Content-Encoding" not in headers, path
        assert "Accept-Encoding" in headers["Vary"], path
        status, headers, body = front.get(path, {"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip"), path
        assert "Accept-Encoding" in headers["Vary"], path
        assert gzip.decompress(body) == plain, path
        # Also when a CDN in front forwards the request (it adds Via, which turns nginx's gzip off by default).
        assert front.get(path, {"Accept-Encoding": "gzip", "Via": "1.1 cdn.example"})[1]["Content-Encoding"] == "gzip"
        status, headers, body = front.get(path, {"Accept-Encoding": "br"})
        assert (status, headers["Content-Encoding"]) == (200, "br"), path
        assert "Accept-Encoding" in headers["Vary"] and len(body) < len(plain), path
    # A page nginx answers itself from the page cache is compressed the same way.
    status, headers, body = front.get("/", {"Accept-Encoding": "gzip"})
    assert (status, headers["X-Page-Cache"], headers["Content-Encoding"]) == (200, "edge", "gzip")
    assert gzip.decompress(body) == plain


@pytest.mark.django_db(transaction=True)
def test_plain_http_is_sent_to_https(front):
    status, headers, _ = front.get("/feeds/rss/?x=1", plain_http=True)
    assert (status, headers["Location"]) == (301, "https://news.example/feeds/rss/?x=1")


@pytest.mark.django_db(transaction=True)
def test_nginx_logs_a_redis_outage_under_the_request_id_the_app_logs_under(front, redis_server):
    redis_proc, _ = redis_server
    redis_proc.terminate()
    redis_proc.wait(timeout=10)
    status, headers, _ = front.get("/healthz")
    assert status == 200 and len(headers["X-Request-ID"]) == 32
    logged = "page cache in Redis unavailable, passing to the app: connection refused, request_id: "
    assert logged + headers["X-Request-ID"] in front.error_log.read_text()


def test_nginx_will_not_start_when_the_release_is_not_where_it_loads_the_page_cache_from(workdir):
    cert, key = tls_certificate(workdir)
    missing = workdir / "srv" / "newsdesk" / "app"
    values = {
        "NEWSDESK_APP_DIR": str(missing),
        "SITE_URL": "https://news.example",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "NGINX_TLS_CERTIFICATE": str(cert),
        "NGINX_TLS_CERTIFICATE_KEY": str(key),
    }
    rendered = _render(NGINX_SITE, values, workdir)
    assert (
        rendered.returncode == 0 and f"{missing}/deploy/nginx/pagecache.lua is not on this machine" in rendered.stderr
    )
    proc = start_nginx_site(nginx_site_moved(rendered.stdout, workdir, free_port(), free_port()), workdir)
    try:
        assert proc.wait(timeout=30) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert f"no file '{missing}/deploy/nginx/pagecache.lua'" in proc.stderr.read().decode()


@contextmanager
def _app_servers(root: Path, collected: Path, uncollected: int = 0, *, count: int):
    """Start `count` production app servers (the last `uncollected` without static files); yield their addresses."""
    production = {"SECURE_SSL_REDIRECT": "1", "ALLOWED_HOSTS": "news.example"}
    with ExitStack() as stack:
        addresses = []
        for number in range(count):
            workdir = root / f"app{number + 1}"
            workdir.mkdir()
            static = collected if number < count - uncollected else workdir / "static"
            base, _ = stack.enter_context(production_server(workdir, STATIC_ROOT=str(static), **production))
            addresses.append(base.removeprefix("http://"))
        yield addresses


def test_varnish_probes_each_app_server_as_shipped_and_keeps_only_the_healthy_ones(tmp_path, collected_static):
    assert Path(VARNISHD).exists()
    with _app_servers(tmp_path, collected_static, uncollected=1, count=3) as addresses:
        with varnish(*addresses) as (url, state):
            deadline = time.monotonic() + 30
            expected = {"app1": "healthy", "app2": "healthy", "app3": "sick", "app_servers": "healthy"}
            while varnish_backends(state) != expected:
                assert time.monotonic() < deadline, varnish_backends(state)
                time.sleep(0.5)
            # Readers' requests reach the healthy servers only: none of them is a "503 Backend fetch failed".
            port = int(url.rsplit(":", 1)[1])
            for _ in range(6):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/robots.txt", headers={"Host": "news.example", "X-Forwarded-Proto": "https"})
                response = connection.getresponse()
                assert (response.status, response.read()[:13]) == (200, b"User-agent: *")
                connection.close()

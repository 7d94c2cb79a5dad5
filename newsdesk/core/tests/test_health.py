"""/healthz as probes ask it: the server's own address as Host, plain HTTP, under the production settings."""

import logging
import urllib.error
import urllib.request

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from newsdesk.core import health

from .processes import app_log_lines, production_server

MANIFEST_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
PROJECT_FILES_ONLY = ["django.contrib.staticfiles.finders.FileSystemFinder"]
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def production_like(settings, tmp_path):
    """Production's host check, HTTPS redirect and manifest storage, with nothing collected yet."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["news.example"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return settings


def collect(settings) -> None:
    """Collect the project's own static files (not the apps'), as collectstatic does them in a release."""
    settings.STATICFILES_FINDERS = PROJECT_FILES_ONLY
    call_command("collectstatic", interactive=False, verbosity=0)


def probe(client, **headers):
    return client.get(health.HEALTH_PATH, HTTP_HOST="127.0.0.1", **headers)


def loud(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.mark.django_db
def test_probe_by_address_over_plain_http_answers_ok_and_logs_nothing(client, production_like, caplog):
    collect(production_like)
    response = probe(client)
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == NEVER_CACHE
    assert loud(caplog) == []
    assert probe(client, REQUEST_METHOD="HEAD").status_code == 200


@pytest.mark.django_db
def test_every_other_address_still_gets_the_host_check_and_the_https_redirect(client, production_like):
    collect(production_like)
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 400
    redirect = client.get("/", HTTP_HOST="news.example")
    assert (redirect.status_code, redirect["Location"]) == (301, "https://news.example/")
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1").status_code == 400


@pytest.mark.django_db
def test_database_down_answers_503_with_one_warning_and_no_traceback(client, production_like, caplog, monkeypatch):
    collect(production_like)

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refused)
    response = probe(client)
    assert (response.status_code, response.content) == (503, b"database unavailable\n")
    assert response["Cache-Control"] == NEVER_CACHE
    [record] = loud(caplog)
    assert (record.levelname, record.name) == ("WARNING", "django.request")
    assert record.getMessage() == "Health check failed: database unavailable"
    assert record.exc_info is None


@pytest.mark.django_db
def test_a_server_whose_static_files_were_not_collected_answers_503(client, production_like, caplog):
    response = probe(client)
    assert response.status_code == 503
    expected = health.STATIC_NOT_COLLECTED.format(name="newsdesk/css/site.css")
    assert response.content.decode() == expected + "\n"
    assert [record.getMessage() for record in loud(caplog)] == [f"Health check failed: {expected}"]


@pytest.mark.django_db
def test_a_collected_file_gone_from_disk_answers_503(client, production_like):
    collect(production_like)
    hashed = staticfiles_storage.stored_name("newsdesk/js/site.js")
    (production_like.STATIC_ROOT / hashed).unlink()
    response = probe(client)
    assert response.status_code == 503
    assert response.content.decode() == health.STATIC_FILE_MISSING.format(name=hashed) + "\n"


@pytest.mark.django_db
def test_an_unreadable_manifest_answers_503(client, production_like):
    production_like.STATIC_ROOT.mkdir()
    (production_like.STATIC_ROOT / "staticfiles.json").write_text("{not json")
    response = probe(client)
    assert (response.status_code, response.content.decode()) == (503, health.STATIC_MANIFEST_UNREADABLE + "\n")


@pytest.mark.django_db
def test_a_write_to_the_probe_is_refused_without_checking_anything(client, production_like, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.post(health.HEALTH_PATH, HTTP_HOST="127.0.0.1")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def _get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_production_server_answers_a_probe_by_address_and_logs_nothing(tmp_path, collected_static):
    settings = {"SECURE_SSL_REDIRECT": "1", "ALLOWED_HOSTS": "news.example", "STATIC_ROOT": str(collected_static)}
    with production_server(tmp_path, **settings) as (base, log):
        assert [_get(base + "/healthz") for _ in range(3)] == [(200, b"ok\n")] * 3
    assert app_log_lines(log) == []
    assert "Traceback" not in log.read_text()


def test_the_production_server_with_its_database_down_logs_one_line_with_the_request_id(tmp_path, collected_static):
    settings = {
        "SECURE_SSL_REDIRECT": "1",
        "ALLOWED_HOSTS": "news.example",
        "STATIC_ROOT": str(collected_static),
        "DATABASE_URL": "postgres://newsdesk@127.0.0.1:1/newsdesk",
    }
    with production_server(tmp_path, **settings) as (base, log):
        assert _get(base + "/healthz", {"X-Request-ID": "probe-1"}) == (503, b"database unavailable\n")
    assert [(line["level"], line["message"], line["request_id"]) for line in app_log_lines(log)] == [
        ("WARNING", "Health check failed: database unavailable", "probe-1")
    ]
    assert "Traceback" not in log.read_text()

"""The site under faults: database down, Redis down; and logs that tie lines to requests."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import override_settings

from newsdesk.core.logging import JsonFormatter, RequestIdFilter, request_id
from newsdesk.core.ratelimit import allow
from newsdesk.delivery import cache as resilient
from newsdesk.news.tests.factories import newsroom

DEAD_REDIS = {
    "default": {
        "BACKEND": "newsdesk.delivery.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.mark.django_db
def test_database_down_gives_the_styled_503_page_not_a_trace(client, monkeypatch):
    newsroom(articles=1)
    from newsdesk.news import selectors

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(selectors, "home_page_context", down)
    response = client.get("/")
    assert response.status_code == 503
    assert b"We are having trouble reaching the newsroom" in response.content
    assert b"Connection refused" not in response.content
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True})
def test_cached_pages_are_served_while_the_database_is_down(client, monkeypatch):
    room = newsroom(articles=1)
    url = room["articles"][0].url
    assert client.get(url).status_code == 200
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS, NEWSDESK_PAGE_CACHE={"ENABLED": True})
def test_site_keeps_working_without_redis_and_logs_once_a_minute(client, monkeypatch):
    article = newsroom(articles=1)["articles"][0]
    monkeypatch.setattr(resilient.ResilientRedisCache, "_last_logged", 0.0)
    monkeypatch.setattr(resilient.time, "monotonic", lambda: 10_000.0)
    faults: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = faults.append
    logging.getLogger("newsdesk.delivery.cache").addHandler(handler)
    try:
        assert client.get("/").status_code == 200
        assert client.get("/world/").status_code == 200
        page = client.get(article.url)  # with the markets panel, the poll and the comments count
        assert page.status_code == 200 and b"Rand" in page.content
    finally:
        logging.getLogger("newsdesk.delivery.cache").removeHandler(handler)
    assert len(faults) == 1
    assert "serving without it" in faults[0].getMessage()


@override_settings(CACHES=DEAD_REDIS)
def test_rate_limits_fall_back_to_a_local_count_when_redis_is_down():
    results = [allow("fallback-test", "203.0.113.5", limit=2, window=60) for _ in range(4)]
    assert results == [True, True, False, False]


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_honours_a_valid_incoming_one(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "lb-abc-123"})["X-Request-ID"] == "lb-abc-123"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})["X-Request-ID"] != "bad id"


def test_json_log_lines_carry_the_request_id():
    token = request_id.set("req-42")
    try:
        record = logging.LogRecord("newsdesk.test", logging.WARNING, __file__, 1, "vote refused for %s", ("x",), None)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "req-42"
    assert line["message"] == "vote refused for x"
    assert line["level"] == "WARNING"


@pytest.mark.django_db
def test_reader_pages_send_a_strict_csp_and_security_headers(client):
    newsroom(articles=1)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_refused_request_is_logged_once_and_under_its_request_id(client):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/?q=%00", headers={"X-Request-ID": "lb-77"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 400
    assert [(record.getMessage(), record.request_id) for record in records] == [("Bad Request: /", "lb-77")]

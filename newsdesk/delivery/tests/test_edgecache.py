"""Edge copies of cached pages in Redis: stored only while fresh, gone at once when a tag they carry is purged.

The Redis scripts run against the suite's Redis when REDIS_URL is set, otherwise against fakeredis's in-process
Redis (which runs the same Lua).
"""

import os
import secrets
import time

import pytest
from django.test import override_settings

from newsdesk.delivery import edgecache
from newsdesk.news.tests.factories import newsroom

PREFIX = f"nd-test-edge-{secrets.token_hex(4)}:"


@pytest.fixture
def redis_client(monkeypatch, settings):
    if os.environ.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
    else:
        import fakeredis

        client = fakeredis.FakeRedis()
    settings.NEWSDESK_EDGE_CACHE_PREFIX = PREFIX
    monkeypatch.setattr(edgecache, "_client", lambda: client)
    monkeypatch.setattr(edgecache, "enabled", lambda: True)
    yield client
    keys = list(client.scan_iter(match=f"{PREFIX}*"))
    keys += [edgecache._version_key(tag) for tag in ("site", "article:1", "article:2", "topic:rain")]
    client.delete(*keys)


def _store(path="/news/rain/", tags=("site", "article:1"), started_at=None, body=b"<p>rain</p>"):
    return edgecache.store(
        path=path,
        tags=tags,
        started_at=started_at or time.time_ns(),
        timeout=60,
        headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"abc"'},
        body=body,
    )


def test_a_fresh_page_is_stored_as_headers_a_blank_line_and_the_body(redis_client):
    assert _store() is True
    value = redis_client.get(PREFIX + "/news/rain/")
    assert value == b'Content-Type: text/html; charset=utf-8\nETag: "abc"\n\n<p>rain</p>'
    assert 0 < redis_client.ttl(PREFIX + "/news/rain/") <= 60


def test_purging_a_tag_deletes_every_page_that_carries_it_and_only_those(redis_client):
    _store("/news/rain/", tags=("site", "article:1"))
    _store("/news/sun/", tags=("site", "article:2"))
    assert edgecache.purge(["article:1"], token=time.time_ns()) == 1
    assert redis_client.get(PREFIX + "/news/rain/") is None
    assert redis_client.get(PREFIX + "/news/sun/") is not None
    assert edgecache.purge(["site"], token=time.time_ns()) == 1
    assert redis_client.get(PREFIX + "/news/sun/") is None


def test_a_render_that_began_before_a_purge_is_not_stored(redis_client):
    began = time.time_ns()
    edgecache.purge(["article:1"], token=time.time_ns())  # an editor publishes while the page renders
    assert _store(started_at=began) is False
    assert redis_client.get(PREFIX + "/news/rain/") is None
    assert _store(started_at=time.time_ns()) is True  # a render begun after the purge is fresh


def test_purge_sets_the_versions_the_apps_own_cache_compares(redis_client):
    token = time.time_ns()
    edgecache.purge(["topic:rain"], token=token)
    assert int(redis_client.get(edgecache._version_key("topic:rain"))) == token


@pytest.mark.parametrize(
    "path", ["/news/caf\u00e9/", "/news/a b/", "//news/", "/news/../admin/", "/news/.hidden/", "news/"]
)
def test_paths_nginx_would_not_look_up_as_they_are_get_no_edge_copy(redis_client, path):
    assert edgecache.edge_key(path) is None
    assert _store(path=path) is False


def test_a_header_value_with_a_line_break_is_left_out_rather_than_split(redis_client):
    assert edgecache.encode({"X-A": "1", "X-B": "two\nlines"}, b"body") == b"X-A: 1\n\nbody"


@pytest.mark.django_db
@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
def test_the_page_cache_keeps_an_edge_copy_with_the_headers_of_a_hit(
    client, redis_client, django_capture_on_commit_callbacks
):
    article = newsroom(articles=1)["articles"][0]
    response = client.get(article.url)
    value = redis_client.get(PREFIX + article.url)
    head, body = value.split(b"\n\n", 1)
    assert body == response.content
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").splitlines())
    assert headers["ETag"] == response["ETag"]
    assert headers["Cache-Control"] == response["Cache-Control"]
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert headers[name] == response[name], name
    assert "Set-Cookie" not in headers

    client.get(article.url + "?utm_source=x")  # query strings stay with the app's own cache
    assert redis_client.get(PREFIX + article.url + "?utm_source=x") is None

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Rain stops play"
        article.save_revision().publish()
    assert redis_client.get(PREFIX + article.url) is None


@pytest.mark.django_db
@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
def test_a_signed_in_readers_miss_leaves_the_edge_copy_everyone_gets(client, redis_client, django_user_model):
    article = newsroom(articles=1)["articles"][0]
    client.force_login(django_user_model.objects.create_user("r", "r@example.com", "pw-long-enough-1"))
    signed_in = client.get(article.url).content
    stored = redis_client.get(PREFIX + article.url)
    assert stored is not None and stored.split(b"\n\n", 1)[1] == signed_in
    assert b"r@example.com" not in stored and b"Set-Cookie" not in stored and b"Vary" not in stored


@pytest.mark.django_db
@override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
def test_cache_hits_through_the_app_keep_the_security_policies(client):
    article = newsroom(articles=1)["articles"][0]
    first, hit = client.get(article.url), client.get(article.url)
    assert hit["X-Page-Cache"] == "hit"
    for name in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert hit[name] == first[name], name

"""The whole-page cache for every reader, signed in or not, with tag-based (surrogate-key) purging.

A view opts in by tagging its response (`cache_page_with_tags`); everything else passes through untouched. A tagged
page is the same bytes for everyone: it is rendered for nobody in particular (`delivery.pages.shared_render`), and
what is one reader's own (their vote, comment form, premium body, account links) comes from fragments
(`delivery.responses`). So a session cookie does not bypass the cache here, in nginx or in Varnish; a page that would
hold anything personal (a CSRF token, a cookie, a restricted page) is answered privately and never stored.
Each stored page remembers the version of every tag it carries; purging a tag bumps its version, so every page
that showed the purged thing (an article, a section listing, a topic, a feed) misses at once, whatever its
URL or query string. The same tags go out in `Surrogate-Key` and `xkey` headers so Varnish or a CDN can purge
its copies by tag too.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.security import SecurityMiddleware
from django.utils.cache import patch_cache_control

from . import edgecache
from .responses import personal
from .tags import SITE_TAG, TAG_KEY

logger = logging.getLogger(__name__)

PAGE_KEY = "pagecache:page:{digest}"
# Response headers worth replaying from the cache; Set-Cookie, Vary on cookies and the like are never stored.
# The security policies are set by middleware inside this one, which a cache hit never reaches.
REPLAYED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Last-Modified",
    "Link",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
)
# What an edge copy adds, so that nginx sends what a hit through the app sends: this middleware's own headers and
# those SecurityMiddleware (outside it) adds on the way out.
EDGE_HEADERS = (
    "ETag",
    "Cache-Control",
    "Surrogate-Key",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def _config() -> dict:
    defaults = {
        "ENABLED": True,
        "MAX_AGE": 60,
        "STALE_WHILE_REVALIDATE": 300,
        "STALE_IF_ERROR": 86400,
        "TIMEOUT": 3600,
    }
    return {**defaults, **getattr(settings, "NEWSDESK_PAGE_CACHE", {})}


def cache_page_with_tags(response: HttpResponse, tags: Iterable[str], *, max_age: int | None = None) -> HttpResponse:
    """Mark a response as the same for every anonymous reader, cacheable, and purged by these tags.

    `max_age` shortens how long browsers and edges may keep it without asking (a live page's updates, polled every
    few seconds); the configured MAX_AGE stays the ceiling.
    """
    response.newsdesk_cache_tags = {SITE_TAG, *tags}
    if max_age is not None:
        response.newsdesk_max_age = max_age
    return response


def keep_private_at_edge(response: HttpResponse, *, name: str, tags: Iterable[str], started_at: int) -> HttpResponse:
    """Mark a personal response as the same for every reader entitled to it, for nginx to serve those readers
    (edgecache's private copies): kept as `name` under these tags, unless one was purged after `started_at`."""
    response.newsdesk_private_edge = (name, {SITE_TAG, *tags}, started_at)
    return response


def purge_tags(tags: Iterable[str]) -> None:
    """Invalidate every cached page that carries any of these tags, once the current transaction commits.

    After commit, so that no request can render the old rows and store them under the new tag versions.
    """
    tags = sorted(set(tags))
    if tags:
        transaction.on_commit(lambda: _purge_now(tags))


def _purge_now(tags: list[str]) -> None:
    token = time.time_ns()
    try:
        if edgecache.enabled():
            edgecache.purge(tags, token=token)  # the tags' new versions and the edge copies, in one step
        else:
            cache.set_many({TAG_KEY.format(tag=tag): token for tag in tags}, timeout=None)
    except Exception:  # the cache is down: nothing cached can be served from it either
        logger.warning("page cache: could not purge %s", tags, exc_info=True)
    if getattr(settings, "NEWSDESK_VARNISH_PURGE_URLS", []):
        from .tasks import purge_frontend  # reason: defining a task needs the task backends, set up after apps

        purge_frontend.enqueue(tags)


def _bypasses_cache(request: HttpRequest) -> bool:
    # Wagtail's previews come through here as made-up requests for the page's public address (`is_dummy`): they
    # show an editor's unpublished draft, and must neither be answered from the cache nor stored in it.
    # A session cookie does not bypass it: a signed-in reader gets the shared page, and their own state in fragments.
    return getattr(request, "is_dummy", False)


def _holds_something_personal(request: HttpRequest, response: HttpResponse) -> bool:
    # A page that asked for a CSRF token embeds this browser's token; one that sets a cookie says something to this
    # browser alone. Either is a mistake in a shared page (forms that post belong in fragments): answer it privately.
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _without_cookie_vary(response: HttpResponse) -> None:
    # The session middleware adds `Vary: Cookie` when anything looked at the session (the signed-in check); a shared
    # page does not vary by cookie, and Varnish would keep one copy per reader if it said so.
    if response.has_header("Vary"):
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip() and v.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


def _page_key(request: HttpRequest) -> str:
    # Only GET and HEAD reach the cache, and both are answered from the same stored page.
    return PAGE_KEY.format(digest=hashlib.sha256(request.get_full_path().encode()).hexdigest())


def tag_versions(tags: Iterable[str]) -> dict[str, int]:
    """Return the current version of each tag (0 for a tag never purged)."""
    keys = {tag: TAG_KEY.format(tag=tag) for tag in tags}
    found = cache.get_many(list(keys.values()))
    return {tag: found.get(key, 0) for tag, key in keys.items()}


def versions_unpurged_since(tags: Iterable[str], started_at: int) -> dict[str, int] | None:
    """Return the tags' versions to store with something rendered from `started_at` (time_ns), or None when one
    was purged since then: a purge that landed mid-render has a newer token, and what was rendered may be stale."""
    versions = tag_versions(tags)
    return versions if all(version < started_at for version in versions.values()) else None


def _public_headers(response: HttpResponse, *, tags: set[str], config: dict, max_age: int | None = None) -> None:
    max_age = config["MAX_AGE"] if max_age is None else min(max_age, config["MAX_AGE"])
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        stale_while_revalidate=min(config["STALE_WHILE_REVALIDATE"], max(max_age, 1) * 5),
        stale_if_error=config["STALE_IF_ERROR"],
    )
    tag_header = " ".join(sorted(tags))
    response["Surrogate-Key"] = tag_header
    response["xkey"] = tag_header


def _not_modified(request: HttpRequest, etag: str) -> bool:
    candidates = [value.strip() for value in request.headers.get("If-None-Match", "").split(",")]
    return etag in candidates or f"W/{etag}" in candidates


class PageCacheMiddleware:
    """Serve and store anonymous readers' pages from the shared cache (Redis when configured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        config = _config()
        eligible = config["ENABLED"] and request.method in ("GET", "HEAD") and not _bypasses_cache(request)
        if not eligible:
            response = self.get_response(request)
            if getattr(response, "newsdesk_cache_tags", None) is not None and _bypasses_cache(request):
                personal(response)
            return response

        key = _page_key(request)
        try:
            entry = cache.get(key)
            if entry is not None and tag_versions(entry["tags"]) == entry["tags"]:
                return self._replay(request, entry, config)
        except Exception:
            logger.warning("page cache unavailable; rendering", exc_info=True)
            return self.get_response(request)

        started_at = time.time_ns()
        response = self.get_response(request)
        tags = getattr(response, "newsdesk_cache_tags", None)
        if getattr(response, "newsdesk_private_edge", None) is not None:
            self._store_private_edge_copy(request, response, config)
        if tags is None or response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _holds_something_personal(request, response):
            logger.warning("page cache: %s holds something personal; answered privately, not stored", request.path)
            return personal(response)
        _without_cookie_vary(response)
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        max_age = getattr(response, "newsdesk_max_age", None)
        _public_headers(response, tags=tags, config=config, max_age=max_age)
        try:
            versions_before_render = versions_unpurged_since(tags, started_at)
            if versions_before_render is not None:
                cache.set(
                    key,
                    {
                        "tags": versions_before_render,
                        "content": response.content,
                        "headers": {h: response[h] for h in REPLAYED_HEADERS if h in response},
                        "etag": etag,
                        "max_age": max_age,
                    },
                    timeout=config["TIMEOUT"],
                )
                if request.method == "GET" and not request.META.get("QUERY_STRING") and edgecache.enabled():
                    self._store_edge_copy(request, response, tags, started_at, config)
        except Exception:
            logger.warning("page cache: could not store %s", request.path, exc_info=True)
        if _not_modified(request, etag):
            return self._not_modified_response(etag, tags, config, max_age)
        return response

    @staticmethod
    def _store_edge_copy(request, response, tags: set[str], started_at: int, config: dict) -> None:
        SecurityMiddleware(lambda request: response).process_response(request, response)  # idempotent; runs again
        headers = {h: response[h] for h in (*REPLAYED_HEADERS, *EDGE_HEADERS) if h in response}
        edgecache.store(
            path=request.path,
            tags=tags,
            started_at=started_at,
            timeout=config["TIMEOUT"],
            headers=headers,
            body=response.content,
        )

    @staticmethod
    def _store_private_edge_copy(request, response, config: dict) -> None:
        name, tags, started_at = response.newsdesk_private_edge
        if response.status_code != 200 or response.streaming or response.cookies or not edgecache.enabled():
            return
        if not response["Cache-Control"].startswith("private"):
            raise ValueError("A private edge copy must say it is private.")
        try:
            SecurityMiddleware(lambda request: response).process_response(request, response)
            kept = (*REPLAYED_HEADERS, *EDGE_HEADERS, "Vary", "X-Robots-Tag")
            headers = {h: response[h] for h in kept if h in response}
            edgecache.store(
                path=name,
                tags=tags,
                started_at=started_at,
                timeout=config["TIMEOUT"],
                headers=headers,
                body=response.content,
                private=True,
            )
        except Exception:
            logger.warning("page cache: could not keep %s at the edge", name, exc_info=True)

    def _replay(self, request: HttpRequest, entry: dict, config: dict) -> HttpResponse:
        tags = set(entry["tags"])
        max_age = entry.get("max_age")
        if _not_modified(request, entry["etag"]):
            return self._not_modified_response(entry["etag"], tags, config, max_age)
        response = HttpResponse(entry["content"] if request.method == "GET" else b"")
        for header, value in entry["headers"].items():
            response[header] = value
        response["Content-Length"] = str(len(entry["content"]))
        response["ETag"] = entry["etag"]
        response["X-Page-Cache"] = "hit"
        _public_headers(response, tags=tags, config=config, max_age=max_age)
        return response

    @staticmethod
    def _not_modified_response(etag: str, tags: set[str], config: dict, max_age: int | None = None) -> HttpResponse:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        _public_headers(response, tags=tags, config=config, max_age=max_age)
        return response

"""Shared fragments: parts of a page that are the same for every reader, rendered once and kept in the cache.

Signed-in readers bypass the whole-page cache, but most of what they are shown (the masthead, the article, its
related reads, the sidebar) is what everyone is shown. Such a part is rendered once and stored with the version of
every purge tag it carries: the page cache's tags (newsdesk.delivery.tags), bumped on publish, unpublish, move,
delete, corrections, comments and poll edits. The purge that refreshes cached pages thus refreshes the fragments
in them at once. Fragments also expire after a short while: they show relative times ("2 hours ago"), and polls
open and close by the clock.

Only what every reader may see goes in a fragment: never the signed-in state, an entitlement or a premium body
beyond its teaser (entitled readers get those from personal fragment views). An editor's preview shows a draft: it
neither reads nor writes fragments.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache

from .pagecache import tag_versions, versions_unpurged_since
from .tags import SITE_TAG

logger = logging.getLogger(__name__)

FRAGMENT_KEY = "fragment:{name}:{digest}"
_REQUEST_ATTR = "_newsdesk_fragments"


def _config() -> dict:
    return {"ENABLED": True, "TIMEOUT": 60, **getattr(settings, "NEWSDESK_FRAGMENT_CACHE", {})}


def fragment_key(name: str, vary: Sequence[Any]) -> str:
    """Return the cache key of a fragment: its name and the values it differs by (their text)."""
    digest = hashlib.sha256(repr([str(part) for part in vary]).encode()).hexdigest()[:32]
    return FRAGMENT_KEY.format(name=name, digest=digest)


class _Seen:
    """What one request's fragments carried: their tags (for the page's own), and the tag versions read."""

    def __init__(self) -> None:
        self.tags: set[str] = set()
        self.versions: dict[str, int] = {}


def _seen(request) -> _Seen:
    seen = getattr(request, _REQUEST_ATTR, None)
    if seen is None:
        seen = _Seen()
        setattr(request, _REQUEST_ATTR, seen)
    return seen


def tags_used(request) -> set[str]:
    """Return the purge tags of every fragment this request's page showed, served from the cache or rendered."""
    seen = getattr(request, _REQUEST_ATTR, None)
    return set(seen.tags) if seen is not None else set()


def _current(stored: dict[str, int], seen: _Seen) -> bool:
    # Versions already read during this request are reused: the request may as well have started a moment later.
    unknown = [tag for tag in stored if tag not in seen.versions]
    if unknown:
        seen.versions.update(tag_versions(unknown))
    return all(seen.versions[tag] == version for tag, version in stored.items())


def cached_fragment(
    *,
    request,
    name: str,
    vary: Sequence[Any],
    tags: Callable[[], Iterable[str]],
    render: Callable[[], str],
) -> str:
    """Return a shared fragment from the cache while none of its tags was purged; otherwise render and store it.

    `tags` is called after `render`, so a fragment can carry tags its rendering found (the related reads it showed).
    """
    config = _config()
    usable = config["ENABLED"] and request is not None and not getattr(request, "is_preview", False)
    if not usable:
        html = render()
        if request is not None:
            _seen(request).tags.update({SITE_TAG, *tags()})
        return html

    seen = _seen(request)
    key = fragment_key(name, vary)
    try:
        entry = cache.get(key)
        if entry is not None and _current(entry["tags"], seen):
            seen.tags.update(entry["tags"])
            return entry["html"]
    except Exception:
        logger.warning("fragment cache unavailable; rendering %s", name, exc_info=True)
        entry = None

    started_at = time.time_ns()
    html = str(render())
    carried = {SITE_TAG, *tags()}
    seen.tags.update(carried)
    try:
        versions = versions_unpurged_since(carried, started_at)
        if versions is not None:
            cache.set(key, {"tags": versions, "html": html}, timeout=config["TIMEOUT"])
    except Exception:
        logger.warning("fragment cache: could not store %s", name, exc_info=True)
    return html

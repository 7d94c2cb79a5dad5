"""The full-body page of a premium article as entitled readers get it, kept in the cache between their requests.

Every reader who reads every premium article (subscribers with access, the newsroom) gets the same bytes for an
article: the page has nothing of theirs in it (a metered reader's, which counts their free reads, is never kept).
So it is rendered once and kept under the article's purge tag, whose version moves with every publish (a new live
revision), unpublish, move or deletion; a page made private since is not answered from here either. A request then
costs no render and no query: the reader's entitlement comes from its own cache (selectors.premium_access).

Where nginx serves the page cache (deploy/nginx/pagecache.lua), the kept page also goes there as a private copy, and
each entitled reader's session is vouched for (with their access version and `until`), so nginx answers them without
the app; a changed subscription, an expired `until`, a sign-out or a purge sends the next request to the app again.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from newsdesk.delivery.pagecache import tag_versions, versions_unpurged_since
from newsdesk.delivery.tags import article_tag
from newsdesk.news.restrictions import is_restricted

FULL_BODY_KEY = "paywall:full-body:{page_id}"
FULL_BODY_SECONDS = 3600


def body_tags(page_id: int) -> set[str]:
    """Return the purge tags of an article's full-body page: the article's own."""
    return {article_tag(page_id)}


def kept_full_body(*, page_id: int) -> tuple[bytes, int] | None:
    """Return the kept full-body page of this article and when its render started, or None when there is none or
    its article changed since."""
    entry = cache.get(FULL_BODY_KEY.format(page_id=page_id))
    if entry is None or tag_versions(entry["tags"]) != entry["tags"] or is_restricted(entry["path"]):
        return None
    return entry["content"], entry["started_at"]


def render_started() -> int:
    """Return the moment a render starts, to hand to `keep_full_body` (a purge after it leaves the render unkept)."""
    return time.time_ns()


def keep_full_body(*, article, content: bytes, started_at: int) -> None:
    """Keep the full-body page rendered from `started_at`, unless the article was purged while it rendered."""
    versions = versions_unpurged_since(body_tags(article.pk), started_at)
    if versions is not None:
        entry = {"tags": versions, "content": content, "path": article.path, "started_at": started_at}
        cache.set(FULL_BODY_KEY.format(page_id=article.pk), entry, FULL_BODY_SECONDS)

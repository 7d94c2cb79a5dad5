"""The full-body page of a premium article as entitled readers get it, kept in the cache between their requests.

Every reader who reads every premium article (subscribers with access, the newsroom) gets the same bytes for an
article: the page has nothing of theirs in it (a metered reader's, which counts their free reads, is never kept).
So it is rendered once and kept under the article's purge tag, whose version moves with every publish (a new live
revision), unpublish, move or deletion; a page made private since is not answered from here either. A request then
costs no render and no query: the reader's entitlement comes from its own cache (selectors.reads_every_premium_article).
"""

from __future__ import annotations

import time

from django.core.cache import cache

from newsdesk.delivery.pagecache import tag_versions, versions_unpurged_since
from newsdesk.delivery.tags import article_tag
from newsdesk.news.restrictions import is_restricted

FULL_BODY_KEY = "paywall:full-body:{page_id}"
FULL_BODY_SECONDS = 3600


def kept_full_body(*, page_id: int) -> bytes | None:
    """Return the kept full-body page of this article, or None when there is none or its article changed since."""
    entry = cache.get(FULL_BODY_KEY.format(page_id=page_id))
    if entry is None or tag_versions(entry["tags"]) != entry["tags"] or is_restricted(entry["path"]):
        return None
    return entry["content"]


def render_started() -> int:
    """Return the moment a render starts, to hand to `keep_full_body` (a purge after it leaves the render unkept)."""
    return time.time_ns()


def keep_full_body(*, article, content: bytes, started_at: int) -> None:
    """Keep the full-body page rendered from `started_at`, unless the article was purged while it rendered."""
    versions = versions_unpurged_since({article_tag(article.pk)}, started_at)
    if versions is not None:
        entry = {"tags": versions, "content": content, "path": article.path}
        cache.set(FULL_BODY_KEY.format(page_id=article.pk), entry, FULL_BODY_SECONDS)

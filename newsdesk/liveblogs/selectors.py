"""Reads for live pages: the first screen of posts, older posts, what changed since a reader's cursor, key events,
structured data, and the "live now" strips; each in a fixed number of queries however long the page runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from wagtail.images import get_image_model

from newsdesk.core.selectors import absolute_url, newsroom_identity
from newsdesk.news.blocks import BODY_IMAGE_FILTERS
from newsdesk.news.models import ArticlePage
from newsdesk.news.restrictions import public_q
from newsdesk.news.selectors import reader_may_read_past_teaser

from .blocks import prefetched
from .models import LivePage, LivePageAuthor, LivePost

POSTS_PER_SCREEN = 20
PINNED_SHOWN = 5
KEY_EVENTS_SHOWN = 50
# The plain updates address (no cursor) answers with the changes among the page's latest this many: one copy for
# every reader, which nginx and Varnish serve. A reader further behind asks with `?since=`.
UPDATES_WINDOW = 30
SINCE_LIMIT = 200  # a reader further behind than this reloads the page instead
FEED_ITEMS = 50
LOCKED_NOTE = "The live posts are for subscribers. Sign in, or start a free trial, to follow them."
_TAG = re.compile(r"<[^>]*>")
# A post's HTML is kept by its change number: any change to it (words, pin, key event) is a new key. READ links
# render only while their article is live, so an article unpublished since then leaves posts within this time.
POST_HTML_KEY = "liveblogs:post-html:v1:{pk}:{seq}:{variant}:{url}"
POST_HTML_SECONDS = 600


def _text(rich: str) -> str:
    """Return rich text's words: a label or summary, escaped again wherever it is shown. (Django's strip_tags runs an
    HTML parser until the text stops changing: safe for untrusted HTML, and a tenth of a live page's render.)"""
    return unescape(_TAG.sub("", rich)).strip()


def visible_posts(page: LivePage) -> QuerySet[LivePost]:
    """Return the page's posts readers see (not deleted), newest first, with their byline author."""
    return LivePost.objects.filter(page_id=page.pk, deleted_at__isnull=True).select_related("author").order_by("-id")


def _ids_in(posts: list[LivePost], block_type: str, key: str) -> set[int]:
    ids = set()
    for post in posts:
        for block in post.body.raw_data:
            value = block.get("value") if block.get("type") == block_type else None
            if isinstance(value, dict) and isinstance(value.get(key), int):
                ids.add(value[key])
    return ids


def load_bodies(posts: list[LivePost]) -> list[LivePost]:
    """Convert the posts' bodies with every image (and its renditions) and READ link loaded in one go."""
    image_ids = _ids_in(posts, "image", "image")
    article_ids = _ids_in(posts, "related_article", "article")
    images = get_image_model().objects.prefetch_renditions(*BODY_IMAGE_FILTERS).in_bulk(image_ids) if image_ids else {}
    articles = ArticlePage.objects.defer_streamfields().in_bulk(article_ids) if article_ids else {}
    with prefetched(images=images, articles=articles):
        for post in posts:
            for _block in post.body:  # each block type is converted once per post, from the maps above
                pass
    return posts


@dataclass
class Stream:
    """A screen of a live page's posts, loaded; `older` is the cursor of the next screen back, or None."""

    posts: list[LivePost] = field(default_factory=list)
    pinned: list[LivePost] = field(default_factory=list)
    older: int | None = None
    before: int | None = None


def stream(*, page: LivePage, page_url: str, before: int | None = None, per_page: int = POSTS_PER_SCREEN) -> Stream:
    """Return one screen of posts, newest first (pinned ones above, on the first screen only), keyset-paged by id,
    each with its HTML: the same queries for the first screen of a 2,000-post page as for its last."""
    posts_qs = visible_posts(page)
    if before is not None:
        posts_qs = posts_qs.filter(id__lt=before)
    posts = list(posts_qs[: per_page + 1])
    older = posts[per_page - 1].pk if len(posts) > per_page else None
    posts = posts[:per_page]
    pinned = list(visible_posts(page).filter(pinned=True)[:PINNED_SHOWN]) if before is None else []
    # Pinned posts show twice (above the stream, and in it): their copy above carries no anchor of its own.
    shown = [(post, False) for post in posts] + [(post, True) for post in pinned]
    for (post, _), rendered in zip(shown, posts_html(shown, page=page, page_url=page_url), strict=True):
        post.html = rendered
    return Stream(posts=posts, pinned=pinned, older=older, before=before)


def posts_html(
    posts: list[tuple[LivePost, bool]] | list[LivePost], *, page: LivePage, page_url: str
) -> list[SafeString]:
    """Return each post's HTML (a (post, pinned copy) pair, or a post), from the cache while the post is unchanged;
    render those that are not, their images and links loaded together."""
    items = [item if isinstance(item, tuple) else (item, False) for item in posts]
    if not items:
        return []
    keys = [
        POST_HTML_KEY.format(pk=p.pk, seq=p.seq, variant="pinned" if copy else "stream", url=page_url)
        for p, copy in items
    ]
    found = cache.get_many(keys)
    missing = [(item, key) for item, key in zip(items, keys, strict=True) if key not in found]
    if missing:
        load_bodies(list({id(p): p for (p, _), _ in missing}.values()))
        fresh = {key: render_post(p, page=page, page_url=page_url, pinned_copy=copy) for (p, copy), key in missing}
        cache.set_many(fresh, POST_HTML_SECONDS)
        found.update(fresh)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - rendered by our autoescaping template


def key_events(page: LivePage) -> list[dict[str, Any]]:
    """Return the key events, newest first: each post's id, anchor, label and time (its headline, else its start)."""
    rows = visible_posts(page).filter(key_event=True).select_related(None).only("id", "headline", "body", "created_at")
    return [
        {"id": p.pk, "anchor": p.anchor, "label": post_label(p), "at": p.created_at} for p in rows[:KEY_EVENTS_SHOWN]
    ]


def post_label(post: LivePost, words: int = 12) -> str:
    """Return a post's headline, or the first words of its text."""
    if post.headline:
        return post.headline
    for block in post.body.raw_data:
        if block.get("type") == "paragraph" and isinstance(block.get("value"), str):
            return Truncator(_text(block["value"])).words(words)
        if block.get("type") == "quote" and isinstance(block.get("value"), dict):
            return Truncator(block["value"].get("text", "")).words(words)
    return f"Update at {post.created_at:%H:%M}"


def post_text(post: LivePost) -> str:
    """Return a post's words as plain text (for structured data and feeds' summaries)."""
    parts = []
    for block in post.body.raw_data:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str):
            parts.append(_text(value))
        elif block.get("type") == "quote" and isinstance(value, dict):
            parts.append(f"\u201c{value.get('text', '')}\u201d {value.get('attribution', '')}".strip())
    return " ".join(parts)


def latest_post_at(page: LivePage) -> datetime | None:
    return visible_posts(page).aggregate(at=Max("created_at"))["at"]


def authors(page: LivePage) -> list:
    credits = LivePageAuthor.objects.filter(page_id=page.pk).select_related("author").order_by("sort_order")
    return [c.author for c in credits]


def reader_for(request) -> Any:
    """Return whom a live page's posts are rendered for: the signed-in reader of a premium page, else nobody.

    Anonymous readers of every page, and every reader of a free page, get the same bytes (cacheable whole); a
    signed-in reader of a premium page is answered privately (`LivePage.serve`), so the page asks the paywall about
    them.
    """
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def may_read_posts(*, page: LivePage, reader: Any) -> bool:
    """Return whether this reader may read the posts: everyone on a free page; the paywall decides a premium one."""
    return not page.premium or reader_may_read_past_teaser(reader=reader, page=page)


def parse_cursor(value: str | None) -> int | None:
    """Return a cursor from a query string value, None when absent; raise ValueError for anything but a number."""
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValueError(value)
    return int(value)


def live_page_context(*, page: LivePage, request) -> dict[str, Any]:
    """Return everything the live page shows: the stream (if the reader may read it), key events, times."""
    reader = reader_for(request) if page.premium else None
    locked = not may_read_posts(page=page, reader=reader)
    try:
        before = parse_cursor(request.GET.get("before"))
    except ValueError:
        before = None  # a mangled "older posts" link shows the newest posts rather than an error
    page_url = page.get_url(request) or "/"
    shown = Stream() if locked else stream(page=page, page_url=page_url, before=before)
    events = [] if locked else key_events(page)
    latest = shown.posts[0].created_at if shown.posts and before is None else latest_post_at(page)
    context = {
        "stream": shown,
        "locked": locked,
        "locked_note": LOCKED_NOTE,
        "key_events": events,
        "latest_at": latest,
        "live_authors": authors(page),
        "page_url": page_url,
    }
    context["canonical_url"] = absolute_url(context["page_url"])
    context["structured_data"] = live_structured_data(page=page, request=request, context=context)
    return context


def live_structured_data(*, page: LivePage, request, context: dict[str, Any]) -> dict[str, Any]:
    """Return the schema.org LiveBlogPosting: coverage times, and the posts on screen as liveBlogUpdate."""
    identity = newsroom_identity(request)
    url = context["canonical_url"]
    start = page.coverage_start or page.first_published_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": (context["latest_at"] or page.last_published_at or page.first_published_at or start),
        "coverageStartTime": start.isoformat() if start else None,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": identity["name"],
            "logo": {"@type": "ImageObject", "url": identity["logo_url"]},
        },
        "isAccessibleForFree": not page.premium,
    }
    if data["dateModified"] is not None:
        data["dateModified"] = data["dateModified"].isoformat()
    end = page.coverage_end or (context["latest_at"] if page.status == LivePage.Status.ENDED else None)
    if end is not None:
        data["coverageEndTime"] = end.isoformat()
    if context["live_authors"]:
        data["author"] = [{"@type": "Person", "name": a.name} for a in context["live_authors"]]
    if page.premium:
        data["hasPart"] = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".live-stream"}
    if not context["locked"]:
        data["liveBlogUpdate"] = [
            {
                "@type": "BlogPosting",
                "headline": post_label(post)[:110],
                "url": f"{url}#{post.anchor}",
                "datePublished": post.created_at.isoformat(),
                "dateModified": post.updated_at.isoformat(),
                "articleBody": post_text(post),
            }
            for post in context["stream"].posts
        ]
    return data


def render_post(post: LivePost, *, page: LivePage, page_url: str, pinned_copy: bool = False) -> str:
    """Render one post (its body converted) as the page, its updates and its feeds show it."""
    context = {"post": post, "page": page, "page_url": page_url, "pinned_copy": pinned_copy}
    return render_to_string("liveblogs/includes/post.html", context)


def updates(*, page: LivePage, since: int | None, request=None) -> dict[str, Any]:
    """Return what changed on the page after change number `since` (None: among its latest UPDATES_WINDOW):
    new and edited posts as HTML, deleted posts' ids, the key events, status and latest post time.

    `reload` says the reader is too far behind for a list of changes, and should load the page afresh.
    """
    head = page.post_seq
    after = max(head - UPDATES_WINDOW, 0) if since is None else since
    changed = list(
        LivePost.objects.filter(page_id=page.pk, seq__gt=after)
        .select_related("author")
        .order_by("-seq")[: SINCE_LIMIT + 1]
    )
    reload = len(changed) > SINCE_LIMIT
    changed = [] if reload else changed
    alive = [p for p in changed if p.deleted_at is None]
    page_url = page.get_url(request) or "/"
    return {
        "head": head,
        "after": after,
        "reload": reload,
        "status": page.status,
        "latest_at": _iso(latest_post_at(page)),
        "posts": [
            {
                "id": post.pk,
                "seq": post.seq,
                "created_at": post.created_at.isoformat(),
                "pinned": post.pinned,
                "key_event": post.key_event,
                "html": rendered,
            }
            for post, rendered in zip(alive, posts_html(alive, page=page, page_url=page_url), strict=True)
        ],
        "deleted": [post.pk for post in changed if post.deleted_at is not None],
        "key_events": [
            {"id": e["id"], "anchor": e["anchor"], "label": e["label"], "at": e["at"].isoformat()}
            for e in key_events(page)
        ],
    }


def locked_updates(*, page: LivePage) -> dict[str, Any]:
    """Return what a reader who may not read a premium page's posts gets from its updates: status, no posts."""
    return {
        "head": page.post_seq,
        "after": page.post_seq,
        "reload": False,
        "locked": True,
        "note": LOCKED_NOTE,
        "status": page.status,
        "latest_at": _iso(latest_post_at(page)),
        "posts": [],
        "deleted": [],
        "key_events": [],
    }


def feed_posts(page: LivePage, *, page_url: str) -> list[LivePost]:
    """Return the newest posts for the page's feeds, each with its HTML."""
    posts = list(visible_posts(page)[:FEED_ITEMS])
    for post, rendered in zip(posts, posts_html(posts, page=page, page_url=page_url), strict=True):
        post.html = rendered
    return posts


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def live_now(*, section=None) -> list[LivePage]:
    """Return the public live pages now running (in a section, or anywhere), each with its latest post time."""
    pages = LivePage.objects.live().filter(public_q(), status=LivePage.Status.LIVE)
    if section is not None:
        pages = pages.filter(path__startswith=section.path)
    return list(
        pages.annotate(latest_at=Max("posts__created_at", filter=Q(posts__deleted_at__isnull=True)))
        .only("id", "title", "url_path", "path", "depth", "status", "premium", "standfirst")
        .order_by("-latest_at", "-first_published_at")[:5]
    )

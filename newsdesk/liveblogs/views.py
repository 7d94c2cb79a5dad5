"""A live page's other outputs: its updates (polled by readers' pages) and its RSS and Atom feeds of posts.

Both are reached through the page (LivePage's routes), carry its purge tags and hold its paywall: a premium page
answers anonymous readers with no posts (one cacheable copy) and asks the paywall about a signed-in reader, whose
answer is theirs alone (`personal`).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from newsdesk.core.selectors import absolute_url, newsroom_identity
from newsdesk.delivery.pagecache import cache_page_with_tags
from newsdesk.delivery.responses import personal

from . import selectors

# Readers' pages ask every few seconds; browsers and edges may keep an answer this long without asking again,
# and purges reach nginx, Varnish and the page cache at once anyway.
UPDATES_MAX_AGE = 2
FEED_MAX_AGE = 30
BAD_CURSOR = "since must be a change number this page gave you (a whole number); leave it out for the latest."


def _access(request: HttpRequest, page) -> tuple[bool, bool]:
    """Return (may read the posts, the answer is this reader's own)."""
    if not page.premium:
        return True, False
    reader = selectors.reader_for(request)
    return selectors.may_read_posts(page=page, reader=reader), reader is not None


def updates(request: HttpRequest, *, page) -> HttpResponse:
    """Answer a reader's page with what changed after its cursor (`?since=`), or among the latest changes."""
    try:
        since = selectors.parse_cursor(request.GET.get("since"))
    except ValueError:
        return JsonResponse({"error": BAD_CURSOR}, status=400)
    may_read, own = _access(request, page)
    if may_read:
        payload = selectors.updates(page=page, since=since, request=request)
    else:
        payload = selectors.locked_updates(page=page)
    response = JsonResponse(payload)
    if own:
        return personal(response)
    return cache_page_with_tags(response, page.cache_tags(), max_age=UPDATES_MAX_AGE)


class LivePostsFeed(Feed):
    """The posts of one live page, newest first; none for a reader the paywall does not let read them."""

    def __init__(self, *, page, may_read: bool, atom: bool):
        super().__init__()
        self.page, self.may_read = page, may_read
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return self.page

    def title(self, obj):
        return f"{obj.title} \u2013 {self.site_name}"

    def link(self, obj):
        return obj.url or "/"

    def description(self, obj):
        return obj.standfirst if self.may_read else f"{obj.standfirst} {selectors.LOCKED_NOTE}"

    subtitle = description

    def items(self, obj):
        return selectors.feed_posts(obj, page_url=obj.url or "/") if self.may_read else []

    def item_title(self, item):
        return selectors.post_label(item)

    def item_description(self, item):
        return item.html

    def item_link(self, item):
        return absolute_url(f"{self.page.url or '/'}#{item.anchor}")

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name if item.author else None


def feed(request: HttpRequest, *, page, kind: str) -> HttpResponse:
    """Return the page's posts as RSS or Atom."""
    may_read, own = _access(request, page)
    view = LivePostsFeed(page=page, may_read=may_read, atom=kind == "atom")
    view.site_name = newsroom_identity(request)["name"]
    response = view(request)
    if own:
        return personal(response)
    return cache_page_with_tags(response, page.cache_tags(), max_age=FEED_MAX_AGE)

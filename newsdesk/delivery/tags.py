"""The purge tags: one name for each thing a cached page can show, so that changing the thing purges the page.

A page (and every fragment in it) carries the tags of what it shows; a change purges the tags of what it touched
(newsdesk.delivery.pagecache.purge_tags). Both sides build tags here, so they cannot spell one differently. The same
tags go to Varnish and the CDN as surrogate keys.
"""

SITE_TAG = "site"  # every page and fragment: the masthead, navigation and publication name are on all of them
HOME_TAG = "home"  # the front page and its feed
SITEMAPS_TAG = "sitemaps"
# The cache key holding a tag's current version; purging a tag writes a new one (the page cache and the edge
# cache both read it).
TAG_KEY = "pagecache:tag:{tag}"


def article_tag(article_id: int) -> str:
    """Return the tag of what shows this article: its page, its comment count, related reads that link it."""
    return f"article:{article_id}"


def section_tag(section_id: int) -> str:
    """Return the tag of a section's page and feed."""
    return f"section:{section_id}"


def topic_tag(slug: str) -> str:
    """Return the tag of a topic's page and feed."""
    return f"topic:{slug}"


def liveblog_tag(page_id: int) -> str:
    """Return the tag of what shows a live page's posts: its page, updates, feeds and the "live now" strips."""
    return f"liveblog:{page_id}"


LIVE_NOW_TAG = "live-now"  # the "live now" strip on the front page and sections: which live pages there are


def author_tag(slug: str) -> str:
    """Return the tag of an author's page and feed."""
    return f"author:{slug}"

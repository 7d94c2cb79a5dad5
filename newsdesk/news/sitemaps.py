"""Sitemaps: every live page, topic pages, and a Google News sitemap of the last 48 hours."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from newsdesk.core.selectors import absolute_url

from .selectors import live_articles

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap


def _on_site_url(urls: list[dict]) -> list[dict]:
    """Rewrite sitemap locations onto SITE_URL, whatever host the sitemap framework built them with."""
    for entry in urls:
        entry["location"] = absolute_url(urlsplit(entry["location"]).path)
    return urls


class PagesSitemap(WagtailSitemap):
    """Every live, public page, with absolute URLs on SITE_URL rather than the Wagtail site's hostname."""

    def _urls(self, page, protocol, domain):
        return _on_site_url(super()._urls(page, protocol, domain))


class TopicSitemap(Sitemap):
    """Topic pages that have at least one live article."""

    changefreq = "hourly"

    def items(self):
        return list(
            Tag.objects.filter(news_articlepagetag_items__content_object__live=True).distinct().order_by("slug")
        )

    def location(self, item):
        return f"/topics/{item.slug}/"

    def get_urls(self, page=1, site=None, protocol=None):
        return _on_site_url(super().get_urls(page=page, site=site, protocol=protocol))


def news_sitemap_articles():
    """Return the articles first published in the last 48 hours, newest first, for the Google News sitemap."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    return list(live_articles().filter(first_published_at__gte=since).prefetch_related("tags")[:NEWS_SITEMAP_LIMIT])

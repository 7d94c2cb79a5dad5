"""Reader-facing views that are not Wagtail pages: topics, authors, search, the news sitemap."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from newsdesk.core.selectors import absolute_url, newsroom_identity
from newsdesk.delivery.pagecache import cache_page_with_tags
from newsdesk.delivery.pages import shared_page
from newsdesk.delivery.replica import render_from_replica
from newsdesk.delivery.tags import SITEMAPS_TAG, author_tag, topic_tag

from .selectors import (
    author_by_slug,
    author_page_context,
    author_person,
    search_articles,
    topic_by_slug,
    topic_page_context,
)
from .sitemaps import PagesSitemap, TopicSitemap, news_sitemap_articles


@shared_page
@render_from_replica
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a topic's stories."""
    found = topic_by_slug(slug)
    if found is None:
        raise Http404("No such topic.")
    context = topic_page_context(topic=found, page_number=request.GET.get("page"))
    context["canonical_url"] = absolute_url(f"/topics/{found.slug}/")
    response = TemplateResponse(request, "news/topic_page.html", context)
    return cache_page_with_tags(response, {topic_tag(found.slug)})


@render_from_replica
def author(request: HttpRequest, slug: str) -> HttpResponse:
    """Show an author: portrait, role, short biography and their latest stories."""
    found = author_by_slug(slug)
    if found is None:
        raise Http404("No such author.")
    context = author_page_context(author=found, page_number=request.GET.get("page"))
    context["canonical_url"] = absolute_url(found.get_absolute_url())
    context["structured_data"] = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "mainEntity": author_person(found) | ({"description": found.bio} if found.bio else {}),
    }
    response = TemplateResponse(request, "news/author_page.html", context)
    return cache_page_with_tags(response, {author_tag(found.slug)})


def search(request: HttpRequest) -> HttpResponse:
    """Search the live articles."""
    context = search_articles(query=request.GET.get("q", ""), page_number=request.GET.get("page"))
    return TemplateResponse(request, "news/search.html", context)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Serve the Google News sitemap: articles first published in the last 48 hours."""

    context = {
        "articles": news_sitemap_articles(),
        "publication": newsroom_identity(request)["name"],
        "site_url": absolute_url("/").rstrip("/"),
    }
    response = TemplateResponse(request, "news/news_sitemap.xml", context, content_type="application/xml")
    return cache_page_with_tags(response, {SITEMAPS_TAG})


def sitemap(request: HttpRequest) -> HttpResponse:
    """Serve the sitemap of every live page and topic."""
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    response = wagtail_sitemap(request, sitemaps={"pages": PagesSitemap, "topics": TopicSitemap})
    return cache_page_with_tags(response, {SITEMAPS_TAG})

"""Reader-facing views that are not Wagtail pages: topics, search, the news sitemap."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from newsdesk.core.selectors import absolute_url

from .selectors import search_articles, topic_by_slug, topic_page_context
from .sitemaps import news_sitemap_articles


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a topic's stories."""
    found = topic_by_slug(slug)
    if found is None:
        raise Http404("No such topic.")
    context = topic_page_context(topic=found, page_number=request.GET.get("page"))
    context["canonical_url"] = absolute_url(f"/topics/{found.slug}/")
    return TemplateResponse(request, "news/topic_page.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Search the live articles."""
    context = search_articles(query=request.GET.get("q", ""), page_number=request.GET.get("page"))
    return TemplateResponse(request, "news/search.html", context)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Serve the Google News sitemap: articles first published in the last 48 hours."""
    from newsdesk.core.selectors import newsroom_identity

    context = {
        "articles": news_sitemap_articles(),
        "publication": newsroom_identity(request)["name"],
        "site_url": absolute_url("/").rstrip("/"),
    }
    return TemplateResponse(request, "news/news_sitemap.xml", context, content_type="application/xml")

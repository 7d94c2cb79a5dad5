"""Site-wide plumbing views: robots.txt and error pages (the health check is newsdesk.core.health)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .context_processors import layout_context
from .selectors import absolute_url


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Tell crawlers what to skip and where the sitemaps are."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
        f"Sitemap: {absolute_url('/sitemap-news.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """Render the styled 404 page."""
    # Given its layout here: an unknown address under /admin/ (`/admin/polls/1/x.csv`) gets this page too, and the
    # context processor leaves the layout out there.
    return render(request, "404.html", layout_context(request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the styled 500 page without touching the database (it may be why we are here)."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)

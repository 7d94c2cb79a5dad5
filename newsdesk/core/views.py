"""Site-wide plumbing views: robots.txt, health check, error pages."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .context_processors import layout_context
from .selectors import absolute_url

logger = logging.getLogger(__name__)


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


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database fault means "take me out of rotation"
        logger.exception("health check: database unavailable")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """Render the styled 404 page."""
    # Given its layout here: an unknown address under /admin/ (`/admin/polls/1/x.csv`) gets this page too, and the
    # context processor leaves the layout out there.
    return render(request, "404.html", layout_context(request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the styled 500 page without touching the database (it may be why we are here)."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)

"""Site-wide plumbing views: robots.txt and error pages (the health check is newsdesk.core.health)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe

from .context_processors import layout_context
from .selectors import absolute_url, newsroom_identity


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


@require_safe
def web_app_manifest(request: HttpRequest) -> HttpResponse:
    """Describe the site to a phone that adds it to the home screen: its name, colours and icons."""
    identity = newsroom_identity(request)
    icons = [
        {"src": static("newsdesk/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("newsdesk/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("newsdesk/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("newsdesk/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "name": identity["name"],
        "short_name": identity["name"][:12],
        "description": identity.get("tagline", ""),
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": icons,
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Send the browsers and feed readers that ask /favicon.ico without reading the page to the icon."""
    return redirect(static("newsdesk/icons/favicon.ico"), permanent=True)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """Render the styled 404 page."""
    # Given its layout here: an unknown address under /admin/ (`/admin/polls/1/x.csv`) gets this page too, and the
    # context processor leaves the layout out there.
    return render(request, "404.html", layout_context(request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the styled 500 page without touching the database (it may be why we are here)."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)

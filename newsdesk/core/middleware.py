"""Request hygiene that every view relies on."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import Http404

from newsdesk.delivery.responses import personal

from .selectors import site_for_request

logger = logging.getLogger(__name__)


class RejectNulBytesMiddleware:
    """Refuse NUL characters in the path or parameters before any view sees them.

    No page has one in its address, and PostgreSQL refuses them in text, which would otherwise turn a typed
    "%00" into a server error deep inside a lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("No such page.")
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("The address contains a NUL character; remove it and try again.")
        return self.get_response(request)


class CachedSiteMiddleware:
    """Give Wagtail the request's site from the cache, so that routing a page does not ask the database for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import DatabaseError

        try:
            # Wagtail's Site.find_for_request keeps the site it finds in this attribute and reads it first.
            request._wagtail_site = site_for_request(request)
        except DatabaseError:
            pass  # Wagtail asks again in the view, where an outage gets the 503 page
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer quickly with the styled 503 page when the database is down, never with a stack trace.

    Pages already in the page cache keep being served before this point is reached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError
        from django.template import loader

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses, so an injected script could not use them either."""

    POLICY = "camera=(), microphone=(), geolocation=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class PreviewResponseMiddleware:
    """Let the admin frame an editor's preview, and keep the preview out of every cache.

    Wagtail renders a preview by sending a made-up request for the page's public address through this stack, with
    `request.is_preview` set by the time the response comes back. Only that response may be framed, and only by this
    site (the admin's preview panel); the Content-Security-Policy says the same (newsdesk.core.csp). Public pages
    keep X-Frame-Options: DENY. A preview shows unpublished text to one editor, so no cache may keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response["X-Frame-Options"] = "SAMEORIGIN"
            personal(response)
        return response

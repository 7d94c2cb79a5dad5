"""The beacon a page sends once it has loaded, and the shared "Most read" fragment."""

import base64
import logging

import redis
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from newsdesk.core.ratelimit import client_ip

from .counting import page_id_from
from .selectors import most_read_html
from .services import view_count

# The `<noscript>` image's answer: a transparent 1x1 GIF.
logger = logging.getLogger(__name__)
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
BAD_SECTION = "Give the section as ?section=<id>, a whole number, or leave it out for the whole site."


@csrf_exempt  # a cookieless beacon that changes nothing a reader owns; it carries no session to forge
@require_http_methods(["GET", "POST"])
def beacon(request: HttpRequest) -> HttpResponse:
    """Count the view and answer at once: 204 to the script, a pixel to the `<noscript>` image (GET)."""
    try:
        view_count(
            page=request.GET.get("p", ""),
            referrer_host=request.GET.get("r", ""),
            newsletter=request.GET.get("n") == "1",
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            site=request.get_host(),
            headers=request.headers,
            at=timezone.now(),
        )
    except redis.RedisError:  # a view lost while Redis is down is not the reader's error (docs/readership.md)
        logger.warning("readership: Redis unavailable, a view was not counted", exc_info=True)
    if request.method == "GET":
        response = HttpResponse(PIXEL, content_type="image/gif")
    else:
        response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def most_read(request: HttpRequest) -> HttpResponse:
    """Return the "Most read" list (whole site, or one section): the same bytes for everyone, for a minute."""
    section = request.GET.get("section", "")
    section_id = page_id_from(section) if section else None
    if section and section_id is None:
        return HttpResponseBadRequest(BAD_SECTION, content_type="text/plain; charset=utf-8")
    response = HttpResponse(most_read_html(section_id=section_id, now=timezone.now()))
    response["Cache-Control"] = "public, max-age=60"
    return response

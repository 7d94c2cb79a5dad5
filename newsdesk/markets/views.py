"""The markets page; the push API, its OpenAPI document, and the panel and latest-values reads for scripts."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from newsdesk.core.ratelimit import allow, client_ip, ip_network_key
from newsdesk.delivery.pagecache import cache_page_with_tags

from .openapi import openapi_document
from .panel import latest_payload, panel_html
from .selectors import markets_panel
from .services import BatchRejected, parse_batch_body, provider_for_token, push_batch_ingest

TOKEN_MISSING = "Send the provider's API token as 'Authorization: Bearer <token>'."  # noqa: S105 - a message, not a secret
TOKEN_INVALID = "The API token is not valid; ask the newsroom for a new one."  # noqa: S105 - a message, not a secret
RATE_LIMITED = "Too many requests; wait a minute and retry the same batch (it will be stored once)."
BODY_TOO_LARGE = "The body is larger than {limit} bytes; send smaller batches."
MAX_BODY_BYTES = 2_000_000


def _error(message: str, status: int, item: int | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "item": item}, status=status)


@csrf_exempt  # token-authenticated machine endpoint: no cookies, so no cross-site request forgery
@require_POST
def push_quotes(request: HttpRequest) -> JsonResponse:
    """Accept a vendor's batch of quotes: all stored, or none with a 4xx naming the offending item."""
    network = ip_network_key(client_ip(request))
    if not allow("markets-push-net", network, limit=settings.MARKETS_PUSH_NETWORK_RATE_LIMIT, window=60):
        return _error(RATE_LIMITED, 429)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(TOKEN_MISSING, 401)
    provider = provider_for_token(token.strip())
    if provider is None:
        return _error(TOKEN_INVALID, 401)
    if not allow("markets-push", str(provider.pk), limit=settings.MARKETS_PUSH_RATE_LIMIT, window=60):
        return _error(RATE_LIMITED, 429)
    if len(request.body) > MAX_BODY_BYTES:
        return _error(BODY_TOO_LARGE.format(limit=MAX_BODY_BYTES), 413)
    try:
        result = push_batch_ingest(provider=provider, payload=parse_batch_body(request.body))
    except BatchRejected as rejected:
        return _error(rejected.message, rejected.status, rejected.item)
    body = {"batch_id": result.batch_id, "stored": result.stored, "duplicate": result.duplicate}
    return JsonResponse(body, status=200 if result.duplicate else 201)


@require_GET
@cache_control(public=True, max_age=3600)
def openapi(request: HttpRequest) -> JsonResponse:
    """Serve the push API's OpenAPI 3.1 document."""
    return JsonResponse(openapi_document(base_url=settings.SITE_URL))


@require_GET
@cache_control(public=True, max_age=60)
def panel(request: HttpRequest) -> HttpResponse:
    """Serve the panel's HTML alone, for the sidebar's refresh script."""
    return HttpResponse(panel_html())


@require_GET
@cache_control(public=True, max_age=60)
def latest(request: HttpRequest) -> JsonResponse:
    """Serve the latest displayable value of each instrument (the licensed delay applies here too)."""
    return JsonResponse(latest_payload())


@require_GET
def markets_page(request: HttpRequest) -> HttpResponse:
    """Show every instrument with a larger chart, and the delay and source rules the figures follow."""
    context = {"panel": markets_panel(now=timezone.now())}
    # The same page for every reader, cached whole for the page cache's minute: no quote shows before its time
    # (a copy only ever holds what was displayable when it was made).
    return cache_page_with_tags(render(request, "markets/page.html", context), ())

"""Bounces and complaints from the email service, through anymail's tracking webhooks.

anymail's view verifies each call (the shared WEBHOOK_SECRET as basic auth, and the service's own signature where
it signs, e.g. Mailgun's signing key or SES's SNS signature) before it sends the `tracking` signal; a call that
fails is refused there and never reaches this module. A hard bounce or a complaint suppresses the address across
every list; soft bounces and other events are left alone (the service retries those itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from anymail.signals import AnymailTrackingEvent
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.urls import URLPattern

from .models import Delivery, SuppressionReason
from .services import suppression_record

SUPPRESSING = {"bounced": SuppressionReason.BOUNCED, "complained": SuppressionReason.COMPLAINED}


def tracking_event_received(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """Suppress the address of a hard bounce or complaint, and count it on the edition it answers."""
    reason = SUPPRESSING.get(event.event_type)
    if reason is None or not event.recipient:
        return
    email = event.recipient.strip().lower()
    suppression_record(email=email, reason=reason, detail=f"{esp_name}: {event.description or ''}".strip()[:300])
    message_id = (event.message_id or "").strip("<>")
    # Our Message-ID names the delivery ("newsletter.<edition>.<delivery>@host"); a service that reports its own
    # id instead leaves the report to count by address on the latest edition sent to it.
    deliveries = Delivery.objects.filter(email=email)
    parts = message_id.split("@", 1)[0].split(".")
    if len(parts) == 3 and parts[0] == "newsletter" and parts[2].isdigit():
        deliveries = deliveries.filter(pk=int(parts[2]))
    latest = deliveries.order_by("-sent_at", "-pk").first()
    if latest is not None:
        Delivery.objects.filter(pk=latest.pk).update(**{"bounced" if reason == "bounced" else "complained": True})


NOT_SET_UP = "Tracking webhooks are off: set ANYMAIL_WEBHOOK_SECRET (and the service's signing key) to use them."
NOT_A_PAYLOAD = "This is not a tracking call this email service sends."


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap one of anymail's webhook views: refuse every call while no shared secret is set, and a body the
    service's parser cannot read, with a plain 4xx.

    anymail accepts unauthenticated calls (with a warning) when WEBHOOK_SECRET is empty, which would let anyone
    suppress any address; and its parsers raise on bodies of the wrong shape, which would be a server error.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            return HttpResponseForbidden(NOT_SET_UP)
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            return HttpResponseForbidden(NOT_SET_UP)
        except (AttributeError, KeyError, TypeError, ValueError):
            return HttpResponseBadRequest(NOT_A_PAYLOAD)

    return wrapped


def webhook_urls() -> tuple[list[URLPattern], str]:
    """Return anymail's webhook URLs, each view guarded, under anymail's namespace; for the project's urls.py."""
    patterns = [
        URLPattern(pattern.pattern, guarded(pattern.callback), pattern.default_args, pattern.name)
        for pattern in anymail_urls.urlpatterns
    ]
    return patterns, anymail_urls.app_name

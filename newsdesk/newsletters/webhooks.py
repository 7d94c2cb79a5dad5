"""Bounces and complaints from the email service, through anymail's tracking webhooks.

anymail's view verifies each call (the shared WEBHOOK_SECRET as basic auth, and the service's own signature where
it signs, e.g. Mailgun's signing key or SES's SNS signature) before it sends the `tracking` signal; a call that
fails is refused there and never reaches this module. A hard bounce or a complaint suppresses the address across
every list; soft bounces and other events are left alone (the service retries those itself).
"""

from __future__ import annotations

from anymail.signals import AnymailTrackingEvent

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

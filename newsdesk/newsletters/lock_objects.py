"""Row locks of newsletters: one edition's send start, and the claims on its deliveries."""

from .models import Edition, Subscription


def edition_for_update(edition_id: int) -> Edition:
    """Lock an edition: its status moves one way at a time (approve, start sending, cancel, the deadline)."""
    return Edition.objects.select_for_update().select_related("newsletter").get(pk=edition_id)


def subscription_for_update(subscription_id: int) -> Subscription | None:
    """Lock one list membership (a confirmation racing an unsubscribe), or None if it is gone."""
    return Subscription.objects.select_for_update().filter(pk=subscription_id).first()

"""Background jobs: the subscriber emails, each sent at most once (the billing run is in jobs.py)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .emails import send_subscription_email as send
from .models import NoticeSent, Subscription


@task()
def send_subscription_email(subscription_id: int, kind: str, key: str) -> bool:
    """Send one subscriber email, at most once per (subscription, kind, key); return False if already sent."""
    return _send_once(subscription_id, kind, key)


@task()
def send_subscription_emails(emails: list[list]) -> int:
    """Send a billing batch's emails, each [subscription id, kind, key] at most once; return how many went out.

    One queued task per batch instead of one per email; a retry of the task skips the emails already sent. An email
    that cannot be sent does not stop the others; the task then fails with its error, so it shows and can be rerun.
    """
    sent, failure = 0, None
    for subscription_id, kind, key in emails:
        try:
            sent += _send_once(int(subscription_id), str(kind), str(key))
        except Exception as error:  # noqa: BLE001 - raised again below, after the rest of the batch
            failure = failure or error
    if failure is not None:
        raise failure
    return sent


def _send_once(subscription_id: int, kind: str, key: str) -> bool:
    subscription = Subscription.objects.select_related("plan", "user").filter(id=subscription_id).first()
    if subscription is None:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                NoticeSent.objects.create(subscription=subscription, kind=kind, key=key[:80], sent_at=timezone.now())
        except IntegrityError:
            return False
        # The outbox keeps the email if the mail server is down; any error before that rolls the marker back.
        send(subscription, kind)
    return True

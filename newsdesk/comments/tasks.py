"""Background work: reply notification emails (opt-in, with one-click unsubscribe), sent once each.

How a notification survives a failed send and is not sent twice is written down in notifications.py.
"""

import logging

from django_tasks import task

from . import notifications
from .models import NotificationStatus

logger = logging.getLogger(__name__)


@task()
def send_reply_notification(notification_id: int) -> str:
    """Send one reply notification: claim it, send, mark it sent; safe to run twice, and again after a failure."""
    notification = notifications.reply_notification_claim(notification_id=notification_id)
    if notification is None:
        return "nothing to do"
    message = notifications.reply_email(notification=notification)
    if message is None:
        notifications.reply_notification_finish(notification_id=notification.pk, status=NotificationStatus.SKIPPED)
        return NotificationStatus.SKIPPED
    try:
        message.send()
    except Exception as error:
        notifications.reply_notification_release(
            notification_id=notification.pk, error=f"{type(error).__name__}: {error}"
        )
        raise  # the task's result records the failure; the sweep sends it later
    notifications.reply_notification_finish(notification_id=notification.pk, status=NotificationStatus.SENT)
    return NotificationStatus.SENT


@task()
def retry_reply_notifications() -> int:
    """Enqueue every reply notification whose send failed or whose worker vanished; return how many."""
    ids = notifications.due_reply_notification_ids()
    for notification_id in ids:
        send_reply_notification.enqueue(notification_id)
    return len(ids)

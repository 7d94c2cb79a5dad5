"""Background jobs for the public editor: emails (each sent once, retried until sent) and the digest."""

import logging

from django_tasks import task

from . import emails

logger = logging.getLogger(__name__)


@task()
def send_case_acknowledgement(case_id: int) -> bool:
    """Send a case's acknowledgement; on an SMTP failure leave it for `retry_pending_emails`."""
    try:
        return emails.case_acknowledgement_send(case_id=case_id)
    except Exception:  # SMTP down or refusing: the case is stored, the retry job sends it later
        logger.warning("acknowledgement for case %s not sent; will retry", case_id, exc_info=True)
        return False


@task()
def send_case_message(message_id: int) -> bool:
    """Send a public editor reply; on an SMTP failure leave it for `retry_pending_emails`."""
    try:
        return emails.message_email_send(message_id=message_id)
    except Exception:  # as above
        logger.warning("reply %s not sent; will retry", message_id, exc_info=True)
        return False


@task()
def retry_pending_emails() -> dict[str, int]:
    """Send every acknowledgement and reply that has not gone out yet (safe to run twice: each is sent once)."""
    cases, messages = emails.pending_emails()
    sent = {"acknowledgements": 0, "replies": 0}
    for case_id in cases:
        sent["acknowledgements"] += int(send_case_acknowledgement.call(case_id))
    for message_id in messages:
        sent["replies"] += int(send_case_message.call(message_id))
    return sent


@task()
def send_overdue_digest() -> int:
    """Email the public editor the week's overdue cases (once per ISO week)."""
    return emails.digest_send()

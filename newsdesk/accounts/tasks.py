"""Background jobs of reader accounts."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from newsdesk.outbox.services import message_queue


@task()
def send_account_email(*, subject: str, body: str, html: str, from_email: str, to: list[str]) -> None:
    """Move an account email that an earlier release queued as a rendered job into the outbox.

    New account emails never come here (the adapter records them in the outbox and enqueues only its id); this
    lets jobs already waiting in the queue at an upgrade still reach their readers.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message_queue(message=message)

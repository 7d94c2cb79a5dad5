"""Background jobs of reader accounts."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from newsdesk.outbox.services import message_queue


@task()
def send_account_email(*, subject: str, body: str, html: str, from_email: str, to: list[str]) -> None:
    """Hand an account email queued before account emails went through the outbox to the outbox.

    New account emails never come here (the adapter records them in the outbox, and tasks take only its ids);
    this lets jobs already waiting in the queue at an upgrade still reach their readers.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message_queue(message=message)

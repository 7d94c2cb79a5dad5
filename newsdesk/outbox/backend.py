"""The site's EMAIL_BACKEND: every email any code sends (allauth, billing, comments, ...) goes into the outbox."""

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from .services import message_send


class OutboxBackend(BaseEmailBackend):
    """Record each message in the outbox and try it at once; the outbox retries what the mail server refused.

    A message counts as sent once it is recorded: a mail server that is down no longer makes `send()` raise.
    """

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        return sum(message_send(message=message) is not None for message in email_messages)

"""How a message leaves: the configured delivery backend (SMTP in production), and what its errors mean.

Every SMTP call is bounded by EMAIL_TIMEOUT (Django's SMTP backend applies it to each socket operation). A mail
server that is down or not answering is a problem of the server, not of one message: after such an error, this
process stops trying for PAUSE_SECONDS and leaves new messages queued for the retry job, so a billing run with a
hundred receipts costs one timeout, not a hundred.
"""

import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

PAUSE_SECONDS = 60.0
NOTHING_ACCEPTED = "the mail server accepted no recipient"

# Per process: each worker learns about the server on its own, at the cost of one timeout.
_pause_until = {"at": 0.0}


class NothingAccepted(Exception):
    """The delivery backend returned without taking the message."""


def deliver(message: EmailMessage) -> None:
    """Hand one message to the delivery backend; raise whatever it raises."""
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    if not connection.send_messages([message]):
        raise NothingAccepted(NOTHING_ACCEPTED)


def is_about_the_message(error: BaseException) -> bool:
    """Return whether the server refused this message in particular (a recipient, its content), or it is malformed."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError | NothingAccepted | ValueError)


def is_permanent(error: BaseException) -> bool:
    """Return whether sending this message again can never succeed (a 5xx answer about it, a malformed address)."""
    if isinstance(error, ValueError):  # Django's BadHeaderError, an address it cannot encode: the same every time
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def describe(error: BaseException) -> str:
    """Return the error as staff see it: its kind and message."""
    return f"{type(error).__name__}: {error}"[:1000]


def pause_after(error: BaseException) -> None:
    """Stop trying new messages in this process for a while if the error says the server is unreachable."""
    if not is_about_the_message(error):
        _pause_until["at"] = time.monotonic() + PAUSE_SECONDS


def paused() -> bool:
    """Return whether this process saw the mail server fail a moment ago."""
    return time.monotonic() < _pause_until["at"]


def resume() -> None:
    """Forget a recent failure, so the next message is tried at once."""
    _pause_until["at"] = 0.0

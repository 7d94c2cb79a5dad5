"""System checks: email that cannot block a worker, and cannot loop back into the outbox."""

from django.conf import settings
from django.core.checks import Error, Warning, register

OUTBOX_BACKEND = "newsdesk.outbox.backend.OutboxBackend"


@register()
def delivery_backend_check(app_configs, **kwargs) -> list[Error]:
    """Refuse an outbox that would deliver into itself."""
    if settings.OUTBOX_DELIVERY_BACKEND == OUTBOX_BACKEND:
        return [
            Error(
                "OUTBOX_DELIVERY_BACKEND is the outbox itself, so no email would ever leave.",
                hint="Set the EMAIL_BACKEND environment variable to the backend that delivers mail "
                "(django.core.mail.backends.smtp.EmailBackend, the default).",
                id="outbox.E001",
            )
        ]
    return []


@register("email", deploy=True)
def email_timeout_check(app_configs, **kwargs) -> list[Warning]:
    """Name a missing EMAIL_TIMEOUT: without it a mail server that stops answering holds a worker forever."""
    if not settings.EMAIL_TIMEOUT or settings.EMAIL_TIMEOUT <= 0:
        return [
            Warning(
                "EMAIL_TIMEOUT is not set: a mail server that accepts a connection and never answers would hold "
                "a task worker (and scheduled publishing, billing and purges behind it) for good.",
                hint="Set EMAIL_TIMEOUT to a number of seconds, for example 10.",
                id="outbox.W001",
            )
        ]
    return []

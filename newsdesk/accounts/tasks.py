"""Background jobs of reader accounts."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_account_email(*, subject: str, body: str, html: str, from_email: str, to: list[str]) -> None:
    """Send one account email (verification, password reset, ...) rendered by the adapter."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

"""allauth hooks: its emails are rendered during the request and sent by a background task."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email now (the request and user are at hand), send it from a task after commit."""
        from .tasks import send_account_email

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        payload = {
            "subject": str(message.subject),
            "body": str(message.body),
            "html": str(html),
            "from_email": message.from_email,
            "to": list(message.to),
        }
        transaction.on_commit(lambda: send_account_email.enqueue(**payload))

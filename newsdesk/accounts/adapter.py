"""allauth hooks: its emails are rendered during the request and go into the outbox, which a background task
delivers from; its rate limits count the same client address as the rest of the site."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from newsdesk.core.ratelimit import client_ip
from newsdesk.core.selectors import newsroom_identity
from newsdesk.outbox.services import message_queue


@dataclass(frozen=True)
class EmailSite:
    """The site as allauth's email templates name it (`current_site.name`, `current_site.domain`)."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """Return the client address by the site's trusted-proxy rule (NEWSDESK_TRUSTED_PROXY_COUNT).

        allauth's own reading of X-Forwarded-For has a separate setting and raises on a short header; one rule
        for every limit means a sign-up flood and a vote flood from one address are seen as the same client.
        """
        return client_ip(request)

    def format_email_subject(self, subject: str) -> str:
        """Begin each account email's subject with the newsroom's name, as allauth does with the site's."""
        return f"[{newsroom_identity(allauth_context.request)['name']}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email now (the request and user are at hand); the outbox sends it from a task after commit."""
        # allauth's emails greet and sign off with the site's name: the newsroom's, not the host the request came to.
        request = context.get("request") or allauth_context.request
        site = EmailSite(name=newsroom_identity(request)["name"], domain=urlsplit(settings.SITE_URL).netloc)
        message_queue(message=self.render_mail(template_prefix, email, {**context, "current_site": site}))

"""Deploy checks for what every production site needs: its public address, PostgreSQL, Redis and a mail relay."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names compared, nothing bound
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
OUTBOX_BACKEND = "newsdesk.outbox.backend.OutboxBackend"
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")  # reserved (RFC 2606): nobody receives mail there


def _is_local(host: str) -> bool:
    return not host or host in LOCAL_HOSTS or host.endswith(".localhost")


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[CheckMessage]:
    """Fail unless SITE_URL is a public https address: links, emails and payment returns are built from it."""
    url = urlsplit(settings.SITE_URL)
    if url.scheme == "https" and not _is_local(url.hostname or ""):
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}, not the site's public https address.",
            hint="Set SITE_URL to the address readers use, for example https://news.example: feeds, sitemaps, "
            "emails and the address the payment processor sends readers back to are built from it.",
            id="core.E001",
        )
    ]


@register(Tags.database, deploy=True)
def check_database(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn when production runs on SQLite."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    return [
        CheckWarning(
            "The database is SQLite: one writer at a time, on this machine only.",
            hint="Set DATABASE_URL to a PostgreSQL database, for example postgres://newsdesk:…@db:5432/newsdesk.",
            id="core.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_redis(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn when the cache and rate limits live in each process's memory."""
    if settings.REDIS_URL:
        return []
    return [
        CheckWarning(
            "REDIS_URL is not set: the page cache and the rate limits live in each process's memory, so every "
            "process caches and counts on its own.",
            hint="Set REDIS_URL, for example redis://cache:6379/0.",
            id="core.W002",
        )
    ]


@register("email", deploy=True)
def check_email(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn when email is handed to an SMTP server on this machine (the default)."""
    # Through the outbox (newsdesk.outbox), email leaves by OUTBOX_DELIVERY_BACKEND.
    leaves_by = settings.EMAIL_BACKEND
    if leaves_by == OUTBOX_BACKEND:
        leaves_by = settings.OUTBOX_DELIVERY_BACKEND
    if leaves_by != SMTP_BACKEND or not _is_local(settings.EMAIL_HOST):
        return []
    return [
        CheckWarning(
            f"Email goes to an SMTP server on this machine ({settings.EMAIL_HOST}:{settings.EMAIL_PORT}).",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) to your "
            "mail service. Keep localhost only if a mail server here relays onward.",
            id="core.W003",
        )
    ]


@register("email", deploy=True)
def check_from_email(app_configs, **kwargs) -> list[CheckMessage]:
    """Warn when emails would come from an address on this machine or at an example domain (the default)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].lower()
    if not (_is_local(domain) or domain in EXAMPLE_DOMAINS or domain.endswith(tuple(f".{d}" for d in EXAMPLE_DOMAINS))):
        return []
    return [
        CheckWarning(
            f"Emails come from {settings.DEFAULT_FROM_EMAIL!r}, an address readers cannot reply to and mail "
            "services mark as spam.",
            hint="Set DEFAULT_FROM_EMAIL to the newsroom's own address, for example news@yournewspaper.co.za; "
            "emails show it under the newsroom's name (manage.py newsroom_setup --name).",
            id="core.W004",
        )
    ]

"""`check --deploy` names what a site deployed on the defaults lacks: its public address, PostgreSQL, Redis, email."""

import pytest
from django.test import override_settings

from newsdesk.core.checks import check_email, check_from_email, check_redis, check_site_url
from newsdesk.core.tests.test_settings_and_plumbing import PRODUCTION_ENV, _manage

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("site_url", "ids"),
    [
        ("http://localhost:8000", ["core.E001"]),
        ("https://localhost", ["core.E001"]),
        ("https://127.0.0.1:8443", ["core.E001"]),
        ("https://news.localhost", ["core.E001"]),
        ("http://news.example", ["core.E001"]),
        ("news.example", ["core.E001"]),
        ("https://news.example", []),
    ],
)
def test_site_url_must_be_a_public_https_address(site_url, ids):
    with override_settings(SITE_URL=site_url):
        assert [issue.id for issue in check_site_url(None)] == ids


@pytest.mark.parametrize(
    ("backend", "host", "ids"),
    [
        (SMTP, "localhost", ["core.W003"]),
        (SMTP, "127.0.0.1", ["core.W003"]),
        (SMTP, "smtp.example", []),
        ("django.core.mail.backends.console.EmailBackend", "localhost", []),
    ],
)
def test_email_to_an_smtp_server_on_this_machine_is_a_warning(backend, host, ids):
    with override_settings(EMAIL_BACKEND=backend, EMAIL_HOST=host, EMAIL_PORT=25):
        assert [issue.id for issue in check_email(None)] == ids
    outbox = "newsdesk.outbox.backend.OutboxBackend"
    with override_settings(EMAIL_BACKEND=outbox, OUTBOX_DELIVERY_BACKEND=backend, EMAIL_HOST=host, EMAIL_PORT=25):
        assert [issue.id for issue in check_email(None)] == ids


@pytest.mark.parametrize(
    ("from_email", "ids"),
    [
        ("Newsdesk <newsdesk@localhost>", ["core.W004"]),
        ("news@127.0.0.1", ["core.W004"]),
        ("The Times <news@example.com>", ["core.W004"]),
        ("news@mail.example.org", ["core.W004"]),
        ("The Karoo Courier <news@karoocourier.co.za>", []),
        ("news@news.example", []),
    ],
)
def test_emails_from_this_machine_or_an_example_domain_are_a_warning(from_email, ids):
    with override_settings(DEFAULT_FROM_EMAIL=from_email):
        assert [issue.id for issue in check_from_email(None)] == ids


def test_no_redis_is_a_warning_that_says_what_to_set():
    with override_settings(REDIS_URL=""):
        (issue,) = check_redis(None)
    assert (issue.id, issue.hint) == ("core.W002", "Set REDIS_URL, for example redis://cache:6379/0.")
    with override_settings(REDIS_URL="redis://cache.invalid:6379/0"):
        assert check_redis(None) == []


def test_a_site_deployed_on_the_defaults_fails_the_deploy_check_and_is_told_each_thing_to_set():
    # Each of these used to pass the check unnoticed (and with Paystack lacking its key, choosing a plan was a 500).
    env = {
        "PATH": PRODUCTION_ENV["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings.base",
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "news.example",
        "DATABASE_URL": "sqlite:////tmp/newsdesk-check.sqlite3",
        "SUBSCRIPTIONS_GATEWAY": "paystack",
    }
    result = _manage("check", "--deploy", env=env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("?: (")]
    assert lines == [
        "?: (core.E001) SITE_URL is 'http://localhost:8000', not the site's public https address.",
        "?: (subscriptions.E003) SUBSCRIPTIONS_GATEWAY is 'paystack' but PAYSTACK_SECRET_KEY is not set, so nobody "
        "can subscribe.",
        "?: (core.W001) The database is SQLite: one writer at a time, on this machine only.",
        "?: (core.W002) REDIS_URL is not set: the page cache and the rate limits live in each process's memory, so "
        "every process caches and counts on its own.",
        "?: (core.W003) Email goes to an SMTP server on this machine (localhost:25).",
        "?: (core.W004) Emails come from 'Newsdesk <newsdesk@localhost>', an address readers cannot reply to and "
        "mail services mark as spam.",
    ], result.stderr

"""Reader accounts: allauth's pages in the site's layout, its emails sent from a task, the account page."""

import pytest
from django.core import mail
from django.test import TestCase

pytestmark = pytest.mark.django_db


def test_sign_in_and_sign_up_pages_use_the_site_layout(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        body = client.get(url).content.decode()
        assert 'class="masthead"' in body, url
        assert 'href="#main"' in body
        assert "accounts/accounts.css" in body


def test_sign_up_sends_the_verification_email_through_the_task(client):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new.reader@example.org",
                "password1": "a-long-pass-phrase-9",
                "password2": "a-long-pass-phrase-9",
            },
        )
    assert response.status_code == 302
    assert mail.outbox == []  # rendered in the request, sent only by the task after commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.reader@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_account_emails_greet_with_the_newsroom_name_and_its_public_address(client, settings):
    from wagtail.models import Site

    from newsdesk.core.models import NewsroomSettings

    settings.SITE_URL = "https://news.karoo.example"
    settings.DEFAULT_FROM_EMAIL = "Newsdesk <news@karoocourier.co.za>"  # the name written here is not the one shown
    config = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    config.publication_name = "The Karoo Courier"
    config.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "new.reader@example.org",
                "password1": "a-long-pass-phrase-9",
                "password2": "a-long-pass-phrase-9",
            },
        )
    (email,) = mail.outbox
    assert email.subject == "[The Karoo Courier] Please Confirm Your Email Address"
    assert email.from_email == "The Karoo Courier <news@karoocourier.co.za>"
    assert email.message()["From"] == "The Karoo Courier <news@karoocourier.co.za>"
    body = email.body
    assert body.startswith("Hello from The Karoo Courier!\n")
    assert "an account on news.karoo.example." in body
    assert body.endswith("Thank you for using The Karoo Courier!\nnews.karoo.example")


def test_email_is_not_sent_when_the_request_fails_before_commit(client):
    from allauth.account.adapter import get_adapter

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        get_adapter().send_mail("account/email/password_reset_key", "x@example.org", {"password_reset_url": "u"})
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_account_page_needs_sign_in_and_shows_no_subscription(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    from newsdesk.subscriptions.tests.factories import make_reader

    client.force_login(make_reader("page@example.org"))
    body = client.get("/account/").content.decode()
    assert "Signed in as <strong>page@example.org</strong>" in body
    assert "You do not have a subscription." in body
    assert "No payments yet." in body

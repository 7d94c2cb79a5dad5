"""`manage.py newsroom_admin EMAIL`: the first administrator signs in before the site can send email."""

from io import StringIO
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from newsdesk.accounts import services
from newsdesk.accounts.management.commands import newsroom_admin

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase-9"
READY_NEW = (
    "chief@news.example is now a superuser with a verified address. Sign in at http://localhost:8000/accounts/login/;"
    " with REQUIRE_STAFF_2FA on, the admin asks for an authenticator app first.\n"
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("newsroom_admin", *args, stdout=out)
    return out.getvalue()


def test_the_first_admin_is_created_verified_and_signs_in_to_the_admin_without_any_email(client, monkeypatch):
    monkeypatch.setenv(newsroom_admin.PASSWORD_VARIABLE, PASSWORD)
    assert run("chief@news.example", "--no-input") == READY_NEW
    assert "was already there; it is now a superuser" in run("chief@news.example", "--no-input")  # twice: no change
    user = get_user_model().objects.get()
    assert (user.email, user.is_staff, user.is_superuser, user.is_active) == ("chief@news.example", True, True, True)
    assert list(EmailAddress.objects.values_list("user", "email", "verified", "primary")) == [
        (user.pk, "chief@news.example", True, True)
    ]
    response = client.post("/accounts/login/?next=/admin/", {"login": "chief@news.example", "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert mail.outbox == []


def test_an_existing_unverified_account_is_promoted_and_keeps_its_password(client):
    reader = get_user_model().objects.create_user("reader", "chief@news.example", PASSWORD)
    EmailAddress.objects.create(user=reader, email="old@news.example", verified=True, primary=True)
    EmailAddress.objects.create(user=reader, email="chief@news.example", verified=False, primary=False)
    run("chief@news.example", "--no-input")
    reader.refresh_from_db()
    assert (reader.is_staff, reader.is_superuser, get_user_model().objects.count()) == (True, True, 1)
    assert sorted(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("chief@news.example", True, True),
        ("old@news.example", True, False),
    ]
    response = client.post("/accounts/login/", {"login": "chief@news.example", "password": PASSWORD})
    assert response["Location"] == "/"


def test_the_password_is_asked_for_twice_when_run_by_hand():
    with mock.patch("getpass.getpass", side_effect=[PASSWORD, "a-typo", PASSWORD, PASSWORD]):
        err = StringIO()
        call_command("newsroom_admin", "chief@news.example", stdout=StringIO(), stderr=err)
    assert err.getvalue() == newsroom_admin.PASSWORDS_DIFFER + "\n"
    assert get_user_model().objects.get().check_password(PASSWORD)


@pytest.mark.parametrize(
    ("email", "password", "refusal"),
    [
        ("chief@news.example", "", services.PASSWORD_NEEDED),
        ("chief@news.example", "short", "This password is too short. It must contain at least 8 characters."),
        ("not an address", PASSWORD, "'not an address' is not an email address."),
    ],
)
def test_a_refused_setup_says_why_and_creates_nothing(monkeypatch, email, password, refusal):
    monkeypatch.setenv(newsroom_admin.PASSWORD_VARIABLE, password)
    with pytest.raises(CommandError) as raised:
        run(email, "--no-input")
    assert str(raised.value).startswith(refusal)
    assert (get_user_model().objects.count(), EmailAddress.objects.count()) == (0, 0)

"""Sign-in security: rate limits on every account write, the failed-login lock-out, and staff two-factor sign-in.

Readers and staff share one door (allauth), so each rule is proved once through it and once for the admin.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
TOO_MANY_FAILED = "Too many failed login attempts. Try again later."
TOO_MANY_REQUESTS = b"Too many attempts"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache: start each test from zero and leave none behind."""
    cache.clear()
    yield
    cache.clear()


def make_account(email: str, *, staff: bool = False, verified: bool = True):
    User = get_user_model()
    if staff:
        user = User.objects.create_superuser(email.split("@")[0], email, PASSWORD)
    else:
        user = User.objects.create_user(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def sign_up(client, email: str, **headers):
    data = {"email": email, "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
    return client.post("/accounts/signup/", data, headers=headers)


def log_in(client, email: str, password: str = PASSWORD, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, headers=headers)


def current_code(user) -> str:
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def wrong_code(user) -> str:
    return "000000" if current_code(user) != "000000" else "111111"


# --- rate limits ------------------------------------------------------------------------------------------------


def test_the_eleventh_sign_up_from_one_address_in_an_hour_is_refused_and_creates_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            assert sign_up(client, f"reader{i}@example.org").status_code == 302
            client.logout()
    users = get_user_model().objects.count()
    assert len(mail.outbox) == 10
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "one.too.many@example.org")
    assert response.status_code == 429
    assert TOO_MANY_REQUESTS in response.content
    assert b"Wait a few minutes, then try again." in response.content
    assert get_user_model().objects.count() == users
    assert not EmailAddress.objects.filter(email="one.too.many@example.org").exists()
    assert len(mail.outbox) == 10


def test_sign_up_counts_the_address_the_trusted_proxy_saw_not_what_the_client_wrote(client, settings):
    settings.NEWSDESK_TRUSTED_PROXY_COUNT = 1
    for i in range(10):
        # A client can put anything at the left of X-Forwarded-For; our proxy appends the address it saw.
        assert sign_up(client, f"r{i}@example.org", x_forwarded_for=f"10.0.0.{i}, 203.0.113.7").status_code == 302
        client.logout()
    assert sign_up(client, "spoof@example.org", x_forwarded_for="10.9.9.9, 203.0.113.7").status_code == 429
    assert sign_up(client, "neighbour@example.org", x_forwarded_for="198.51.100.4").status_code == 302


def test_password_reset_is_limited_per_email_and_sends_nothing_past_the_limit(
    client, django_capture_on_commit_callbacks
):
    make_account("forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post("/accounts/password/reset/", {"email": "forgetful@example.org"}).status_code == 302
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 429
    assert TOO_MANY_REQUESTS in response.content
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_address_across_emails(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            make_account(f"f{i}@example.org")
            assert client.post("/accounts/password/reset/", {"email": f"f{i}@example.org"}).status_code == 302
        make_account("f10@example.org")
        response = client.post("/accounts/password/reset/", {"email": "f10@example.org"})
    assert response.status_code == 429
    assert len(mail.outbox) == 10
    assert "f10@example.org" not in {to for message in mail.outbox for to in message.to}


def test_the_thirty_first_login_post_in_a_minute_from_one_address_is_refused(client):
    make_account("reader@example.org")
    for i in range(30):
        assert log_in(client, f"nobody{i}@example.org").status_code == 200  # a wrong login: the form again
    response = log_in(client, "reader@example.org")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_unverified_reader_signing_in_again_gets_no_second_verification_email(
    client, django_capture_on_commit_callbacks
):
    make_account("unverified@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert log_in(client, "unverified@example.org")["Location"] == "/accounts/confirm-email/"
        assert log_in(client, "unverified@example.org")["Location"] == "/accounts/confirm-email/"
    assert [message.to for message in mail.outbox] == [["unverified@example.org"]]


# --- lock-out after failed logins ------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_but_not_other_accounts(client):
    make_account("target@example.org")
    make_account("bystander@example.org")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            response = log_in(client, "target@example.org", "wrong-password")
            assert "The email address and/or password you specified are not correct." in response.content.decode()
        response = log_in(client, "target@example.org")  # the right password, but locked
        assert response.status_code == 200
        assert TOO_MANY_FAILED in response.content.decode()
        assert "_auth_user_id" not in client.session

        assert log_in(client, "bystander@example.org").status_code == 302
        client.logout()

        clock.shift(timedelta(minutes=14))
        assert TOO_MANY_FAILED in log_in(client, "target@example.org").content.decode()
        clock.shift(timedelta(minutes=1, seconds=1))
        assert log_in(client, "target@example.org").status_code == 302


def test_the_admin_sends_staff_to_the_shared_sign_in_and_its_own_login_form_is_gone(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    for url in ("/admin/login/?next=/admin/", "/django-admin/login/?next=/django-admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    # A password posted to the old form does nothing: the redirect drops it, and no session is made.
    make_account("chief@example.org", staff=True)
    client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/password_reset/").status_code == 404


def test_failed_staff_logins_lock_the_admin_account_too(client):
    make_account("chief@example.org", staff=True)
    for _ in range(5):
        log_in(client, "chief@example.org", "guess")
    response = log_in(client, "chief@example.org")
    assert TOO_MANY_FAILED in response.content.decode()
    assert client.get("/admin/").status_code == 302


# --- two-factor authentication for staff -----------------------------------------------------------------------


# The codes change every 30 seconds: a moving clock could cross a step between making a code and sending it.
TOTP_STEP_START = datetime(2026, 11, 30, 9, 0, 10, tzinfo=UTC)


@time_machine.travel(TOTP_STEP_START, tick=False)
def test_staff_with_an_authenticator_must_give_a_valid_code_to_reach_the_admin(client):
    chief = make_account("chief@example.org", staff=True)
    TOTP.activate(chief, generate_totp_secret())

    response = client.post("/accounts/login/?next=/admin/", {"login": "chief@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone is not a sign-in
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/2fa/authenticate/", {"code": wrong_code(chief)})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(chief)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@time_machine.travel(TOTP_STEP_START, tick=False)
def test_wrong_codes_count_towards_the_lock_out(client):
    chief = make_account("chief@example.org", staff=True)
    TOTP.activate(chief, generate_totp_secret())
    log_in(client, "chief@example.org")
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": wrong_code(chief)})
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(chief)})
    assert TOO_MANY_FAILED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_when_required_staff_without_a_second_factor_are_sent_to_set_one_up(client, settings):
    settings.NEWSDESK_REQUIRE_STAFF_2FA = True
    chief = make_account("chief@example.org", staff=True)
    assert log_in(client, "chief@example.org").status_code == 302

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/django-admin/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before a security change.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/")
    assert "Set up two-factor authentication before you open the admin" in page.content.decode()

    # Enrol: the page keeps the secret in the session; the code from the app confirms it.
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert client.post("/accounts/2fa/totp/activate/", {"code": code}).status_code == 302
    assert Authenticator.objects.filter(user=chief, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_readers_are_never_asked_for_a_second_factor(client, settings):
    settings.NEWSDESK_REQUIRE_STAFF_2FA = True
    make_account("reader@example.org")
    assert log_in(client, "reader@example.org")["Location"] == "/"
    assert client.get("/account/").status_code == 200
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")  # no admin access: the usual refusal
    response = client.get("/admin/", follow=True)  # the sign-in form, to sign in as staff: not a redirect loop
    assert response.status_code == 200
    assert response.redirect_chain == [("/accounts/login/?next=/admin/", 302)]

"""Joining and leaving lists: double opt-in, consent, one-click unsubscribe (RFC 8058), the manage page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsdesk.newsletters import services, views
from newsdesk.newsletters.models import Audience, Consent, ConsentSource, Status, Subscription, Suppression
from newsdesk.newsletters.tokens import unsubscribe_token

from .factories import make_members, make_newsletter

pytestmark = pytest.mark.django_db


def _confirm_link(message) -> str:
    return re.search(r"https?://\S+/newsletters/confirm/\S+/", message.body).group(0)


def test_anonymous_signup_is_pending_until_the_emailed_link_is_posted_and_records_consent(
    django_capture_on_commit_callbacks,
):
    morning = make_newsletter()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletters:signup"), {"newsletter": "morning", "email": " Ada@Example.TEST ", "source": "article"}
        )
    assert response.status_code == 200
    assert views.CHECK_INBOX.format(email="ada@example.test", name="Morning briefing") in response.content.decode()
    member = Subscription.objects.get(newsletter=morning)
    assert (member.email, member.status) == ("ada@example.test", Status.PENDING)
    consent = Consent.objects.get(subscription=member)
    assert consent.source == ConsentSource.ARTICLE
    assert consent.text == services.consent_text(morning)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.test"]

    path = _confirm_link(mail.outbox[0]).split("testserver", 1)[-1].split("8000", 1)[-1]
    assert client.get(path).status_code == 200  # a link scanner's GET confirms nothing
    member.refresh_from_db()
    assert member.status == Status.PENDING
    assert client.post(path).status_code == 200
    member.refresh_from_db()
    assert member.status == Status.CONFIRMED and member.confirmed_at is not None


def test_signup_with_a_bad_address_says_so_and_writes_nothing():
    make_newsletter()
    response = Client().post(reverse("newsletters:signup"), {"newsletter": "morning", "email": "not-an-address"})
    assert response.status_code == 400
    assert services.BAD_EMAIL in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_signup_form_needs_no_csrf_token_and_a_signed_in_reader_still_confirms_by_email(
    django_user_model, django_capture_on_commit_callbacks
):
    make_newsletter()
    user = django_user_model.objects.create_user("ada", "ada@example.test", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletters:signup"), {"newsletter": "morning", "email": "ada@example.test"})
    assert response.status_code == 200
    # A forged post from another site could only cause this email, never a membership.
    assert Subscription.objects.get().status == Status.PENDING
    assert len(mail.outbox) == 1


def test_a_signed_in_reader_manages_every_list_on_one_page(django_user_model):
    morning = make_newsletter()
    breaking = make_newsletter("Breaking news", "breaking", cadence="breaking")
    members_only = make_newsletter("Inside the newsroom", "inside", audience=Audience.SIGNED_IN)
    user = django_user_model.objects.create_user("ada", "ada@example.test", "pw")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("newsletters:manage"))
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    client.post(reverse("newsletters:manage"), {"newsletter": [morning.pk, members_only.pk]})
    states = dict(Subscription.objects.values_list("newsletter__slug", "status"))
    assert states == {"morning": Status.CONFIRMED, "inside": Status.CONFIRMED}
    assert mail.outbox == []  # their own verified address: no confirmation email
    client.post(reverse("newsletters:manage"), {"newsletter": [breaking.pk]})
    states = dict(Subscription.objects.values_list("newsletter__slug", "status"))
    assert states == {"morning": Status.UNSUBSCRIBED, "inside": Status.UNSUBSCRIBED, "breaking": Status.CONFIRMED}


def test_anonymous_reader_cannot_join_a_list_for_signed_in_readers():
    make_newsletter(audience=Audience.SIGNED_IN)
    response = Client().post(reverse("newsletters:signup"), {"newsletter": "morning", "email": "ada@example.test"})
    assert response.status_code == 403
    assert services.SIGN_IN_FIRST in response.content.decode()
    assert not Subscription.objects.exists()


def test_one_click_post_unsubscribes_without_session_or_csrf_and_a_replay_changes_nothing():
    member = make_members(make_newsletter(), 1)[0]
    url = reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription_id=member.pk)])
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.status == Status.UNSUBSCRIBED
    first = (member.unsubscribed_at, member.generation)
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    member.refresh_from_db()
    assert (member.unsubscribed_at, member.generation) == first


def test_forged_or_altered_token_is_refused_and_changes_nothing():
    member = make_members(make_newsletter(), 1)[0]
    token = unsubscribe_token(subscription_id=member.pk)
    other_id = f"{member.pk + 1}.{token.split('.', 1)[1]}"
    for bad in (other_id, token[:-2] + "xx", "12345", "garbage"):
        response = Client().post(reverse("newsletters:unsubscribe", args=[bad]))
        assert response.status_code == 400, bad
        assert views.BAD_UNSUBSCRIBE_LINK in response.content.decode()
    member.refresh_from_db()
    assert member.status == Status.CONFIRMED


def test_visible_link_shows_one_button_and_unsubscribes_only_when_pressed():
    member = make_members(make_newsletter(), 1)[0]
    url = reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription_id=member.pk)])
    page = Client().get(url).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(url)}">(.*?)</form>', page, re.S).group(1)
    assert form == '<button type="submit">Unsubscribe</button>'
    member.refresh_from_db()
    assert member.status == Status.CONFIRMED


def test_confirmation_link_from_before_an_unsubscribe_cannot_resubscribe(django_capture_on_commit_callbacks):
    morning = make_newsletter()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.subscription_request(
            newsletter=morning, email="ada@example.test", source=ConsentSource.FOOTER
        )
    link = _confirm_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    services.subscription_confirm(token=token)
    services.subscription_unsubscribe(subscription_id=member.pk)
    with pytest.raises(services.NewsletterError):
        services.subscription_confirm(token=token)
    member.refresh_from_db()
    assert member.status == Status.UNSUBSCRIBED


def test_reconfirming_lifts_a_suppression(django_capture_on_commit_callbacks):
    morning = make_newsletter()
    services.suppression_record(email="ada@example.test", reason="bounced")
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(newsletter=morning, email="ada@example.test", source=ConsentSource.FOOTER)
    assert Suppression.objects.filter(email="ada@example.test").exists()  # asking alone is not confirming
    token = _confirm_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    services.subscription_confirm(token=token)
    assert not Suppression.objects.exists()


def test_footer_form_is_the_same_bytes_for_every_reader_and_carries_no_csrf_token(django_user_model):
    from newsdesk.news.tests.factories import make_home

    make_home().save_revision().publish()
    make_newsletter()
    user = django_user_model.objects.create_user("ada", "ada@example.test", "pw")
    anonymous = Client().get("/")
    signed_in = Client()
    signed_in.force_login(user)
    html = anonymous.content.decode()
    form = re.search(r'<form class="newsletter-signup".*?</form>', html, re.S).group(0)
    assert "csrfmiddlewaretoken" not in form and 'value="morning"' in form
    assert form in signed_in.get("/").content.decode()

"""Bounces and complaints through anymail's tracking webhook: verified, then the address is suppressed everywhere."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from django.test import Client, override_settings

from newsdesk.newsletters.checks import newsletter_service_check
from newsdesk.newsletters.models import Delivery, Suppression, SuppressionReason
from newsdesk.newsletters.render import message_id

from .factories import make_edition, make_members, make_newsletter

pytestmark = pytest.mark.django_db

SIGNING_KEY = "test-only-mailgun-signing-key"
BASIC = "hooks:test-only-webhook-password"
MAILGUN = override_settings(ANYMAIL={"WEBHOOK_SECRET": BASIC, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY})
URL = "/newsletters/anymail/mailgun/tracking/"


def _post(payload: dict, *, auth: str = BASIC, key: str = SIGNING_KEY):
    timestamp, token = "1767225600", "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    body = {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": payload}
    header = "Basic " + base64.b64encode(auth.encode()).decode()
    return Client().post(URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=header)


def _event(event: str, recipient: str, msgid: str, **extra) -> dict:
    return {
        "event": event,
        "recipient": recipient,
        "timestamp": 1767225600.0,
        "id": "evt-1",
        "message": {"headers": {"message-id": msgid}},
        **extra,
    }


@pytest.fixture
def sent_edition():
    newsletter = make_newsletter()
    other = make_newsletter("Breaking news", "breaking", cadence="breaking")
    people = make_members(newsletter, 2)
    make_members(other, 1, prefix="reader")  # reader0 is on both lists
    edition = make_edition(newsletter, [])
    Delivery.objects.bulk_create(Delivery(edition=edition, subscription=p, email=p.email) for p in people)
    return edition, people


@MAILGUN
def test_verified_hard_bounce_suppresses_the_address_on_every_list_and_counts_on_the_edition(sent_edition):
    edition, people = sent_edition
    row = Delivery.objects.get(email=people[0].email)
    msgid = message_id(edition_id=edition.pk, delivery_id=row.pk).strip("<>")
    response = _post(_event("failed", people[0].email.upper(), msgid, severity="permanent"))
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == (people[0].email, SuppressionReason.BOUNCED)
    assert list(Delivery.objects.filter(bounced=True).values_list("pk", flat=True)) == [row.pk]
    # A repeat of the same event changes nothing.
    assert _post(_event("failed", people[0].email, msgid, severity="permanent")).status_code == 200
    assert Suppression.objects.count() == 1


@MAILGUN
def test_complaint_suppresses_and_soft_bounce_does_not(sent_edition):
    edition, people = sent_edition
    _post(_event("failed", people[1].email, "x@y", severity="temporary"))
    assert not Suppression.objects.exists()
    _post(_event("complained", people[1].email, "x@y"))
    assert Suppression.objects.get().reason == SuppressionReason.COMPLAINED
    assert Delivery.objects.get(email=people[1].email).complained


@MAILGUN
def test_forged_signature_or_missing_secret_is_refused_and_changes_nothing(sent_edition):
    _, people = sent_edition
    event = _event("complained", people[0].email, "x@y")
    assert _post(event, key="not-the-key").status_code == 400
    assert _post(event, auth="hooks:guess").status_code == 400
    assert not Suppression.objects.exists() and not Delivery.objects.filter(complained=True).exists()


@override_settings(ANYMAIL={"WEBHOOK_SECRET": ""})
@pytest.mark.parametrize("service", ["brevo", "sendgrid", "postmark", "mailgun", "amazon_ses"])
def test_with_no_shared_secret_every_service_webhook_is_refused_and_changes_nothing(sent_edition, service):
    _, people = sent_edition
    # A call anymail itself would take unauthenticated (with a warning) for some services.
    body = [{"event": "spam", "email": people[0].email, "message-id": "x@y", "ts_event": 1767225600}]
    response = Client().post(
        f"/newsletters/anymail/{service}/tracking/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Suppression.objects.exists()


@MAILGUN
@pytest.mark.parametrize("body", ["[]", '"text"', "{}", "not json"])
def test_a_body_the_service_never_sends_is_a_bad_request_not_a_server_error(sent_edition, body):
    header = "Basic " + base64.b64encode(BASIC.encode()).decode()
    for service in ("brevo", "postmark", "mailgun"):
        url = f"/newsletters/anymail/{service}/tracking/"
        response = Client().post(url, body, content_type="application/json", HTTP_AUTHORIZATION=header)
        assert response.status_code < 500, (service, body, response.status_code)  # 400, or 200 for nothing to do
    assert not Suppression.objects.exists()


def test_deploy_check_names_what_an_email_service_is_missing():
    with override_settings(NEWSLETTERS_EMAIL_BACKEND="anymail.backends.postmark.EmailBackend", ANYMAIL={}):
        [error] = newsletter_service_check(None)
    assert error.id == "newsletters.E001"
    assert "ANYMAIL_WEBHOOK_SECRET, POSTMARK_SERVER_TOKEN are not set" in error.msg
    complete = {"WEBHOOK_SECRET": BASIC, "POSTMARK_SERVER_TOKEN": "test-only-token"}
    with override_settings(NEWSLETTERS_EMAIL_BACKEND="anymail.backends.postmark.EmailBackend", ANYMAIL=complete):
        assert newsletter_service_check(None) == []
    with override_settings(NEWSLETTERS_EMAIL_BACKEND="newsdesk.newsletters.smtp.HandoverEmailBackend", ANYMAIL={}):
        assert newsletter_service_check(None) == []  # plain SMTP: no webhook, nothing to name

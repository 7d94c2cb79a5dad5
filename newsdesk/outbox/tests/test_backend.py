"""Every email goes through the outbox: recorded first, tried at once, kept for the retry job if that fails."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.test import override_settings
from django.utils import timezone

from newsdesk.outbox import services, transport
from newsdesk.outbox.content import content_of, message_from
from newsdesk.outbox.models import OutboxMessage, State
from newsdesk.outbox.tasks import deliver_due_messages

from .smtp import SilentSmtp, SmtpSink, free_port

pytestmark = pytest.mark.django_db
SMTP = "django.core.mail.backends.smtp.EmailBackend"
REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


def test_a_sent_email_is_recorded_delivered_once_and_marked_sent_under_its_message_id():
    assert send_mail("Welcome", "Hello there.", "desk@example.org", ["ayanda@example.org"]) == 1
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts, row.subject, row.recipients, row.from_email, row.last_error) == (
        State.SENT,
        1,
        "Welcome",
        "ayanda@example.org",
        "desk@example.org",
        "",
    )
    assert row.sent_at is not None and row.claimed_at is None and row.next_attempt_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].message()["Message-ID"] == row.message_id
    assert mail.outbox[0].body == "Hello there."


def test_a_message_without_recipients_is_neither_recorded_nor_counted():
    assert EmailMultiAlternatives("Nobody", "Body", "desk@example.org", []).send() == 0
    assert OutboxMessage.objects.count() == 0


def test_the_stored_content_rebuilds_the_same_message():
    message = EmailMultiAlternatives(
        subject="Your receipt",
        body="Plain text",
        from_email="Newsdesk <desk@example.org>",
        to=["lerato@example.org"],
        cc=["copy@example.org"],
        bcc=["audit@example.org"],
        reply_to=["help@example.org"],
        headers={"List-Unsubscribe": "<https://news.example/u/abc/>"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("receipt.txt", "R 99,00", "text/plain")
    message.attach("logo.png", b"\x89PNG\x00\xff", "image/png")
    rebuilt = message_from(
        content=content_of(message), subject="Your receipt", from_email=message.from_email, message_id="<id@x>"
    )
    assert (rebuilt.to, rebuilt.cc, rebuilt.bcc, rebuilt.reply_to) == (
        ["lerato@example.org"],
        ["copy@example.org"],
        ["audit@example.org"],
        ["help@example.org"],
    )
    assert (rebuilt.subject, rebuilt.body, rebuilt.from_email) == ("Your receipt", "Plain text", message.from_email)
    assert [tuple(alternative) for alternative in rebuilt.alternatives] == [("<p>HTML</p>", "text/html")]
    assert [tuple(attachment) for attachment in rebuilt.attachments] == [
        ("receipt.txt", "R 99,00", "text/plain"),
        ("logo.png", b"\x89PNG\x00\xff", "image/png"),
    ]
    assert rebuilt.extra_headers == {"List-Unsubscribe": "<https://news.example/u/abc/>", "Message-ID": "<id@x>"}


SILENCE = "SMTPServerDisconnected: Connection unexpectedly closed: timed out"


@override_settings(OUTBOX_DELIVERY_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_TIMEOUT=0.5)
def test_a_mail_server_that_never_answers_costs_one_timeout_and_the_email_stays_queued(settings):
    with SilentSmtp() as silent:
        settings.EMAIL_PORT = silent.port
        started = time.monotonic()
        assert send_mail("Your free trial has started", "Body", "desk@example.org", ["one@example.org"]) == 1
        first_took = time.monotonic() - started
        first = OutboxMessage.objects.get()
        assert (first.state, first.attempts, first.last_error) == (State.QUEUED, 1, SILENCE)
        # The worker carries on, and its next email is not tried against the same silent server: no second wait.
        assert send_mail("Receipt", "Body", "desk@example.org", ["two@example.org"]) == 1
        second = OutboxMessage.objects.exclude(pk=first.pk).get()
        assert (second.state, second.attempts, second.last_error) == (State.QUEUED, 0, services.NOT_TRIED)
        # The retry job tries one message, meets the silence once and stops: the other waits for its next run.
        with time_machine.travel(first.next_attempt_at, tick=False):
            transport.resume()
            started = time.monotonic()
            assert deliver_due_messages.call() == {"sent": 0, "not sent": 1}
            run_took = time.monotonic() - started
    assert 0.4 < first_took < 5 and run_took < 5
    assert sorted(OutboxMessage.objects.values_list("state", "attempts", "last_error")) == [
        (State.QUEUED, 1, SILENCE),
        (State.QUEUED, 1, SILENCE),
    ]
    assert mail.outbox == []


@override_settings(OUTBOX_DELIVERY_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_TIMEOUT=2)
def test_while_the_mail_server_is_down_emails_wait_and_go_out_once_when_it_returns(settings):
    settings.EMAIL_PORT = free_port()
    with time_machine.travel(timezone.now(), tick=False):
        assert send_mail("Confirm your email", "Body", "desk@example.org", ["new@example.org"]) == 1
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts, row.last_error) == (State.QUEUED, 1, REFUSED)
    assert row.next_attempt_at == row.created_at + timedelta(minutes=1)
    assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}  # not due yet
    with SmtpSink(settings.EMAIL_PORT) as sink, time_machine.travel(row.next_attempt_at, tick=False):
        assert deliver_due_messages.call() == {"sent": 1, "not sent": 0}
        assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    assert [(m["Subject"], m["To"], m["Message-ID"]) for m in sink.received] == [
        ("Confirm your email", "new@example.org", row.message_id)
    ]
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 2, "")


def test_email_from_the_default_address_goes_out_under_the_newsrooms_name(settings):
    from wagtail.models import Site

    from newsdesk.core.models import NewsroomSettings
    from newsdesk.news.tests.factories import make_home

    make_home()
    config = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    config.publication_name = "The Karoo Courier"
    config.save()
    settings.DEFAULT_FROM_EMAIL = "news@karoocourier.co.za"

    send_mail("Your receipt", "Thank you.", None, ["ayanda@example.org"])  # None: the default address
    send_mail("Case update", "Hello.", "editor@karoocourier.co.za", ["sipho@example.org"])  # chosen by its sender

    assert [m.from_email for m in mail.outbox] == [
        "The Karoo Courier <news@karoocourier.co.za>",
        "editor@karoocourier.co.za",
    ]
    assert list(OutboxMessage.objects.order_by("pk").values_list("from_email", flat=True)) == [
        "The Karoo Courier <news@karoocourier.co.za>",
        "editor@karoocourier.co.za",
    ]

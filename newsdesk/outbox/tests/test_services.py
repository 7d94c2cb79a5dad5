"""The outbox's retries, give-ups, claims, resends and retention, on a moved clock."""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from newsdesk.outbox import delivery, services, transport
from newsdesk.outbox.lock_objects import CLAIM_TIMEOUT, claim_due_message
from newsdesk.outbox.models import OutboxMessage, State
from newsdesk.outbox.tasks import deliver_due_messages, deliver_message, prune_messages

from . import backends

pytestmark = pytest.mark.django_db
RESET_LINK = "https://news.example/accounts/password/reset/key/7-abc123-secret/"
REFUSED = "ConnectionRefusedError: mail server down"


@pytest.fixture(autouse=True)
def _failing_on_cue(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "newsdesk.outbox.tests.backends.FailingOnCue"
    backends.failures.clear()
    yield
    backends.failures.clear()


def reset_email(to: str = "naledi@example.org") -> EmailMessage:
    return EmailMessage("Password reset", f"Choose a new password: {RESET_LINK}", "desk@example.org", [to])


def server_down(times: int = 1) -> None:
    backends.failures.extend(ConnectionRefusedError("mail server down") for _ in range(times))


def test_each_failed_try_waits_longer_and_after_the_last_the_message_is_failed_and_logged(caplog):
    server_down(delivery.MAX_ATTEMPTS)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        reset_email().send()
        row = OutboxMessage.objects.get()
        waits = [row.next_attempt_at - timezone.now()]
        for _ in range(delivery.MAX_ATTEMPTS - 1):
            clock.move_to(row.next_attempt_at)
            assert deliver_due_messages.call() == {"sent": 0, "not sent": 1}
            row.refresh_from_db()
            if row.next_attempt_at:
                waits.append(row.next_attempt_at - timezone.now())
        assert [wait // timedelta(minutes=1) for wait in waits] == [1, 5, 15, 60, 180, 360, 720]
        assert (row.state, row.attempts, row.next_attempt_at, row.last_error) == (State.FAILED, 8, None, REFUSED)
        clock.move_to(timezone.now() + timedelta(days=2))
        assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    assert f"outbox: gave up on message {row.pk} after 8 attempt(s): {REFUSED}" in caplog.text
    assert mail.outbox == []


def test_a_mailbox_that_does_not_exist_fails_its_message_at_once_and_the_run_goes_on():
    services.message_queue(message=reset_email("gone@example.org"))
    services.message_queue(message=reset_email("naledi@example.org"))
    backends.failures.append(SMTPRecipientsRefused({"gone@example.org": (550, b"5.1.1 no such user")}))
    assert deliver_due_messages.call() == {"sent": 1, "not sent": 1}
    assert list(OutboxMessage.objects.order_by("pk").values_list("recipients", "state", "attempts")) == [
        ("gone@example.org", State.FAILED, 1),
        ("naledi@example.org", State.SENT, 1),
    ]
    assert [message.to for message in mail.outbox] == [["naledi@example.org"]]


def test_a_run_stops_at_the_first_server_failure_and_leaves_the_rest_untried():
    for address in ("one@example.org", "two@example.org", "three@example.org"):
        services.message_queue(message=reset_email(address))
    server_down()
    assert deliver_due_messages.call() == {"sent": 0, "not sent": 1}
    assert list(OutboxMessage.objects.order_by("pk").values_list("state", "attempts")) == [
        (State.QUEUED, 1),
        (State.QUEUED, 0),
        (State.QUEUED, 0),
    ]
    assert deliver_due_messages.call() == {"sent": 2, "not sent": 0}


def test_a_queued_email_is_delivered_by_its_task_after_commit_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = services.message_queue(message=reset_email())
    assert mail.outbox == []  # the caller never waits on the mail server
    for callback in callbacks:
        callback()
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [row.message_id]
    assert deliver_message.call(row.pk) == delivery.NOT_DUE
    assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_vanished_worker_is_taken_over_after_the_claim_timeout():
    row = services.message_queue(message=reset_email())
    vanished = claim_due_message(now=timezone.now())  # a worker claimed it and died, perhaps mid-send
    assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    with time_machine.travel(timezone.now() + CLAIM_TIMEOUT + timedelta(seconds=1), tick=False):
        assert deliver_due_messages.call() == {"sent": 1, "not sent": 0}
    # The vanished worker coming back late cannot overwrite the outcome of the claim that replaced its own.
    delivery._record_failure(vanished, ConnectionRefusedError("late"), permanent=False)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_resending_a_failed_message_tries_it_again_from_scratch(django_capture_on_commit_callbacks):
    staff = get_user_model().objects.create_user("desk", "desk@example.org")
    server_down(delivery.MAX_ATTEMPTS)
    reset_email().send()
    row = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=row.pk).update(state=State.FAILED, attempts=delivery.MAX_ATTEMPTS)
    backends.failures.clear()
    transport.resume()  # the mail server is back
    with django_capture_on_commit_callbacks(execute=True):
        services.message_resend(message_id=row.pk, by=staff)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.resent_by, OutboxMessage.objects.count()) == (State.SENT, 1, staff, 1)
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [row.message_id]


def test_resending_a_sent_message_sends_a_copy_under_a_new_message_id(django_capture_on_commit_callbacks):
    reset_email().send()
    original = OutboxMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        copy = services.message_resend(message_id=original.pk, by=None)
    copy.refresh_from_db()
    assert (copy.state, copy.resend_of, copy.subject, copy.recipients) == (
        State.SENT,
        original,
        "Password reset",
        "naledi@example.org",
    )
    assert copy.message_id != original.message_id
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [original.message_id, copy.message_id]
    assert RESET_LINK in mail.outbox[1].body


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"state": State.SENDING, "claimed_at": timezone.now()}, services.RESEND_SENDING),
        ({"content": {}, "content_purged_at": timezone.now()}, services.RESEND_PURGED),
    ],
)
def test_a_message_being_sent_or_whose_content_is_gone_cannot_be_resent(change, refusal):
    reset_email().send()
    OutboxMessage.objects.update(**change)
    before = list(OutboxMessage.objects.values())
    with pytest.raises(services.ResendRefused, match=refusal):
        services.message_resend(message_id=OutboxMessage.objects.get().pk, by=None)
    assert list(OutboxMessage.objects.values()) == before
    assert len(mail.outbox) == 1


def test_content_is_emptied_a_week_after_sending_and_rows_go_after_ninety_days():
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=91), tick=False):
        reset_email("ancient@example.org").send()
    with time_machine.travel(now - timedelta(days=8), tick=False):
        reset_email("old@example.org").send()
        services.message_queue(message=reset_email("old-queued@example.org"))
        server_down(1)
        reset_email("old-failed@example.org").send()
    OutboxMessage.objects.filter(recipients="old-failed@example.org").update(state=State.FAILED)
    transport.resume()
    reset_email("recent@example.org").send()
    with time_machine.travel(now, tick=False):
        assert prune_messages.call() == {"purged": 3, "deleted": 1}
        assert prune_messages.call() == {"purged": 0, "deleted": 0}
    kept = {row.recipients: row for row in OutboxMessage.objects.all()}
    assert sorted(kept) == ["old-failed@example.org", "old-queued@example.org", "old@example.org", "recent@example.org"]
    for address in ("old@example.org", "old-failed@example.org"):
        assert (kept[address].content, kept[address].content_purged_at) == ({}, now)
    for address in ("old-queued@example.org", "recent@example.org"):
        assert RESET_LINK in kept[address].content["body"] and kept[address].content_purged_at is None

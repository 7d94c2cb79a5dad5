"""Account emails survive a mail server outage: they wait in the outbox and arrive once when it is back."""

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.outbox.delivery import RETRY_DELAYS
from newsdesk.outbox.models import OutboxMessage, State
from newsdesk.outbox.tasks import deliver_due_messages
from newsdesk.outbox.tests.smtp import SmtpSink, free_port

pytestmark = pytest.mark.django_db
REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"
PASSWORD = "a-long-pass-phrase-9"


def make_account(email: str):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def text_of(message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def test_sign_up_and_password_reset_emails_wait_out_an_outage_and_arrive_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    make_account("forgetful@example.org")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            signed_up = client.post(
                "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
            )
            client.logout()
            reset = client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
        assert (signed_up.status_code, reset.status_code) == (302, 302)
        waiting = list(
            OutboxMessage.objects.order_by("pk").values_list("recipients", "state", "attempts", "last_error")
        )
        assert waiting == [
            ("new@example.org", State.QUEUED, 1, REFUSED),
            # Not tried: the worker had just found the server down, so it left this one to the retry job.
            ("forgetful@example.org", State.QUEUED, 0, ""),
        ]
        with SmtpSink(settings.EMAIL_PORT) as sink:
            clock.move_to(timezone.now() + RETRY_DELAYS[0])
            assert deliver_due_messages.call() == {"sent": 2, "not sent": 0}
            assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    received = {message["To"]: message for message in sink.received}
    assert sorted(received) == ["forgetful@example.org", "new@example.org"]
    assert "/accounts/confirm-email/" in text_of(received["new@example.org"])
    assert "/accounts/password/reset/key/" in text_of(received["forgetful@example.org"])
    assert OutboxMessage.objects.filter(state=State.SENT).count() == 2


def test_the_task_queue_gets_the_outbox_id_never_the_rendered_email(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    make_account("forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/password/reset/", {"email": "forgetful@example.org"}).status_code == 302
    row = OutboxMessage.objects.get()
    job = DBTaskResult.objects.get()
    assert (job.task_path, job.args_kwargs) == (
        "newsdesk.outbox.tasks.deliver_message",
        {"args": [row.pk], "kwargs": {}},
    )
    assert "/accounts/password/reset/key/" in row.content["body"]  # the link lives in the outbox only
    assert mail.outbox == []  # the worker, not the request, sends it

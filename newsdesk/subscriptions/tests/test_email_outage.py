"""The "your trial has started" email survives a mail server outage: it waits in the outbox and arrives once."""

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from newsdesk.outbox.delivery import RETRY_DELAYS
from newsdesk.outbox.models import OutboxMessage, State
from newsdesk.outbox.tasks import deliver_due_messages
from newsdesk.outbox.tests.smtp import SmtpSink, free_port
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import NoticeSent
from newsdesk.subscriptions.services.subscriptions import subscription_start
from newsdesk.subscriptions.tasks import send_subscription_email

from .factories import make_card, make_reader, premium

pytestmark = pytest.mark.django_db
REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


def test_the_trial_started_email_waits_out_an_outage_and_arrives_once(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    reader = make_reader("trial@example.org")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with TestCase.captureOnCommitCallbacks(execute=True):
            subscription = subscription_start(user=reader, plan=premium(), card=make_card(), gateway=TestGateway())
        waiting = OutboxMessage.objects.get()
        assert (waiting.subject, waiting.recipients, waiting.state, waiting.attempts, waiting.last_error) == (
            "Your free trial has started",
            "trial@example.org",
            State.QUEUED,
            1,
            REFUSED,
        )
        # The notice is recorded once, as handed to the outbox: running the job again writes no second email.
        assert NoticeSent.objects.filter(subscription=subscription, kind="trial_started").count() == 1
        assert send_subscription_email.call(subscription.pk, "trial_started", "start") is False
        with SmtpSink(settings.EMAIL_PORT) as sink:
            clock.move_to(timezone.now() + RETRY_DELAYS[0])
            assert deliver_due_messages.call() == {"sent": 1, "not sent": 0}
            assert deliver_due_messages.call() == {"sent": 0, "not sent": 0}
    assert [(message["To"], message["Subject"]) for message in sink.received] == [
        ("trial@example.org", "Your free trial has started")
    ]
    assert OutboxMessage.objects.get().state == State.SENT

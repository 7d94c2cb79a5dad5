"""Two delivery runs at the same moment (two workers, or a run that overlaps the next) send each message once."""

import threading

import pytest
from django.core.mail import EmailMessage
from django.db import connection, connections
from django.utils import timezone

from newsdesk.outbox import delivery
from newsdesk.outbox.content import content_of
from newsdesk.outbox.models import OutboxMessage, State

from . import backends

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MESSAGES = 40


def test_concurrent_delivery_runs_send_every_due_message_exactly_once(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "newsdesk.outbox.tests.backends.SlowCounting"
    backends.taken.clear()
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            message_id=f"<race-{number}@news.example>",
            from_email="desk@example.org",
            recipients=f"reader{number}@example.org",
            subject="Your receipt",
            content=content_of(EmailMessage("Your receipt", "Thanks", "desk@example.org", [f"r{number}@example.org"])),
            next_attempt_at=now,
        )
        for number in range(MESSAGES)
    )
    reports, errors = [], []
    # The in-memory SQLite test database raises "table is locked" instead of waiting: there the runs take turns.
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(2 if concurrent else 1)

    def run():
        try:
            barrier.wait(timeout=10)
            reports.append(delivery.messages_deliver_due())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
        if not concurrent:
            thread.join()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(backends.taken) == sorted(f"<race-{number}@news.example>" for number in range(MESSAGES))
    assert sum(report["sent"] for report in reports) == MESSAGES
    assert OutboxMessage.objects.filter(state=State.SENT, attempts=1).count() == MESSAGES
    if concurrent:
        assert all(report["sent"] > 0 for report in reports)  # the runs did overlap, and shared the work

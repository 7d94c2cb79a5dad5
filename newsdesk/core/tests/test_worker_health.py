"""A task worker that is stopped or stuck shows: `manage.py worker_health` exits 1 once its heartbeat is old."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from newsdesk.core import health, periodic
from newsdesk.core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db(transaction=True)

HEARTBEAT_AT = datetime(2031, 5, 6, 8, 0, tzinfo=UTC)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _health(*args: str) -> str:
    out = StringIO()
    call_command("worker_health", *args, stdout=out)
    return out.getvalue()


def _worker_runs_the_heartbeat() -> None:
    with override_settings(TASKS=DATABASE_QUEUE):
        worker_heartbeat.enqueue()
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)


def test_the_scheduler_enqueues_the_heartbeat_every_minute():
    assert periodic.configured_intervals()["newsdesk.core.tasks.worker_heartbeat"] == 60


def test_no_heartbeat_ever_is_a_failure_with_the_reason():
    with time_machine.travel(HEARTBEAT_AT, tick=False), pytest.raises(CommandError) as failure:
        _health()
    assert str(failure.value) == health.WORKER_NEVER_SEEN
    assert failure.value.returncode == 1


def test_heartbeat_run_by_a_worker_is_healthy_until_it_is_older_than_the_limit():
    with time_machine.travel(HEARTBEAT_AT, tick=False):
        _worker_runs_the_heartbeat()
    assert DBTaskResult.objects.successful().get().finished_at == HEARTBEAT_AT
    with time_machine.travel(HEARTBEAT_AT + timedelta(seconds=300), tick=False):
        assert _health() == "task worker ok: last heartbeat 300 seconds ago\n"
    with time_machine.travel(HEARTBEAT_AT + timedelta(seconds=301), tick=False), pytest.raises(CommandError) as stale:
        _health()
    assert str(stale.value) == (
        "task worker heartbeat is 301 seconds old (limit 300): the scheduler or every worker is stopped or stuck"
    )
    with time_machine.travel(HEARTBEAT_AT + timedelta(seconds=301), tick=False):
        assert _health("--max-age", "600") == "task worker ok: last heartbeat 301 seconds ago\n"


def test_a_heartbeat_left_waiting_in_the_queue_does_not_count():
    with time_machine.travel(HEARTBEAT_AT, tick=False), override_settings(TASKS=DATABASE_QUEUE):
        worker_heartbeat.enqueue()  # enqueued by the scheduler, but no worker takes it
    with time_machine.travel(HEARTBEAT_AT + timedelta(seconds=10), tick=False), pytest.raises(CommandError) as failure:
        _health()
    assert str(failure.value) == health.WORKER_NEVER_SEEN
    assert DBTaskResult.objects.ready().count() == 1


def test_a_limit_shorter_than_the_heartbeat_interval_is_refused():
    with pytest.raises(CommandError, match="^--max-age must be at least 60 seconds"):
        _health("--max-age", "59")

"""The task queue forgets finished jobs after a week, so their arguments and results do not pile up."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.core import periodic
from newsdesk.core.tasks import TASK_RESULT_RETENTION, prune_task_results

pytestmark = pytest.mark.django_db


def job(name: str, *, status: str, finished_days_ago: float | None) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=f"newsdesk.example.{name}",
        args_kwargs={"args": [1], "kwargs": {}},
        status=status,
        backend_name="default",
        run_after=now,
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
        exception_class_path="",
        traceback="",
    )


def test_finished_and_failed_jobs_older_than_a_week_are_deleted_and_the_rest_kept():
    with time_machine.travel(timezone.now(), tick=False):
        job("old_success", status="SUCCESSFUL", finished_days_ago=7.01)
        job("old_failure", status="FAILED", finished_days_ago=30)
        job("recent_success", status="SUCCESSFUL", finished_days_ago=6.99)
        job("waiting", status="READY", finished_days_ago=None)
        job("running", status="RUNNING", finished_days_ago=None)
        assert TASK_RESULT_RETENTION == timedelta(days=7)
        assert prune_task_results.call() == 2
        assert prune_task_results.call() == 0
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "newsdesk.example.recent_success",
        "newsdesk.example.running",
        "newsdesk.example.waiting",
    ]


def test_the_scheduler_prunes_task_results_every_hour():
    assert periodic.configured_intervals()["newsdesk.core.tasks.prune_task_results"] == 3600

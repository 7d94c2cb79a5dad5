"""Background jobs of the site's plumbing."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

# Long enough to look into last week's failed job; short enough that the queue table stays small.
TASK_RESULT_RETENTION = timedelta(days=7)


@task()
def prune_task_results() -> int:
    """Delete the task queue's rows of jobs that finished (or failed) more than TASK_RESULT_RETENTION ago."""
    cutoff = timezone.now() - TASK_RESULT_RETENTION
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


@task()
def worker_heartbeat() -> None:
    """Do nothing: its finished row in the task queue shows the scheduler and a worker are both alive."""

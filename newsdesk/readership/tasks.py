"""Background jobs for readership."""

from django.utils import timezone
from django_tasks import task

from .rollup import roll_up


@task()
def readership_rollup() -> int:
    """Add the counted views to the hourly rows; safe to run twice (each batch or id range is added once)."""
    return roll_up(now=timezone.now())

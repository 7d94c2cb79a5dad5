"""The periodic-job scheduler: enqueue each configured task into the task queue when its interval is due."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    path: str
    interval: float
    next_run: float = 0.0


def configured_intervals() -> dict[str, int]:
    """Return every periodic job: those the apps declare, then NEWSDESK_PERIODIC_TASKS on top."""
    intervals: dict[str, int] = {}
    for config in apps.get_app_configs():
        intervals.update(getattr(config, "periodic_tasks", {}))
    intervals.update(settings.NEWSDESK_PERIODIC_TASKS)
    return intervals


def configured_jobs() -> list[PeriodicJob]:
    """Return the configured periodic jobs, all due at once."""
    return [PeriodicJob(path=path, interval=float(seconds)) for path, seconds in configured_intervals().items()]


def enqueue_due(jobs: list[PeriodicJob], *, now: float) -> list[str]:
    """Enqueue every job whose time has come; return the paths enqueued."""
    enqueued = []
    for job in jobs:
        if now < job.next_run:
            continue
        try:
            import_string(job.path).enqueue()
        except Exception:  # a broken job or a database hiccup must not stop the other jobs
            logger.exception("periodic job %s could not be enqueued; will try again", job.path)
            job.next_run = now + min(job.interval, 30)
            continue
        job.next_run = now + job.interval
        enqueued.append(job.path)
    return enqueued


def run_forever(*, tick: float = 1.0, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Enqueue periodic jobs until told to stop."""
    jobs = configured_jobs()
    logger.info("scheduler started with %d jobs", len(jobs))
    while not should_stop():
        for path in enqueue_due(jobs, now=time.monotonic()):
            logger.debug("enqueued %s", path)
        time.sleep(tick)

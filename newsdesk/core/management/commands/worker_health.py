from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsdesk.core.health import WORKER_ALIVE, last_worker_heartbeat, worker_fault

DEFAULT_MAX_AGE = 300  # five missed minutes: longer than any one periodic job should keep a lone worker busy


class Command(BaseCommand):
    help = (
        "Exit 0 when a task worker ran the scheduler's heartbeat job within --max-age seconds; otherwise print why "
        "and exit 1 (for a systemd timer or a monitoring agent). Run it on any machine that reaches the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=DEFAULT_MAX_AGE, help="seconds (default: %(default)s)")

    def handle(self, *args, max_age: int, **options):
        if max_age < 60:
            raise CommandError("--max-age must be at least 60 seconds: the heartbeat is enqueued once a minute.")
        now = timezone.now()
        fault = worker_fault(now=now, max_age=timedelta(seconds=max_age))
        if fault is not None:
            raise CommandError(fault, returncode=1)
        age = int((now - last_worker_heartbeat()).total_seconds())
        self.stdout.write(WORKER_ALIVE.format(age=age))

import signal

from django.core.management.base import BaseCommand

from newsdesk.core.periodic import run_forever


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (NEWSDESK_PERIODIC_TASKS) into the task queue. Run exactly one per site."

    def handle(self, *args, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        run_forever(should_stop=lambda: stopping)

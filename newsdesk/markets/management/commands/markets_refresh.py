from django.core.management.base import BaseCommand
from django.utils import timezone

from newsdesk.markets.refresh import refresh_due


class Command(BaseCommand):
    help = "Poll the market-data providers that are due (all of them with --force) and store their new quotes."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Poll every provider now, due or not.")

    def handle(self, *args, force=False, **options):
        for slug, stored in refresh_due(now=timezone.now(), force=force).items():
            outcome = "failed (see the log)" if stored < 0 else f"{stored} quotes stored"
            self.stdout.write(f"{slug}: {outcome}")

import sys
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsdesk.markets.providers import TerminalProviderError
from newsdesk.markets.providers.csvfile import read_rows
from newsdesk.markets.services import quotes_backfill

CHUNK = 2000


class Command(BaseCommand):
    help = (
        "Back-fill quote history from a CSV file with columns as_of,value (and instrument, unless --instrument "
        "is given). Dates without a time are 17:00 SAST closes. All or nothing: a bad line stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--instrument", help="The instrument code every row belongs to, e.g. BRENT.")
        parser.add_argument("--source", default="csv", help="What to record as the quotes' source.")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
        sys.stderr.flush()

    def handle(self, *args, path, instrument=None, source="csv", **options):
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                total = max(sum(1 for _ in handle) - 1, 0)
            stored = 0
            with open(path, encoding="utf-8", newline="") as handle, transaction.atomic():
                rows = read_rows(handle, instrument=instrument)
                while chunk := [quote for _, quote in islice(rows, CHUNK)]:
                    stored += quotes_backfill(quotes=chunk, source=source)
                    self._progress(stored, total)
        except (OSError, UnicodeDecodeError, TerminalProviderError, ValueError) as exc:
            sys.stderr.write("\n")
            raise CommandError(f"{path}: {exc} Nothing was imported.") from None
        sys.stderr.write("\n")
        self.stdout.write(f"Imported {stored} quotes from {path}.")

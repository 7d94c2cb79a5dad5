from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.markets.models import Provider
from newsdesk.markets.providers import ProviderError, ecb
from newsdesk.markets.services import quotes_store


class Command(BaseCommand):
    help = "Download the ECB's reference rates (daily, or the last 90 days) and store the Rand crosses."

    def add_arguments(self, parser):
        parser.add_argument("--90d", dest="ninety", action="store_true", help="Fetch the 90-day history file.")
        parser.add_argument("--file", help="Read a saved ECB XML file instead of downloading.")
        parser.add_argument("--provider", default="ecb", help="Slug of the ECB provider (default: ecb).")

    def handle(self, *args, ninety=False, file=None, provider="ecb", **options):
        source = Provider.objects.filter(slug=provider, kind=Provider.Kind.ECB).first()
        if source is None:
            raise CommandError(f"No ECB provider with slug {provider!r}; create it in the admin under Markets.")
        try:
            if file:
                with open(file, "rb") as handle:
                    data = handle.read(ecb.MAX_BYTES + 1)
            else:
                url = settings.MARKETS_ECB_90D_URL if ninety else settings.MARKETS_ECB_DAILY_URL
                data = ecb.download(url, timeout=settings.MARKETS_FETCH_TIMEOUT)
            quotes = ecb.quotes_from(data)
        except (ProviderError, OSError) as exc:
            raise CommandError(str(exc)) from None
        stored = quotes_store(provider=source, quotes=quotes)
        self.stdout.write(f"Stored {stored} ECB Rand cross rates.")

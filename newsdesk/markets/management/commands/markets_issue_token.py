from django.core.management.base import BaseCommand, CommandError

from newsdesk.markets.models import Provider
from newsdesk.markets.services import provider_token_issue


class Command(BaseCommand):
    help = "Issue a new push-API token for a provider (the old one stops working). The token is shown once."

    def add_arguments(self, parser):
        parser.add_argument("provider", help="The provider's slug.")

    def handle(self, *args, provider, **options):
        found = Provider.objects.filter(slug=provider).first()
        if found is None:
            raise CommandError(f"No provider with slug {provider!r}.")
        self.stdout.write(provider_token_issue(provider=found))

from django.core.management.base import BaseCommand

from newsdesk.demo import loader


class Command(BaseCommand):
    help = "Load the demo newsroom (articles, users, and each app's demo data). Safe to run again."

    def handle(self, *args, **options):
        loader.load(stdout=self.stdout)

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo newsroom (articles, users, and each app's demo data). Safe to run again."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("newsdesk."):
                continue
            module = f"{config.name}.demo.loader"
            if find_spec(f"{config.name}.demo") and find_spec(module):
                import_module(module).load(stdout=self.stdout)

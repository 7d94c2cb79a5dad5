from django.apps import AppConfig
from django.urls import register_converter

from .converters import DATABASE_ID, DatabaseIdConverter


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = "Newsdesk core"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {
        "newsdesk.core.tasks.prune_task_results": 3600,
        "newsdesk.core.tasks.worker_heartbeat": 60,
    }

    def ready(self) -> None:
        # reason: the checks and the receivers import models, loadable only once the registry is ready
        from . import checks, signals  # noqa: F401 - importing checks registers the deploy checks
        from .csp import give_wagtail_choosers_the_nonce  # reason: imports Wagtail's admin, which needs the registry

        # Registered here, before any URLconf is imported: every app's URLs use it, the admin's hook URLs too.
        register_converter(DatabaseIdConverter, DATABASE_ID)
        signals.connect()
        give_wagtail_choosers_the_nonce()

from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "newsdesk.markets"
    label = "markets"
    verbose_name = "Markets"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    # Each provider has its own interval; this only wakes the job that checks which ones are due.
    periodic_tasks: dict[str, int] = {"newsdesk.markets.tasks.markets_refresh": 60}

    def ready(self) -> None:
        from . import signals  # noqa: F401

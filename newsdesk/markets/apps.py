from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "newsdesk.markets"
    label = "markets"
    verbose_name = "Markets"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

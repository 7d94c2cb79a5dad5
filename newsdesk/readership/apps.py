from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "newsdesk.readership"
    label = "readership"
    verbose_name = "Readership"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic). The roll-up
    # interval is also the most a Redis restart can lose (docs/readership.md).
    periodic_tasks: dict[str, int] = {"newsdesk.readership.tasks.readership_rollup": 60}

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "newsdesk.outbox"
    label = "outbox"
    verbose_name = "Outgoing email"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {
        "newsdesk.outbox.tasks.deliver_due_messages": 60,
        "newsdesk.outbox.tasks.prune_messages": 3600,
    }

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks

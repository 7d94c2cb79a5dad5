from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "newsdesk.polls"
    label = "polls"
    verbose_name = "Voting Booth"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

    def ready(self) -> None:
        from . import signals  # reason: receivers import models, loadable only once the registry is ready

        signals.connect()

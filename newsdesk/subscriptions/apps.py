from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "newsdesk.subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {"newsdesk.subscriptions.jobs.run_billing": 900}

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy checks

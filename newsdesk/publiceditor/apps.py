from django.apps import AppConfig


class PubliceditorConfig(AppConfig):
    name = "newsdesk.publiceditor"
    label = "publiceditor"
    verbose_name = "Public editor"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {}

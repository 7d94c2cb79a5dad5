from django.apps import AppConfig


class LiveblogsConfig(AppConfig):
    name = "newsdesk.liveblogs"
    label = "liveblogs"
    verbose_name = "Live blogs"

    def ready(self) -> None:
        from . import purge  # reason: receivers import models, loadable only once the registry is ready

        purge.connect()

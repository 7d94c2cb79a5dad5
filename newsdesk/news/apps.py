from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "newsdesk.news"
    label = "news"
    verbose_name = "News"
    periodic_tasks = {"newsdesk.news.tasks.publish_scheduled_pages": 60}

    def ready(self) -> None:
        from . import signals  # reason: receivers import models, loadable only once the registry is ready

        signals.connect()

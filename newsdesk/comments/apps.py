from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "newsdesk.comments"
    label = "comments"
    verbose_name = "Comments"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {"newsdesk.comments.tasks.retry_reply_notifications": 300}

from django.apps import AppConfig


class PubliceditorConfig(AppConfig):
    name = "newsdesk.publiceditor"
    label = "publiceditor"
    verbose_name = "Public editor"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    # The digest runs daily but sends once per ISO week; emails that failed are retried every five minutes.
    periodic_tasks: dict[str, int] = {
        "newsdesk.publiceditor.tasks.retry_pending_emails": 300,
        "newsdesk.publiceditor.tasks.send_overdue_digest": 86400,
        "newsdesk.publiceditor.jobs.purge_expired_personal_data": 86400,
    }

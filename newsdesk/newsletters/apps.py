from django.apps import AppConfig

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import SITE_TAG


class NewslettersConfig(AppConfig):
    name = "newsdesk.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {
        # Build each automatic edition (the morning briefing) once its build time has come, and hold it.
        "newsdesk.newsletters.tasks.build_due_editions": 300,
        # Send approved editions, and held ones nobody touched by their deadline; pick up a dead worker's batch.
        "newsdesk.newsletters.tasks.send_due_editions": 60,
    }

    def ready(self) -> None:
        from anymail.signals import tracking
        from django.db.models.signals import post_delete, post_save

        from . import checks  # noqa: F401 - reason: registers the deploy checks once the app registry is ready
        from .models import Newsletter  # reason: models load only once the app registry is ready
        from .webhooks import tracking_event_received  # reason: it imports models, not loadable at module import

        tracking.connect(tracking_event_received, dispatch_uid="newsletters-tracking")
        for signal in (post_save, post_delete):
            signal.connect(_lists_changed, sender=Newsletter, dispatch_uid=f"newsletters-changed-{signal}")


def _lists_changed(sender, **kwargs) -> None:
    """Show the changed lists in every cached sign-up form (footer and article pages)."""
    purge_tags({SITE_TAG})

from django.apps import AppConfig
from django.urls import register_converter

from .converters import DATABASE_ID, DatabaseIdConverter


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = "Newsdesk core"
    # Periodic jobs this app needs: dotted task path -> interval in seconds (see newsdesk.core.periodic).
    periodic_tasks: dict[str, int] = {
        "newsdesk.core.tasks.prune_task_results": 3600,
        "newsdesk.core.tasks.worker_heartbeat": 60,
    }

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from . import checks  # noqa: F401 - registers the deploy checks
        from .csp import give_wagtail_choosers_the_nonce
        from .models import NewsroomSettings
        from .selectors import forget_sites

        # Registered here, before any URLconf is imported: every app's URLs use it, the admin's hook URLs too.
        register_converter(DatabaseIdConverter, DATABASE_ID)

        # A module-level receiver: signals hold receivers weakly, and a function defined in here would be collected
        # as soon as ready() returns, leaving the old identity cached.
        post_save.connect(_newsroom_settings_saved, sender=NewsroomSettings, dispatch_uid="core-forget-identity")
        for signal in (post_save, post_delete):
            signal.connect(forget_sites, sender=Site, dispatch_uid=f"core-forget-sites-{signal}")
        give_wagtail_choosers_the_nonce()


def _newsroom_settings_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Drop the cached identity and purge every page and fragment, which all show the publication's name."""
    from newsdesk.delivery.pagecache import purge_tags
    from newsdesk.delivery.tags import SITE_TAG

    from .selectors import forget_newsroom_identity

    forget_newsroom_identity(site_id=instance.site_id)
    # A row created on first read (NewsroomSettings.for_site) holds the defaults the pages already show; purging
    # then would throw away the very page being rendered.
    if not created:
        purge_tags({SITE_TAG})

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = "Newsdesk core"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from .csp import give_wagtail_choosers_the_nonce
        from .models import NewsroomSettings
        from .selectors import forget_sites

        # A module-level receiver: signals hold receivers weakly, and a function defined in here would be collected
        # as soon as ready() returns, leaving the old identity cached.
        post_save.connect(_newsroom_settings_saved, sender=NewsroomSettings, dispatch_uid="core-forget-identity")
        for signal in (post_save, post_delete):
            signal.connect(forget_sites, sender=Site, dispatch_uid=f"core-forget-sites-{signal}")
        give_wagtail_choosers_the_nonce()


def _newsroom_settings_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Drop the cached identity and purge every page and fragment, which all show the publication's name."""
    from .pagecache import SITE_TAG, purge_tags
    from .selectors import forget_newsroom_identity

    forget_newsroom_identity(site_id=instance.site_id)
    # A row created on first read (NewsroomSettings.for_site) holds the defaults the pages already show; purging
    # then would throw away the very page being rendered.
    if not created:
        purge_tags({SITE_TAG})

"""Keep the cached site identity and site list in step with the settings and sites editors save."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import SITE_TAG

from .models import NewsroomSettings
from .selectors import forget_newsroom_identity, forget_sites


def _newsroom_settings_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Drop the cached identity and purge every page and fragment, which all show the publication's name."""
    forget_newsroom_identity(site_id=instance.site_id)
    # A row created on first read (NewsroomSettings.for_site) holds the defaults the pages already show; purging
    # then would throw away the very page being rendered.
    if not created:
        purge_tags({SITE_TAG})


def connect() -> None:
    """Forget the identity when the newsroom's settings change, and the sites when a site does."""
    # Module-level receivers: signals hold receivers weakly, and a function defined inside connect() would be
    # collected as soon as it returns, leaving the old identity cached.
    post_save.connect(_newsroom_settings_saved, sender=NewsroomSettings, dispatch_uid="core-forget-identity")
    for signal in (post_save, post_delete):
        signal.connect(forget_sites, sender=Site, dispatch_uid=f"core-forget-sites-{signal}")

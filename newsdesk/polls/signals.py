"""Keep cached pages, ballots and limits in step with the polls editors save."""

from django.db.models.signals import post_delete, post_save

from newsdesk.delivery.pagecache import purge_tags
from newsdesk.delivery.tags import SITE_TAG

from .models import Poll, PollOption, PollSettings
from .selectors import forget_ballots, forget_poll_settings


def _purge_pages(sender, **kwargs) -> None:
    """Purge cached pages when an editor changes a poll: any page's sidebar may show it (votes never purge)."""
    purge_tags({SITE_TAG})


def _forget_settings(sender, **kwargs) -> None:
    """Let the next vote read the limits an editor just saved."""
    forget_poll_settings()


def _forget_ballots(sender, **kwargs) -> None:
    """Let the next vote in this process read the poll an editor just saved (other processes follow within 5 s)."""
    forget_ballots()


def connect() -> None:
    """Purge pages, ballots and limits whenever an editor saves or deletes a poll, an option or the settings."""
    for model in (Poll, PollOption, PollSettings):
        post_save.connect(_purge_pages, sender=model, dispatch_uid=f"polls-purge-save-{model.__name__}")
        post_delete.connect(_purge_pages, sender=model, dispatch_uid=f"polls-purge-delete-{model.__name__}")
    for model in (Poll, PollOption):
        post_save.connect(_forget_ballots, sender=model, dispatch_uid=f"polls-forget-ballots-save-{model.__name__}")
        post_delete.connect(_forget_ballots, sender=model, dispatch_uid=f"polls-forget-ballots-delete-{model.__name__}")
    post_save.connect(_forget_settings, sender=PollSettings, dispatch_uid="polls-forget-settings-save")
    post_delete.connect(_forget_settings, sender=PollSettings, dispatch_uid="polls-forget-settings-delete")

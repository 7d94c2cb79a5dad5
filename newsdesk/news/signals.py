"""Keep cached reads in step with the page tree."""

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import purge, restrictions
from .models import SectionPage
from .selectors import forget_primary_sections


def _forget_nav(sender, **kwargs):
    forget_primary_sections()


def connect() -> None:
    """Drop the cached navigation whenever a section is published, unpublished or moved."""
    for signal in (page_published, page_unpublished):
        signal.connect(_forget_nav, sender=SectionPage, dispatch_uid=f"news-nav-{signal}")
    post_page_move.connect(_forget_nav, dispatch_uid="news-nav-move")
    restrictions.connect()
    purge.connect()

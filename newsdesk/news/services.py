"""Writes to articles that other apps may ask for; editors otherwise write through Wagtail's admin."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Revision

from .models import ArticlePage


class ArticleDraftPending(Exception):
    """The article has unpublished draft changes that a republish would push live unreviewed."""


@transaction.atomic
def article_republish(*, article_id: int, actor=None) -> tuple[Revision | None, Revision]:
    """Publish the article's live content again as a new revision, moving its modified time (and purging it).

    Return the revision that was live before and the new one. Refuse with ArticleDraftPending when an editor has
    unpublished changes: republishing would publish their draft without review.
    """
    page = ArticlePage.objects.select_for_update().get(pk=article_id)
    if page.has_unpublished_changes:
        raise ArticleDraftPending(article_id)
    before = page.live_revision or page.latest_revision
    revision = page.save_revision(user=actor, log_action=True)
    revision.publish(user=actor)
    return before, revision

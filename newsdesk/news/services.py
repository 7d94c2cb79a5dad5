"""Writes to articles that other apps may ask for, and the page tree a newsroom starts from; editors otherwise write
through Wagtail's admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Revision, Site

from .models import ArticlePage, HomePage, SectionPage

SECTION_TITLE_INVALID = "A section's title needs a letter or digit and at most 255 characters: {title!r}."
NO_ROOT_PAGE = "The page tree has no root page: run `manage.py migrate` first."


class ArticleDraftPending(Exception):
    """The article has unpublished draft changes that a republish would push live unreviewed."""


class PageTreeError(Exception):
    """A page the newsroom needs cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Republished:
    """An article published again: the revision live before, the new one, and when it went live."""

    before: Revision | None
    revision: Revision
    published_at: datetime


@transaction.atomic
def article_republish(*, article_id: int, actor=None) -> Republished:
    """Publish the article's live content again as a new revision, moving its modified time (and purging it).

    Refuse with ArticleDraftPending when an editor has unpublished changes: republishing would publish their draft
    without review. The caller checks the actor's permission for its reason to republish, and dates what it
    changed (a correction) with `published_at`, so that the article's modified time is that change's time.
    """
    page = ArticlePage.objects.select_for_update().get(pk=article_id)
    if page.has_unpublished_changes:
        raise ArticleDraftPending(article_id)
    before = page.live_revision or page.latest_revision
    revision = page.save_revision(user=actor, log_action=True)
    # The live content goes out again unchanged, so this is not an editor's publish: the caller holds the right to
    # republish (a correction's own permission), and a public editor need not be able to publish pages.
    revision.publish(user=actor, skip_permission_checks=True)
    published_at = ArticlePage.objects.filter(pk=article_id).values_list("last_published_at", flat=True).get()
    return Republished(before=before, revision=revision, published_at=published_at or timezone.now())


@transaction.atomic
def home_page_ensure(*, title: str = "Home") -> HomePage:
    """Return the home page, first creating and publishing it if missing; the default site then serves it.

    Wagtail's install leaves a placeholder "Welcome" page at the site root and a default site showing it; the
    newspaper's home page takes its place and the placeholder goes. Running it again changes nothing.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            raise PageTreeError(NO_ROOT_PAGE)
        # A site's root page slug never appears in URLs, so the home page needs no particular slug; this one
        # cannot clash with the placeholder's "home" while both exist.
        home = root.add_child(instance=HomePage(title=title, slug="newsdesk-home"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    # Only Wagtail's installer makes plain pages (editors cannot create one); once no site shows it, it goes.
    placeholders = Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page))
    for placeholder in placeholders.exclude(sites_rooted_here__isnull=False):
        placeholder.delete()
    return home


@transaction.atomic
def section_ensure(
    *, parent: Page, title: str, slug: str = "", intro: str = "", translation_key: uuid.UUID | None = None
) -> SectionPage:
    """Return the section with this slug (from the title when not given) under the parent, creating and publishing
    it if it is missing. A section that exists is returned as it is, even if an editor has unpublished it."""
    title = " ".join(title.split())
    slug = slug or slugify(title)
    if not slug or len(title) > 255:
        raise PageTreeError(SECTION_TITLE_INVALID.format(title=title))
    section = SectionPage.objects.child_of(parent).filter(slug=slug).first()
    if section is None:
        fields = {"translation_key": translation_key} if translation_key else {}
        section = parent.add_child(instance=SectionPage(title=title, slug=slug, intro=intro, **fields))
        section.save_revision().publish()
    return section

"""Build small, explicit newsrooms for tests."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

from newsdesk.core.tests.factories import ensure_wagtail_base
from newsdesk.news.models import ArticleAuthor, ArticlePage, Author, HomePage, SectionPage

EDITOR_PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture


def make_image(title: str = "Test image", size=(320, 180)):
    ensure_wagtail_base()
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#336699").save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="test.png")
    image.save()
    return image


def make_home() -> HomePage:
    """Return the site's home page, creating it (and pointing the default site at it) if needed."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = ensure_wagtail_base()
    home = root.add_child(instance=HomePage(title="Home", slug="newsdesk-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


def make_section(title: str, parent=None, **fields) -> SectionPage:
    parent = parent or make_home()
    section = parent.add_child(instance=SectionPage(title=title, **fields))
    section.save_revision().publish()
    return section


def make_author(name: str = "Ada Reporter", **fields) -> Author:
    return Author.objects.create(name=name, **fields)


def paragraph(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


def make_article(
    section: SectionPage,
    title: str = "Council approves the budget",
    *,
    body: list | None = None,
    authors: list[Author] | None = None,
    topics: list[str] | None = None,
    published_at: datetime | None = None,
    publish: bool = True,
    **fields,
) -> ArticlePage:
    fields.setdefault("standfirst", f"Standfirst for {title}.")
    article = ArticlePage(title=title, body=body or [paragraph(f"Body of {title}.")], live=False, **fields)
    section.add_child(instance=article)
    if topics:
        article.tags.set(topics)
    if authors:
        article.article_authors = [ArticleAuthor(author=a) for a in authors]
    revision = article.save_revision()
    if publish:
        revision.publish()
        if published_at is not None:
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
        article.refresh_from_db()
    return article


def newsroom(articles: int = 3) -> dict:
    """A home, a nested section and a few published articles."""
    home = make_home()
    world = make_section("World")
    africa = make_section("Africa", parent=world)
    author = make_author()
    now = timezone.now()
    items = [
        make_article(
            africa,
            f"Story number {i}",
            authors=[author],
            topics=["Diplomacy"],
            published_at=now - timedelta(hours=i + 1),
        )
        for i in range(articles)
    ]
    return {"home": home, "world": world, "africa": africa, "author": author, "articles": items}


def make_section_editor(section):
    """An editor who may draft and edit pages in one section and choose images, nothing more: no publishing."""
    group = Group.objects.create(name="Section editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=section,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="wagtailimages", codename="choose_image"),
    )
    user = get_user_model().objects.create_user("elena", "elena@example.org", EDITOR_PASSWORD)
    user.groups.add(group)
    return user

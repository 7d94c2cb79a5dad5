"""Load the demo newsroom: sections, authors, generated images and articles. Running it twice changes nothing."""

from __future__ import annotations

import io
import random
import uuid
from datetime import timedelta

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from newsdesk.core.services import newsroom_configure
from newsdesk.news.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
)
from newsdesk.news.services import home_page_ensure, section_ensure

from .content import demo_content

DEMO_NEWSROOM_NAME = "The Newsdesk Times"
# The namespace of the demo pages' fixed identities (any constant UUID would do; this one must never change).
DEMO_NAMESPACE = uuid.UUID("6f1d2c4e-8a3b-4f0e-9c57-2b1e0d9a7c31")

PALETTES = [
    ("#0b4f8a", "#7fb3d5"),
    ("#7a4d00", "#f0c27b"),
    ("#1d5e3a", "#9bd1a8"),
    ("#5b2a86", "#c7a6e8"),
    ("#8a1c1c", "#f2a49a"),
    ("#2f3e46", "#a9c2cc"),
    ("#6b4f1d", "#e6d3a3"),
    ("#114b5f", "#88d4e0"),
]


def _draw_image(seed: str, palette: int, size: tuple[int, int] = (1600, 900)) -> bytes:
    """Return a JPEG of an abstract, locally generated picture (gradient and shapes), seeded for repeatability."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    dark, light = PALETTES[palette % len(PALETTES)]
    width, height = size
    img = PILImage.new("RGB", size, dark)
    draw = ImageDraw.Draw(img)
    d = tuple(int(dark[i : i + 2], 16) for i in (1, 3, 5))
    lt = tuple(int(light[i : i + 2], 16) for i in (1, 3, 5))
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(d[i] + (lt[i] - d[i]) * t) for i in range(3)))
    for _ in range(7):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(60, 320)
        shade = tuple(min(255, c + rng.randint(-40, 40)) for c in lt)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=rng.randint(4, 14))
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _image(title: str, seed: str, palette: int, size=(1600, 900)):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title, description=f"Illustration: {title.removeprefix('Demo image: ')}")
    image.file = ImageFile(io.BytesIO(_draw_image(seed, palette, size)), name=f"{seed}.jpg")
    image.save()
    return image


def demo_key(kind: str, path: str) -> uuid.UUID:
    """Return the fixed identity of one demo page, the same on every install and every run."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{path}")


def _demo_page(model: type[Page], key: uuid.UUID, *, parent: Page, slug: str) -> Page | None:
    """Return a demo page wherever editors have moved it and whatever they renamed it to, or None if it is gone.

    A demo page carries its fixed identity as its translation key, which Wagtail keeps through moves, renames and
    new revisions. A page loaded before demo pages carried one is found where the demo put it, and given it.
    """
    page = model.objects.filter(translation_key=key).order_by("pk").first()
    if page is None:
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None:
            Page.objects.filter(pk=page.pk).update(translation_key=key)
            page.translation_key = key
    return page


def _sections(parent: Page, specs: list[dict], prefix: str = "") -> dict[str, SectionPage]:
    found: dict[str, SectionPage] = {}
    for spec in specs:
        path = f"{prefix}{spec['slug']}"
        key = demo_key("section", path)
        section = _demo_page(SectionPage, key, parent=parent, slug=spec["slug"]) or section_ensure(
            parent=parent, title=spec["title"], slug=spec["slug"], intro=spec["intro"], translation_key=key
        )
        found[path] = section
        found.update(_sections(section, spec.get("children", []), prefix=f"{path}/"))
    return found


def _authors(specs: list[dict]) -> dict[str, Author]:
    authors = {}
    for index, spec in enumerate(specs):
        author = Author.objects.filter(slug=spec["slug"]).first()
        if author is None:
            photo = _image(f"Portrait: {spec['name']}", spec["slug"], index, size=(400, 400))
            author = Author.objects.create(
                slug=spec["slug"], name=spec["name"], role=spec["role"], bio=spec["bio"], photo=photo
            )
        authors[spec["slug"]] = author
    return authors


def _body(spec: dict, pages: dict[str, ArticlePage]) -> list[tuple[str, object]]:
    blocks = []
    for block in spec["body"]:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            blocks.append(("paragraph", f"<p>{escape(value)}</p>"))
        elif kind == "related":
            if value in pages:
                blocks.append(("related_article", {"article": pages[value]}))
        else:
            blocks.append((kind, value))
    return blocks


def _article(spec: dict, section: SectionPage) -> tuple[ArticlePage, bool]:
    """Return the demo article of a spec, creating it (without a body, not yet live) if it is missing."""
    key = demo_key("article", spec["slug"])
    page = _demo_page(ArticlePage, key, parent=section, slug=spec["slug"])
    if page is not None:
        return page, False
    image = _image(f"Demo image: {spec['headline']}", spec["slug"], spec["image"]["palette"])
    page = ArticlePage(
        title=spec["headline"],
        slug=spec["slug"],
        translation_key=key,
        standfirst=spec["standfirst"],
        agency_credit=spec.get("agency", ""),
        dateline=spec.get("dateline", ""),
        lead_image=image,
        lead_image_caption=spec["image"]["caption"],
        lead_image_credit=spec["image"]["credit"],
        premium=spec.get("premium", False),
        live=False,
    )
    section.add_child(instance=page)
    return page, True


def live_demo_articles(slugs: list[str]) -> dict[str, ArticlePage | None]:
    """Return the live demo article of each demo slug, wherever editors moved it and whatever they renamed it to;
    None where an editor unpublished or deleted it."""
    keys = {slug: demo_key("article", slug) for slug in slugs}
    live = {page.translation_key: page for page in ArticlePage.objects.live().filter(translation_key__in=keys.values())}
    return {slug: live.get(key) for slug, key in keys.items()}


def first_section() -> SectionPage | None:
    """Return the first top-level section of the tree, where the demo puts a section's poll."""
    return SectionPage.objects.filter(depth=3).order_by("path").first()


def newest_demo_articles(count: int) -> list[ArticlePage | None]:
    """Return the demo's `count` newest articles, newest first; None where an editor unpublished or deleted one."""
    newest = sorted(demo_content().articles, key=lambda spec: spec["hours_ago"])[:count]
    keys = [demo_key("article", spec["slug"]) for spec in newest]
    live = {page.translation_key: page for page in ArticlePage.objects.live().filter(translation_key__in=keys)}
    return [live.get(key) for key in keys]


@transaction.atomic
def load(stdout=None) -> dict[str, int]:
    """Create whatever of the demo newsroom is missing; return how many things were created.

    What editors changed stays as they left it: a moved, renamed or unpublished section or article is found by its
    identity and left alone; a deleted one is created again.
    """
    first_run = not HomePage.objects.exists()
    home = home_page_ensure()
    if first_run:
        newsroom_configure(site=Site.objects.get(is_default_site=True), name=DEMO_NEWSROOM_NAME)
    content = demo_content()
    sections = _sections(home, content.sections)
    authors = _authors(content.authors)
    now = timezone.now()
    pages: dict[str, ArticlePage] = {}
    created: list[tuple[dict, ArticlePage]] = []
    for spec in content.articles:
        page, is_new = _article(spec, sections[spec["section"]])
        if is_new:
            created.append((spec, page))
        pages[spec["slug"]] = page
    # Bodies are written once every article exists, so READ | links can point at any of them.
    for spec, page in created:
        page.body = _body(spec, pages)
        page.tags.set(spec["topics"])
        page.article_authors = [ArticleAuthor(author=authors[slug]) for slug in spec["authors"]]
        page.save_revision().publish()
        published = now - timedelta(hours=spec["hours_ago"])
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
    if not home.featured.exists():
        newest = sorted(content.articles, key=lambda s: s["hours_ago"])
        live = set(ArticlePage.objects.live().values_list("pk", flat=True))
        picks = [pages[s["slug"]] for s in newest if not s.get("premium") and pages[s["slug"]].pk in live][:5]
        for order, article in enumerate(picks):
            HomeFeaturedArticle.objects.create(home=home, article=article, sort_order=order)
    counts = {"sections": len(sections), "authors": len(authors), "articles_created": len(created)}
    if stdout is not None:
        stdout.write(f"demo newsroom: {counts['articles_created']} new articles, {len(pages)} in all")
    return counts

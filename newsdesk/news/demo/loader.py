"""Load the demo newsroom: sections, authors, generated images and articles. Running it twice changes nothing."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from newsdesk.news.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
)

from . import content

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


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's install leaves a placeholder "Welcome" page at the site root; the newspaper replaces it.
    # (A site's root page slug never appears in URLs, so the new home needs no particular slug.)
    placeholder = Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").first()
    home = root.add_child(instance=HomePage(title="Home", slug="newsdesk-home"))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="The Newsdesk Times",
        )
    else:
        site.root_page = home
        site.site_name = "The Newsdesk Times"
        site.save()
    if placeholder is not None:
        placeholder.delete()
    return home


def _sections(parent: Page, specs: list[dict], prefix: str = "") -> dict[str, SectionPage]:
    found: dict[str, SectionPage] = {}
    for spec in specs:
        path = f"{prefix}{spec['slug']}"
        section = SectionPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if section is None:
            section = parent.add_child(
                instance=SectionPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"])
            )
            section.save_revision().publish()
        found[path] = section
        found.update(_sections(section, spec.get("children", []), prefix=f"{path}/"))
    return found


def _authors() -> dict[str, Author]:
    authors = {}
    for index, spec in enumerate(content.AUTHORS):
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
    for kind, value in spec["body"]:
        if kind == "paragraph":
            blocks.append(("paragraph", f"<p>{escape(value)}</p>"))
        elif kind == "related":
            if value in pages:
                blocks.append(("related_article", {"article": pages[value]}))
        else:
            blocks.append((kind, value))
    return blocks


@transaction.atomic
def load(stdout=None) -> dict[str, int]:
    """Create whatever of the demo newsroom is missing; return how many things were created."""
    home = _home()
    sections = _sections(home, content.SECTIONS)
    authors = _authors()
    now = timezone.now()
    pages: dict[str, ArticlePage] = {}
    created: list[tuple[dict, ArticlePage]] = []
    for spec in content.ARTICLES:
        section = sections[spec["section"]]
        page = ArticlePage.objects.child_of(section).filter(slug=spec["slug"]).first()
        if page is None:
            image = _image(f"Demo image: {spec['headline']}", spec["slug"], spec["image"]["palette"])
            page = ArticlePage(
                title=spec["headline"],
                slug=spec["slug"],
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
        newest = sorted(content.ARTICLES, key=lambda s: s["hours_ago"])
        picks = [pages[s["slug"]] for s in newest if not s.get("premium")][:5]
        for order, article in enumerate(picks):
            HomeFeaturedArticle.objects.create(home=home, article=article, sort_order=order)
    counts = {"sections": len(sections), "authors": len(authors), "articles_created": len(created)}
    if stdout is not None:
        stdout.write(f"demo newsroom: {counts['articles_created']} new articles, {len(pages)} in all")
    return counts

"""Demo live coverage: a running live page with posts, written by the demo sub-editor. Running it twice adds nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from newsdesk.liveblogs import services
from newsdesk.liveblogs.models import LivePage, LivePageAuthor, LivePost
from newsdesk.news.demo.loader import demo_key
from newsdesk.news.models import Author, SectionPage

COVERAGE: list[dict] = json.loads((Path(__file__).parent / "coverage.json").read_text(encoding="utf-8"))
DEMO_POSTER = "subeditor"  # the demo's sub-editor (newsdesk/demo/staff.py) writes the posts


def _body(spec: dict) -> list[tuple[str, object]]:
    if "quote" in spec:
        return [("quote", spec["quote"])]
    return [("paragraph", f"<p>{escape(spec['text'])}</p>")]


def load(stdout=None) -> None:
    """Create each demo live page and its posts if the page is missing (an editor's deletion brings it back)."""
    poster = get_user_model().objects.filter(username=DEMO_POSTER).first()
    for spec in COVERAGE:
        key = demo_key("live", spec["slug"])
        section = SectionPage.objects.filter(translation_key=demo_key("section", spec["section"])).first()
        if poster is None or section is None or LivePage.objects.filter(translation_key=key).exists():
            continue
        _create(spec, key=key, section=section, poster=poster)
        if stdout is not None:
            stdout.write(f"live blogs: created demo live page {spec['title']!r}\n")


@transaction.atomic
def _create(spec: dict, *, key, section: SectionPage, poster) -> None:
    now = timezone.now()
    authors = Author.objects.in_bulk([*spec["authors"], *(p["author"] for p in spec["posts"])], field_name="slug")
    page = LivePage(
        title=spec["title"],
        slug=spec["slug"],
        standfirst=spec["standfirst"],
        status=spec["status"],
        key_points=spec["key_points"],
        coverage_start=now - timedelta(hours=spec["started_hours_ago"]),
        translation_key=key,
        live=False,
    )
    section.add_child(instance=page)
    page.live_authors = [LivePageAuthor(author=authors[slug]) for slug in spec["authors"] if slug in authors]
    page.save_revision().publish()
    for item in spec["posts"]:
        written = services.live_post_create(
            page=page,
            user=poster,
            body=_body(item),
            headline=item.get("headline", ""),
            author=authors.get(item["author"]),
            pinned=item.get("pinned", False),
            key_event=item.get("key_event", False),
        )
        at = now - timedelta(minutes=item["minutes_ago"])
        LivePost.objects.filter(pk=written.pk).update(created_at=at, updated_at=at)  # as if written through the day

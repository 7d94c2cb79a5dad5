"""What every page carries for browsers and validators: whole-second times, icons and a manifest; cards that need
no picture."""

import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client

from newsdesk.core.selectors import absolute_url
from newsdesk.news.tests.factories import newsroom

pytestmark = pytest.mark.django_db
PUBLISHED = datetime(2026, 12, 2, 7, 30, 15, 123456, tzinfo=UTC)
TIME_ATTR = re.compile(r'<time datetime="([^"]+)"')


def test_time_elements_carry_whole_seconds_in_utc():
    with time_machine.travel(PUBLISHED, tick=False):
        room = newsroom(articles=1)
        article = room["articles"][0]
        article.first_published_at = article.last_published_at = PUBLISHED
        article.save(update_fields=["first_published_at", "last_published_at"])
        pages = [Client().get("/").content.decode(), Client().get(article.url).content.decode()]
    found = {value for page in pages for value in TIME_ATTR.findall(page)}
    assert "2026-12-02T07:30:15+00:00" in found
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", value) for value in found), found


def test_every_page_names_its_icons_and_manifest_and_the_manifest_describes_the_site():
    newsroom(articles=1)
    page = Client().get("/").content.decode()
    assert '<link rel="icon" href="/static/newsdesk/icons/favicon.ico" sizes="32x32">' in page
    assert '<link rel="icon" href="/static/newsdesk/icons/icon.svg" type="image/svg+xml">' in page
    assert '<link rel="apple-touch-icon" href="/static/newsdesk/icons/apple-touch-icon.png">' in page
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    manifest = Client().get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/" and data["theme_color"] == "#0b4f8a"
    assert {icon["sizes"] for icon in data["icons"]} == {"any", "192x192", "512x512"}
    assert Client().get("/favicon.ico")["Location"] == "/static/newsdesk/icons/favicon.ico"


def test_a_story_without_a_picture_is_a_text_card_with_its_standfirst_in_a_rail():
    room = newsroom(articles=7)  # the factory's stories have no lead image
    page = Client().get("/").content.decode()
    rail = page[page.index(f'id="rail-{room["world"].pk}"') :]
    rail = rail[: rail.index("</section>")]
    assert rail.count('class="card card--no-image"') == rail.count("<article") >= 1
    assert rail.count('class="card__standfirst"') == rail.count("<article")


def test_articles_share_through_plain_links_and_load_no_other_sites_script():
    room = newsroom(articles=1)
    article = room["articles"][0]
    page = Client().get(article.url).content.decode()
    url = quote(absolute_url("/world/africa/story-number-0/"), safe="")
    assert f'href="https://wa.me/?text=Story%20number%200%20{url}"' in page
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={url}"' in page
    assert f'href="https://x.com/intent/post?url={url}&amp;text=Story%20number%200"' in page
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={url}"' in page
    assert f'href="mailto:?subject=Story%20number%200&amp;body={url}"' in page
    assert "<li data-share-native hidden>" in page and "<li data-share-copy hidden>" in page  # need the script
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts

"""What every page carries for browsers and validators: whole-second times, icons and a manifest; cards that need
no picture."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

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

"""Click counts, when a list switches them on: story links go through the site, which counts per edition and link
and keeps nothing about the reader; off by default, the links go straight to the stories."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from newsdesk.core import roles
from newsdesk.core.tests.factories import make_staff
from newsdesk.news.tests.factories import newsroom
from newsdesk.newsletters import sending, services, tasks
from newsdesk.newsletters.models import EditionLink

from .factories import make_edition, make_members, make_newsletter

pytestmark = [pytest.mark.django_db]
LOCMEM = override_settings(NEWSLETTERS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def _sent(newsletter, articles):
    sending._rendered.clear()
    make_members(newsletter, 2)
    edition = make_edition(newsletter, articles)
    services.edition_approve(edition_id=edition.pk, by=None)
    with LOCMEM:
        tasks.send_edition.call(edition.pk)
    return edition


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_counting_list_links_through_the_site_which_counts_each_click_and_keeps_no_reader(client):
    room = newsroom(articles=2)
    first, second = room["articles"]
    edition = _sent(make_newsletter(count_clicks=True), [first, second])
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    clicks = sorted(set(re.findall(r"https?://[^\s\"<>]+/newsletters/c/\d+/", message.body)))
    assert len(clicks) == 2 and first.url not in message.body and second.url not in message.body
    html = message.alternatives[0][0]
    assert all(link in html for link in clicks) and first.url not in html
    # Every recipient's email has the same links: nothing in them names the reader.
    assert sorted(set(re.findall(r"https?://[^\s\"<>]+/newsletters/c/\d+/", mail.outbox[1].body))) == clicks

    reader = Client()
    for _ in range(3):
        response = reader.get(_path(clicks[0]))
        assert response.status_code == 302 and response["Cache-Control"] == "no-store"
        assert not response.cookies
    assert reader.head(_path(clicks[0])).status_code == 302  # a link checker's HEAD: not a click
    assert reader.get(_path(clicks[1])).status_code == 302
    targets = {_path(reader.get(_path(link))["Location"]) for link in clicks}
    assert targets == {first.url, second.url}
    assert sorted(EditionLink.objects.filter(edition=edition).values_list("clicks", flat=True)) == [2, 4]
    assert {field.name for field in EditionLink._meta.get_fields()} == {"id", "edition", "url", "clicks"}
    assert reader.get("/newsletters/c/999999/").status_code == 404
    assert reader.get("/newsletters/c/99999999999999999999/").status_code == 404

    # The report, as the sub-editor who sends editions.
    client.force_login(make_staff(roles.SUB_EDITORS))
    report = client.get(f"/admin/newsletters_edition/report/{edition.pk}/").content.decode()
    assert "Clicks per story" in report
    assert re.findall(r'data-figure="clicks">(\d+)<', report) == ["4", "2"]
    client.force_login(make_staff(roles.COMMENT_MODERATORS))
    refused = client.get(f"/admin/newsletters_edition/report/{edition.pk}/")
    assert (refused.status_code, refused.headers.get("Location")) == (302, "/admin/")


def test_a_list_that_does_not_count_links_straight_to_the_stories():
    room = newsroom(articles=1)
    _sent(make_newsletter(), room["articles"])
    assert room["articles"][0].url in mail.outbox[0].body and "/newsletters/c/" not in mail.outbox[0].body
    assert not EditionLink.objects.exists()

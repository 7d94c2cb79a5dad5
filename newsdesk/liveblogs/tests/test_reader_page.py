"""What readers get from a live page: the page, its updates address, its feeds, and the "live now" strips."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from newsdesk.delivery.tags import liveblog_tag
from newsdesk.liveblogs import selectors, services
from newsdesk.liveblogs.models import PAGE_MAX_AGE, LivePage
from newsdesk.liveblogs.tests.factories import make_live_page, post, poster
from newsdesk.liveblogs.views import BAD_CURSOR, UPDATES_MAX_AGE
from newsdesk.news.tests.factories import make_section

pytestmark = pytest.mark.django_db

CACHE_ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
NOON = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)  # 12:00 in Johannesburg


@pytest.fixture
def coverage():
    with time_machine.travel(NOON, tick=False) as clock:
        page = make_live_page(key_points="The storm is a category 2\n- Schools are closed")
        user = poster()
        posts = []
        for minute, text in enumerate(["Wind picks up.", "Ferries stop.", "Power cut in the north."]):
            clock.move_to(NOON + timedelta(minutes=minute * 10))
            posts.append(post(page, text, user=user))
        services.live_post_pin(post=posts[0], user=user, pinned=True)
        services.live_post_mark_key_event(post=posts[1], user=user, key_event=True)
        yield {"page": LivePage.objects.get(pk=page.pk), "posts": posts, "user": user, "clock": clock}


def test_the_page_shows_live_the_latest_time_key_points_key_events_and_posts_newest_first_pinned_above(
    client, coverage
):
    page, posts = coverage["page"], coverage["posts"]
    html = client.get(page.url).content.decode()
    assert '<span class="badge badge--live">Live</span>' in html
    assert 'datetime="2026-03-14T10:20:00+00:00"' in html  # the latest post's time, in UTC to the second
    assert "The storm is a category 2" in html and "<li>Schools are closed</li>" in html
    stream = html[html.index("data-live-posts") :]
    assert stream.index("Power cut") < stream.index("Ferries stop") < stream.index("Wind picks up")
    pinned = html[html.index("data-live-pinned") : html.index("data-live-posts")]
    assert "Wind picks up." in pinned and "Ferries stop." not in pinned
    events = html[html.index("data-live-key-events") : html.index("live-stream")]
    assert f'href="#{posts[1].anchor}"' in events and "Ferries stop." in events
    for item in posts:  # each post has its anchor and a share link to it
        assert f'id="{item.anchor}"' in html
        assert f'href="{page.url}#{item.anchor}" data-live-share' in html
    assert 'aria-live="polite"' in html
    assert f'data-updates="{page.url}updates/"' in html and f'data-cursor="{page.post_seq}"' in html


def test_older_posts_page_back_with_a_cursor_and_junk_cursors_show_the_newest(client, coverage):
    page = coverage["page"]
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        for i in range(selectors.POSTS_PER_SCREEN):
            post(page, f"Filler update {i}.", user=coverage["user"])
    first = client.get(page.url).content.decode()
    assert "Filler update 19." in first and "Ferries stop." not in first.split("data-live-posts")[1]
    older = re.search(r'href="([^"]+\?before=\d+)"', first).group(1)
    second = client.get(older).content.decode()
    assert "Ferries stop." in second and "Filler update 19." not in second
    assert 'name="robots" content="noindex, follow"' in second
    for junk in ["abc", "-1", "9" * 40]:
        assert client.get(f"{page.url}?before={junk}").status_code == 200


def test_updates_answer_what_changed_after_a_cursor_and_refuse_a_junk_cursor(client, coverage):
    page, posts = coverage["page"], coverage["posts"]
    latest = client.get(page.url + "updates/").json()
    assert latest["head"] == 5 and latest["status"] == "live"
    assert {p["id"] for p in latest["posts"]} == {p.pk for p in posts}
    assert latest["key_events"][0]["anchor"] == posts[1].anchor

    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        fresh = post(page, "Storm moves inland.", user=coverage["user"])
        services.live_post_delete(post=posts[2], user=coverage["user"])
    since = client.get(page.url + "updates/?since=5").json()
    assert since["head"] == 7
    assert [p["id"] for p in since["posts"]] == [fresh.pk]
    assert "Storm moves inland." in since["posts"][0]["html"]
    assert since["deleted"] == [posts[2].pk]
    assert since["latest_at"] == "2026-03-14T11:00:00+00:00"

    for junk in ["abc", "-3", "1.5", "9" * 30]:
        response = client.get(page.url + f"updates/?since={junk}")
        assert response.status_code == 400 and response.json() == {"error": BAD_CURSOR}


@CACHE_ON
def test_updates_are_cacheable_briefly_with_an_etag_and_carry_the_pages_purge_tag(client, coverage):
    page = coverage["page"]
    first = client.get(page.url + "updates/")
    assert f"max-age={UPDATES_MAX_AGE}" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert liveblog_tag(page.pk) in first["Surrogate-Key"].split()
    again = client.get(page.url + "updates/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert f"max-age={UPDATES_MAX_AGE}" in again["Cache-Control"]  # the replayed answer keeps its short life
    assert f"max-age={PAGE_MAX_AGE}" in client.get(page.url)["Cache-Control"]  # the page lives a little longer


def test_without_javascript_a_reload_shows_every_post_on_the_first_screen(client, coverage):
    html = client.get(coverage["page"].url).content.decode()
    for item in coverage["posts"]:
        assert str(item.body.raw_data[0]["value"]).strip("<p>/") in html


def test_structured_data_is_a_live_blog_posting_with_coverage_times_and_updates(client, coverage):
    page = coverage["page"]
    html = client.get(page.url).content.decode()
    data = json.loads(JSONLD_RE.search(html).group(1))
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == page.first_published_at.isoformat()
    assert "coverageEndTime" not in data  # still live
    assert [u["@type"] for u in data["liveBlogUpdate"]] == ["BlogPosting"] * 3
    assert data["liveBlogUpdate"][0]["articleBody"] == "Power cut in the north."
    assert data["liveBlogUpdate"][0]["url"].endswith(f"#{coverage['posts'][2].anchor}")

    page.status = LivePage.Status.ENDED
    page.save_revision().publish()
    ended = json.loads(JSONLD_RE.search(client.get(page.url).content.decode()).group(1))
    assert ended["coverageEndTime"] == "2026-03-14T10:20:00+00:00"  # the last post's time


def test_rss_and_atom_feeds_list_the_posts_newest_first(client, coverage):
    page = coverage["page"]
    rss = client.get(page.url + "feed/rss/").content.decode()
    assert rss.index("Power cut in the north.") < rss.index("Ferries stop.")
    assert f"{page.url}#{coverage['posts'][0].anchor}</link>" in rss
    atom = client.get(page.url + "feed/atom/").content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom and "Ferries stop." in atom


def test_front_page_and_its_section_carry_the_live_badge_and_latest_time_until_coverage_ends(
    client, coverage, django_capture_on_commit_callbacks
):
    page = coverage["page"]
    section = page.get_parent()
    for url in ["/", section.url]:
        html = client.get(url).content.decode()
        strip = html[html.index('class="live-now"') :]
        assert "badge--live" in strip and page.title in strip and "12:20" in strip, url
    other = make_section("Sport")
    assert page.title not in client.get(other.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the publish purges the strips' shared fragment
        page.status = LivePage.Status.ENDED
        page.save_revision().publish()
    assert page.title not in client.get("/").content.decode()

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news.tests.factories import (
    make_article,
    make_author,
    make_image,
    make_section,
    newsroom,
    paragraph,
)

pytestmark = pytest.mark.django_db


def test_home_page_shows_lead_story_rails_and_most_recent(client):
    room = newsroom(articles=7)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Story number 0" in html  # newest is the lead when no editor's pick exists
    assert f'id="rail-{room["world"].pk}"' in html
    assert "Most recent" in html


def test_section_page_lists_articles_of_subsections_newest_first(client):
    newsroom(articles=3)
    html = client.get("/world/").content.decode()
    positions = [html.index(f"Story number {i}") for i in range(3)]
    assert positions == sorted(positions)
    assert 'href="/world/africa/"' in html


def test_article_page_has_one_h1_byline_dateline_and_times(client):
    room = newsroom(articles=1)
    article = room["articles"][0]
    article.dateline = "Durban"
    article.save_revision().publish()
    response = client.get("/world/africa/story-number-0/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<a class="byline__name" href="/authors/ada-reporter/">Ada Reporter</a>' in html
    assert "DURBAN" in html
    assert "SAST" in html
    assert "ago" in html


def test_agency_credit_shows_when_there_is_no_byline(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Wire story", agency_credit="Southern Wire Service")
    html = client.get("/world/africa/wire-story/").content.decode()
    assert '<p class="byline">Southern Wire Service</p>' in html


def test_read_link_block_renders_linked_headline(client):
    room = newsroom(articles=1)
    target = room["articles"][0]
    make_article(
        room["africa"],
        "Linking story",
        body=[paragraph("First."), ("related_article", {"article": target}), paragraph("Second.")],
    )
    html = client.get("/world/africa/linking-story/").content.decode()
    assert (
        'READ</span> <span aria-hidden="true">|</span> <a href="/world/africa/story-number-0/">Story number 0</a>'
        in html
    )


def test_read_link_to_unpublished_article_renders_nothing(client):
    room = newsroom(articles=1)
    target = room["articles"][0]
    make_article(room["africa"], "Linking story", body=[paragraph("First."), ("related_article", {"article": target})])
    target.unpublish()
    html = client.get("/world/africa/linking-story/").content.decode()
    assert "read-link" not in html
    assert "Story number 0" not in html


def test_body_renders_subheading_quote_and_image(client):
    room = newsroom(articles=0)
    image = make_image("Harbour at dawn")
    make_article(
        room["africa"],
        "Rich story",
        body=[
            paragraph("Opening."),
            ("subheading", "What happens next"),
            ("quote", {"text": "We are ready.", "attribution": "A harbour master"}),
            ("image", {"image": image, "caption": "The harbour", "credit": "Staff"}),
        ],
    )
    html = client.get("/world/africa/rich-story/").content.decode()
    assert '<h2 class="article__subheading">What happens next</h2>' in html
    assert "<blockquote><p>We are ready.</p></blockquote>" in html
    assert "&mdash; A harbour master" in html
    assert 'loading="lazy"' in html and 'width="' in html and 'height="' in html


def test_topic_page_lists_tagged_articles_and_unknown_topic_is_404(client):
    newsroom(articles=2)
    response = client.get("/topics/diplomacy/")
    assert response.status_code == 200
    assert "Story number 1" in response.content.decode()
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_moving_an_article_keeps_the_old_url_working(client, admin_user):
    room = newsroom(articles=1)
    article = room["articles"][0]
    europe = make_section("Europe", parent=room["world"])
    article.move(europe, pos="last-child", user=admin_user)
    response = client.get("/world/africa/story-number-0/")
    assert response.status_code == 301
    assert response["Location"].endswith("/world/europe/story-number-0/")
    assert client.get("/world/europe/story-number-0/").status_code == 200


def test_unknown_path_gets_the_styled_404_page(client):
    newsroom(articles=0)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_draft_article_is_not_visible(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Secret draft", publish=False)
    assert client.get("/world/africa/secret-draft/").status_code == 404
    assert "Secret draft" not in client.get("/").content.decode()


def test_article_published_in_the_future_is_not_listed_before_it_goes_live(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Embargoed", publish=False, go_live_at=timezone.now() + timedelta(days=1))
    assert "Embargoed" not in client.get("/world/").content.decode()


def test_author_slug_is_made_from_name():
    assert make_author("Nomsa van der Berg").slug == "nomsa-van-der-berg"

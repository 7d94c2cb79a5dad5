"""Feeds, sitemaps, robots.txt and structured data, parsed back as a consumer would."""

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in tests
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from newsdesk.core.selectors import absolute_url
from newsdesk.news.tests.factories import make_article, make_author, make_image, make_section, newsroom

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_site_feed_lists_newest_articles_with_standfirst_author_and_topics(client, url):
    newsroom(articles=3)
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["Story number 0", "Story number 1", "Story number 2"]
    entry = feed.entries[0]
    assert entry.link == "http://localhost:8000/world/africa/story-number-0/"
    assert entry.summary == "Standfirst for Story number 0."
    assert entry.author == "Ada Reporter"
    assert [t.term for t in entry.tags] == ["Diplomacy"]


def test_feed_items_never_carry_the_body(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Bodied", body=[("paragraph", "<p>Only on the page itself.</p>")])
    assert b"Only on the page itself" not in client.get("/feeds/rss/").content
    assert b"Only on the page itself" not in client.get("/feeds/atom/").content


def test_section_feed_includes_subsections_and_excludes_other_sections(client):
    room = newsroom(articles=1)
    sport = make_section("Sport")
    make_article(sport, "Cup final tonight")
    feed = feedparser.parse(client.get("/feeds/sections/world/rss/").content)
    assert [e.title for e in feed.entries] == ["Story number 0"]
    atom = feedparser.parse(client.get("/feeds/sections/world/africa/atom/").content)
    assert atom.version == "atom10"
    assert [e.title for e in atom.entries] == ["Story number 0"]
    assert room["africa"].title in atom.feed.title


def test_topic_feed_lists_tagged_articles(client):
    newsroom(articles=2)
    feed = feedparser.parse(client.get("/feeds/topics/diplomacy/rss/").content)
    assert len(feed.entries) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/no-such-section/rss/",
        "/feeds/sections/world/story-number-0/rss/",
        "/feeds/topics/no-such-topic/atom/",
        "/feeds/sections/%00/rss/",
        "/sitemap.xml?p=abc",
        "/sitemap.xml?p=-1",
        "/sitemap.xml?p=9999",
    ],
)
def test_malformed_feed_and_sitemap_requests_are_404_never_500(client, url):
    newsroom(articles=1)
    assert client.get(url).status_code == 404


def test_feeds_are_advertised_with_link_alternate(client):
    room = newsroom(articles=1)
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    section = client.get(room["africa"].url).content.decode()
    assert 'href="/feeds/sections/world/africa/rss/"' in section
    topic = client.get("/topics/diplomacy/").content.decode()
    assert 'href="/feeds/topics/diplomacy/atom/"' in topic


def test_sitemap_lists_live_pages_and_topics_on_site_url(client):
    room = newsroom(articles=2)
    make_article(room["africa"], "Draft only", publish=False)
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert "http://localhost:8000/world/africa/story-number-0/" in locations
    assert "http://localhost:8000/topics/diplomacy/" in locations
    assert not any("draft-only" in loc for loc in locations)


def test_news_sitemap_has_only_the_last_48_hours(client):
    room = newsroom(articles=0)
    make_article(room["africa"], "Fresh", published_at=timezone.now() - timedelta(hours=2))
    make_article(room["africa"], "Stale", published_at=timezone.now() - timedelta(hours=49))
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314
    titles = [t.text for t in root.findall("sm:url/news:news/news:title", SITEMAP_NS)]
    assert titles == ["Fresh"]
    assert root.find("sm:url/sm:loc", SITEMAP_NS).text == "http://localhost:8000/world/africa/fresh/"
    assert root.find("sm:url/news:news/news:publication/news:name", SITEMAP_NS).text == "The Newsdesk Times"


def test_robots_txt_points_at_both_sitemaps(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://localhost:8000/sitemap.xml" in body
    assert "Sitemap: http://localhost:8000/sitemap-news.xml" in body


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_article_json_ld_is_a_complete_news_article(client):
    room = newsroom(articles=0)
    author = make_author("Lindiwe Khumalo", role="Health reporter")
    article = make_article(
        room["africa"],
        "Clinic opens </script> early",
        authors=[author],
        topics=["Health"],
        lead_image=make_image("Clinic"),
    )
    data = _jsonld(client.get(article.url).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Clinic opens </script> early"
    assert data["datePublished"] == article.first_published_at.isoformat()
    assert data["dateModified"] == article.last_published_at.isoformat()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Lindiwe Khumalo",
            "url": absolute_url("/authors/lindiwe-khumalo/"),
            "jobTitle": "Health reporter",
        }
    ]
    assert data["publisher"]["name"] == "The Newsdesk Times"
    assert data["publisher"]["logo"]["url"].startswith("http://localhost:8000/static/")
    assert data["articleSection"] == "Africa"
    assert data["image"][0].startswith("http://localhost:8000/")
    assert data["mainEntityOfPage"]["@id"] == "http://localhost:8000/world/africa/clinic-opens-script-early/"
    assert data["isAccessibleForFree"] is True
    assert "articleBody" not in data


def test_agency_copy_credits_the_agency_as_author(client):
    room = newsroom(articles=0)
    article = make_article(room["africa"], "Wire copy", agency_credit="Southern Wire Service")
    assert _jsonld(client.get(article.url).content.decode())["author"] == [
        {"@type": "Organization", "name": "Southern Wire Service"}
    ]


def test_article_has_canonical_opengraph_and_twitter_tags(client):
    room = newsroom(articles=0)
    article = make_article(room["africa"], "Tagged up", lead_image=make_image("Pic"))
    html = client.get(article.url).content.decode()
    assert '<link rel="canonical" href="http://localhost:8000/world/africa/tagged-up/">' in html
    assert '<meta property="og:title" content="Tagged up">' in html
    assert '<meta property="og:description" content="Standfirst for Tagged up.">' in html
    assert '<meta property="og:image" content="http://localhost:8000/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html

"""The whole-page cache: same bytes for anonymous readers, never for signed-in ones, purged by what changed."""

import pytest
from django.test import override_settings

from newsdesk.news.tests.factories import make_article, make_section, newsroom, paragraph

pytestmark = [pytest.mark.django_db(transaction=False)]

ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})


@pytest.fixture
def room(django_capture_on_commit_callbacks):
    return newsroom(articles=2)


def _get(client, url, **headers):
    return client.get(url, headers=headers)


@ON
def test_anonymous_pages_are_cacheable_identical_and_cookie_free(client, room):
    url = room["articles"][0].url
    first, second = _get(client, url), _get(client, url)
    assert first.content == second.content
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
        assert "stale-while-revalidate=300" in response["Cache-Control"]
        assert "stale-if-error=86400" in response["Cache-Control"]
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert f"article:{room['articles'][0].pk}" in response["Surrogate-Key"].split()


@ON
@pytest.mark.parametrize(
    "url", ["/", "/world/", "/topics/diplomacy/", "/feeds/rss/", "/sitemap.xml", "/sitemap-news.xml"]
)
def test_listings_feeds_and_sitemaps_are_served_from_the_cache(client, room, url):
    assert "X-Page-Cache" not in _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"


@ON
def test_etag_gives_304(client, room):
    url = room["articles"][0].url
    etag = _get(client, url)["ETag"]
    assert _get(client, url, if_none_match=etag).status_code == 304
    assert _get(client, url, if_none_match='"other"').status_code == 200


@ON
def test_signed_in_reader_gets_the_shared_page(client, room, django_user_model):
    url = room["articles"][0].url
    anonymous = _get(client, url)  # an anonymous copy is now cached
    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw-long-enough-1")
    client.force_login(user)
    response = _get(client, url)
    assert response["X-Page-Cache"] == "hit" and response.content == anonymous.content
    assert "public" in response["Cache-Control"]


@ON
def test_publishing_an_article_purges_it_its_sections_home_topics_and_feeds(
    client, room, django_capture_on_commit_callbacks
):
    article = room["articles"][0]
    urls = [
        article.url,
        "/",
        "/world/",
        "/world/africa/",
        "/topics/diplomacy/",
        "/feeds/rss/",
        "/feeds/sections/world/rss/",
        "/sitemap.xml",
    ]
    for url in urls:
        _get(client, url)
    other = make_section("Sport")
    _get(client, other.url)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A corrected headline"
        article.save_revision().publish()
    for url in urls:
        response = _get(client, url)
        assert "X-Page-Cache" not in response, url
        if url != "/sitemap.xml":
            assert b"A corrected headline" in response.content, url


@ON
def test_publishing_purges_other_articles_that_link_to_it(client, room, django_capture_on_commit_callbacks):
    target = room["articles"][1]
    linking = make_article(room["africa"], "Linker", body=[paragraph("x"), ("related_article", {"article": target})])
    _get(client, linking.url)
    with django_capture_on_commit_callbacks(execute=True):
        target.title = "Renamed target"
        target.save_revision().publish()
    assert b"Renamed target" in _get(client, linking.url).content


@ON
def test_unpublishing_removes_the_article_from_cached_listings(client, room, django_capture_on_commit_callbacks):
    article = room["articles"][0]
    assert article.title.encode() in _get(client, "/world/").content
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert article.title.encode() not in _get(client, "/world/").content
    assert _get(client, article.url).status_code == 404


@ON
def test_responses_that_set_cookies_or_fail_are_not_stored(client, room):
    assert _get(client, "/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in _get(client, "/no-such-page/")

"""Purges that depend on what an edit took away, not only on what the page now shows."""

import pytest
from django.test import override_settings

from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import newsroom

pytestmark = pytest.mark.django_db

ON = override_settings(NEWSDESK_PAGE_CACHE={"ENABLED": True, "MAX_AGE": 60})
OLD_TOPIC_URLS = ["/topics/diplomacy/", "/feeds/topics/diplomacy/rss/", "/feeds/topics/diplomacy/atom/"]


@ON
def test_removing_a_topic_from_a_published_article_purges_the_old_topics_page_and_feeds(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(articles=2)
    article, other = room["articles"]
    for url in OLD_TOPIC_URLS:
        assert article.title.encode() in client.get(url).content
        assert client.get(url)["X-Page-Cache"] == "hit", url  # cached, so only a purge can change it

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePage.objects.get(pk=article.pk)
        article.tags.set(["Trade"])
        article.save_revision().publish()

    for url in OLD_TOPIC_URLS:
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
        assert article.title.encode() not in response.content, url
        assert other.title.encode() in response.content, url
    assert article.title.encode() in client.get("/topics/trade/").content


@ON
def test_saving_a_draft_does_not_purge_the_live_topics(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(articles=1)
    article = ArticlePage.objects.get(pk=room["articles"][0].pk)
    client.get("/topics/diplomacy/")
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.set(["Trade"])
        article.save_revision()  # a draft: readers still see the live version and its topics
    assert client.get("/topics/diplomacy/")["X-Page-Cache"] == "hit"


@ON
def test_renaming_a_topic_in_the_admin_purges_its_page_and_the_articles_that_list_it(
    client, django_capture_on_commit_callbacks
):
    from newsdesk.core.tests.factories import make_staff

    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(articles=1)
    article = room["articles"][0]
    for url in ["/topics/diplomacy/", article.url]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    tag = article.tags.get(slug="diplomacy")

    editor = make_staff("Editors")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/taggit/tag/edit/{tag.pk}/", {"name": "Statecraft", "slug": "diplomacy"}
        )
    assert response.status_code == 302
    client.logout()

    for url in ["/topics/diplomacy/", article.url]:
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
        assert b"Statecraft" in response.content, url


def test_topics_are_listed_for_editors_and_deleted_only_by_sub_editors(client):
    from taggit.models import Tag

    from newsdesk.core.tests.factories import make_staff

    tag = Tag.objects.create(name="Duplicate topic", slug="duplicate-topic")
    client.force_login(make_staff("Editors"))
    assert b"Duplicate topic" in client.get("/admin/snippets/taggit/tag/").content
    client.post(f"/admin/snippets/taggit/tag/delete/{tag.pk}/")
    assert Tag.objects.filter(pk=tag.pk).exists()
    client.force_login(make_staff("Sub-editors"))
    assert client.post(f"/admin/snippets/taggit/tag/delete/{tag.pk}/").status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()

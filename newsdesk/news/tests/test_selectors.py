"""The reads other apps use to reach an article: only what every reader may see, in byline order."""

import pytest
from wagtail.models import PageViewRestriction

from newsdesk.news import selectors

from .factories import make_article, make_author, newsroom

pytestmark = pytest.mark.django_db


def test_live_article_is_found_without_its_body_and_only_while_every_reader_may_see_it(django_assert_num_queries):
    room = newsroom(articles=0)
    article = make_article(room["africa"], "Harvest recovers")
    draft = make_article(room["africa"], "Not yet", publish=False)
    selectors.live_article(article_id=article.pk)  # the privacy list is cached after its first read
    with django_assert_num_queries(1):
        found = selectors.live_article(article_id=article.pk)
    assert found.pk == article.pk and "body" in found.get_deferred_fields()
    assert selectors.live_article(article_id=draft.pk) is None
    assert selectors.live_article(article_id=room["africa"].pk) is None  # a section is not an article
    assert selectors.live_article(article_id=999_999) is None
    PageViewRestriction.objects.create(page=room["world"], restriction_type=PageViewRestriction.LOGIN)
    assert selectors.live_article(article_id=article.pk) is None  # private through its section
    PageViewRestriction.objects.all().delete()
    assert selectors.live_article(article_id=article.pk).pk == article.pk
    article.unpublish()
    assert selectors.live_article(article_id=article.pk) is None


def test_article_authors_come_in_byline_order():
    room = newsroom(articles=0)
    second, first = make_author("Zanele Second"), make_author("Anele First")
    article = make_article(room["africa"], "Two bylines", authors=[second, first])
    assert selectors.article_authors(article_id=article.pk) == [second, first]
    assert selectors.article_authors(article_id=999_999) == []

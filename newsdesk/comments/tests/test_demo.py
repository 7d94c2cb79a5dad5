"""The demo conversations: each under the article it discusses, whatever order the articles were published in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.comments.demo import loader
from newsdesk.comments.models import Comment
from newsdesk.news.demo.loader import demo_key
from newsdesk.news.tests.factories import make_article, newsroom

pytestmark = pytest.mark.django_db


def test_each_demo_comment_is_under_the_article_its_conversation_names():
    section = newsroom(articles=0)["africa"]
    now = timezone.now()
    slugs = [conversation["article"] for conversation in loader.CONVERSATIONS]
    # Published in the opposite order to the data's, so that matching by position would put every thread elsewhere.
    articles = {
        slug: make_article(
            section,
            f"Demo story {slug}",
            slug=slug,
            translation_key=demo_key("article", slug),
            published_at=now - timedelta(hours=10 - i),
        )
        for i, slug in enumerate(slugs)
    }
    make_article(section, "A newer story no conversation is about", published_at=now)

    loader.load()

    written = {
        conversation["article"]: [c["text"] for c in conversation["comments"]] for conversation in loader.CONVERSATIONS
    }
    found = {
        slug: list(Comment.objects.filter(article_id=article.pk).order_by("pk").values_list("body", flat=True))
        for slug, article in articles.items()
    }
    assert found == written
    assert Comment.objects.count() == sum(len(texts) for texts in written.values())


def test_the_demo_conversations_discuss_their_articles_subjects():
    subjects = {
        "weather-service-warns-of-severe-thunderstorms": "hail",
        "metro-council-approves-water-budget": "water mains",
        "fuel-price-cut-eases-pressure-on-commuters": "R1.12 a litre",
    }
    assert sorted(c["article"] for c in loader.CONVERSATIONS) == sorted(subjects)
    for conversation in loader.CONVERSATIONS:
        assert subjects[conversation["article"]] in " ".join(c["text"] for c in conversation["comments"])

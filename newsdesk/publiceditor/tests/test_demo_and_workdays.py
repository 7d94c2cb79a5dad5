"""The demo loader is idempotent; working days skip weekends and South African public holidays."""

import datetime as dt

import pytest

from newsdesk.news.demo.loader import demo_key
from newsdesk.news.models import ArticlePage
from newsdesk.news.tests.factories import make_article, newsroom
from newsdesk.publiceditor.demo import loader
from newsdesk.publiceditor.models import Case, Correction
from newsdesk.publiceditor.workdays import add_working_days, is_working_day, working_days_late


def _demo_articles(slugs) -> dict:
    """Make an article for each demo slug, carrying the identity the news demo gives it."""
    section = newsroom(articles=0)["africa"]
    return {
        slug: make_article(section, f"Demo story {slug}", slug=slug, translation_key=demo_key("article", slug))
        for slug in slugs
    }


@pytest.mark.django_db
def test_demo_loader_runs_twice_and_creates_nothing_new():
    _demo_articles({spec["article"] for spec in loader.DEMO_CASES if spec["article"]})
    loader.load()
    loader.load()
    assert Case.objects.count() == 5
    assert Correction.objects.count() == 1
    assert Case.objects.filter(state="closed").count() == 1


@pytest.mark.django_db
def test_each_demo_case_and_the_correction_are_about_the_article_they_name():
    articles = _demo_articles({spec["article"] for spec in loader.DEMO_CASES if spec["article"]})
    newsroom_stories = ArticlePage.objects.exclude(pk__in=[a.pk for a in articles.values()])
    assert not newsroom_stories.exists()  # only the named articles are there to attach to

    loader.load()

    cases = {case.message: case.article_id for case in Case.objects.all()}
    assert cases == {
        spec["message"]: (articles[spec["article"]].pk if spec["article"] else None) for spec in loader.DEMO_CASES
    }
    correction = Correction.objects.get()
    assert correction.article_id == articles["pietermaritzburg-flood-repairs-behind-schedule"].pk
    assert correction.text == loader.DEMO_CORRECTION["text"]
    assert "Pietermaritzburg" in Case.objects.get(state="resolved", kind="complaint").message


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (dt.date(2026, 11, 27), 2, dt.date(2026, 12, 1)),  # Friday -> Tuesday
        (dt.date(2026, 11, 28), 2, dt.date(2026, 12, 1)),  # Saturday counts from Monday
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Good Friday and Family Day
        (dt.date(2026, 6, 15), 1, dt.date(2026, 6, 17)),  # Youth Day
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_working_days_late_and_holidays():
    assert not is_working_day(dt.date(2026, 12, 16))  # Day of Reconciliation
    assert working_days_late(dt.date(2026, 12, 15), dt.date(2026, 12, 18)) == 2
    assert working_days_late(dt.date(2026, 12, 15), dt.date(2026, 12, 15)) == 0

"""The demo's day of views: "Most read" and the section lists have stories on a fresh demo; a second load adds none."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import Sum

from newsdesk.news.tests.factories import newsroom
from newsdesk.readership.demo import loader
from newsdesk.readership.models import HourlyViews
from newsdesk.readership.selectors import most_read

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 10, 7, 30, tzinfo=dt.UTC)


def test_the_demo_ranks_its_newest_stories_for_a_day_and_loads_once():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        site = newsroom(articles=3)
        out = io.StringIO()
        loader.load(stdout=out)
        assert out.getvalue() == "readership: a day of demo views for 3 articles\n"
        ranked = most_read(section_id=None, now=NOW)
        newest_first = sorted(site["articles"], key=lambda page: page.first_published_at, reverse=True)
        assert [item.article.id for item in ranked] == [page.pk for page in newest_first]
        section = site["articles"][0].get_parent().pk
        assert [item.article.id for item in most_read(section_id=section, now=NOW)] == [p.pk for p in newest_first]
        hours = HourlyViews.objects.values_list("hour", flat=True).distinct()
        assert min(hours) == NOW.replace(minute=0) - dt.timedelta(hours=23) and max(hours) == NOW.replace(minute=0)
        total = HourlyViews.objects.aggregate(total=Sum("views"))["total"]

    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        loader.load(stdout=out)
    assert HourlyViews.objects.aggregate(total=Sum("views"))["total"] == total

"""Demo readership: a day of made-up hourly views for the demo's newest articles, so "Most read" and the newsroom
dashboard have something to show on a fresh demo. The numbers are a fixed pattern, not anyone's reading.

Loaded when no page has views in the last 24 hours; a later run within the day adds nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from newsdesk.news.selectors import live_articles, page_sections

from ..clock import hour_of
from ..models import HourlyViews, ReferrerKind

ARTICLES = 12
HOURS = 24
# Each article's share of an hour's views by referrer kind.
KINDS = {
    ReferrerKind.DIRECT: 5,
    ReferrerKind.SEARCH: 3,
    ReferrerKind.SOCIAL: 2,
    ReferrerKind.INTERNAL: 2,
    ReferrerKind.NEWSLETTER: 1,
}


def _views(rank: int, hours_ago: int) -> int:
    """A reading curve: newer and higher-ranked stories read more, mornings and evenings busier than the night."""
    hour_weight = (6, 4, 3, 2, 2, 3, 6, 9, 10, 8, 7, 7, 8, 7, 6, 6, 7, 9, 10, 9, 8, 7, 6, 5)[hours_ago % 24]
    return max(1, (ARTICLES - rank) * hour_weight * 3 - hours_ago)


def load(stdout=None) -> None:
    now = timezone.now()
    first_hour = hour_of(now) - dt.timedelta(hours=HOURS - 1)
    if HourlyViews.objects.filter(hour__gte=first_hour).exists():
        return
    article_ids = list(live_articles().order_by("-first_published_at", "-pk").values_list("pk", flat=True)[:ARTICLES])
    sections = page_sections(page_ids=article_ids)
    rows = [
        HourlyViews(
            hour=hour_of(now) - dt.timedelta(hours=hours_ago),
            page_id=page_id,
            section_id=sections.get(page_id),
            kind=kind,
            views=_views(rank, hours_ago) * share,
        )
        for rank, page_id in enumerate(article_ids)
        for hours_ago in range(HOURS)
        for kind, share in KINDS.items()
    ]
    with transaction.atomic():
        HourlyViews.objects.bulk_create(rows, ignore_conflicts=True)
    if stdout is not None and rows:
        stdout.write(f"readership: a day of demo views for {len(article_ids)} articles\n")

"""Reads for "Most read" and the newsroom dashboard, from the hourly rows (and the live store for "now")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.template.loader import render_to_string

from newsdesk.news.selectors import ArticleSummary, article_summaries, page_titles

from .clock import day_start, hour_of, newsroom_day
from .models import HourlyViews, ReferrerHostDay, ReferrerKind
from .stores import current_store

MOST_READ_SIZE = 5
MOST_READ_SECONDS = 60
MOST_READ_KEY = "readership:most-read:v1:{section}"
DASHBOARD_SIZE = 20


@dataclass(frozen=True)
class Ranked:
    article: ArticleSummary
    views: int


def _ranked(totals: list[tuple[int, int]], limit: int) -> list[Ranked]:
    """Return the first `limit` live articles of (page id, views) pairs, best first (sections and home left out)."""
    summaries = article_summaries(article_ids=[page_id for page_id, _ in totals])
    return [Ranked(summaries[page_id], views) for page_id, views in totals if page_id in summaries][:limit]


def top_pages(*, since: dt.datetime, section_id: int | None = None, limit: int) -> list[tuple[int, int]]:
    """Return (page id, views) of the most viewed pages since an hour, best first."""
    rows = HourlyViews.objects.filter(hour__gte=since)
    if section_id is not None:
        rows = rows.filter(section_id=section_id)
    totals = rows.values("page_id").annotate(total=Sum("views")).order_by("-total", "page_id")[:limit]
    return [(row["page_id"], row["total"]) for row in totals]


def most_read(*, section_id: int | None, now: dt.datetime, limit: int = MOST_READ_SIZE) -> list[Ranked]:
    """Return the most read live articles of the last 24 hours, for the site or one section."""
    since = hour_of(now) - dt.timedelta(hours=23)
    # Asked for more than shown: section fronts and the home page are counted too, and are not articles.
    return _ranked(top_pages(since=since, section_id=section_id, limit=limit * 4), limit)


def most_read_html(*, section_id: int | None, now: dt.datetime) -> str:
    """Return the "Most read" fragment, rendered at most once a minute and the same for every reader."""
    key = MOST_READ_KEY.format(section=section_id or "all")
    html = cache.get(key)
    if html is None:
        html = render_to_string("readership/most_read.html", {"items": most_read(section_id=section_id, now=now)})
        cache.set(key, html, MOST_READ_SECONDS)
    return html


@dataclass(frozen=True)
class Dashboard:
    now_reading: list[Ranked]  # views field holds readers in the last five minutes
    today_top: list[Ranked]
    sections: list[tuple[str, int]]
    authors: list[tuple[str, int]]
    kinds: list[tuple[str, int]]
    hosts: list[tuple[str, str, int]]
    charts: dict[int, list[tuple[dt.datetime, int]]]


def hourly_series(*, page_ids: list[int], now: dt.datetime) -> dict[int, list[tuple[dt.datetime, int]]]:
    """Return each page's views per hour over the last 24 hours, oldest first, hours without views as 0."""
    first = hour_of(now) - dt.timedelta(hours=23)
    hours = [first + dt.timedelta(hours=i) for i in range(24)]
    found = Counter()
    rows = HourlyViews.objects.filter(page_id__in=page_ids, hour__gte=first).values("page_id", "hour")
    for row in rows.annotate(total=Sum("views")):
        found[(row["page_id"], row["hour"])] = row["total"]
    return {page_id: [(hour, found[(page_id, hour)]) for hour in hours] for page_id in page_ids}


def dashboard(*, now: dt.datetime) -> Dashboard:
    """Return the newsroom's live board: readers now, today's top, totals by section, author and referrer."""
    today = newsroom_day(now)
    since = day_start(today)
    now_counts = sorted(current_store().readers_now(now).items(), key=lambda item: (-item[1], item[0]))
    now_reading = _ranked(now_counts, DASHBOARD_SIZE)

    today_rows = HourlyViews.objects.filter(hour__gte=since)
    page_totals = [
        (row["page_id"], row["total"])
        for row in today_rows.values("page_id").annotate(total=Sum("views")).order_by("-total", "page_id")
    ]
    today_top = _ranked(page_totals, DASHBOARD_SIZE)

    section_rows = today_rows.exclude(section_id=None).values("section_id").annotate(total=Sum("views"))
    titles = page_titles(page_ids=[row["section_id"] for row in section_rows])
    sections = sorted(
        ((titles.get(row["section_id"], "(removed)"), row["total"]) for row in section_rows),
        key=lambda item: (-item[1], item[0]),
    )

    authors: Counter = Counter()
    summaries = article_summaries(article_ids=[page_id for page_id, _ in page_totals])
    for page_id, views in page_totals:
        for name in summaries[page_id].authors if page_id in summaries else ():
            authors[name] += views
    kinds = dict.fromkeys(ReferrerKind.values, 0)
    for row in today_rows.values("kind").annotate(total=Sum("views")):
        kinds[row["kind"]] = row["total"]
    hosts = ReferrerHostDay.objects.filter(day=today).order_by("-views", "host")[:DASHBOARD_SIZE]
    shown = list(dict.fromkeys([r.article.id for r in now_reading] + [r.article.id for r in today_top]))
    return Dashboard(
        now_reading=now_reading,
        today_top=today_top,
        sections=sections,
        authors=sorted(authors.items(), key=lambda item: (-item[1], item[0]))[:DASHBOARD_SIZE],
        kinds=[(ReferrerKind(kind).label, views) for kind, views in kinds.items()],
        hosts=[(host.host, ReferrerKind(host.kind).label, host.views) for host in hosts],
        charts=hourly_series(page_ids=shown, now=now),
    )


def export_rows(*, first: dt.date, last: dt.date) -> Iterator[list[str | int]]:
    """Yield the CSV export of hourly views between two newsroom days (inclusive), header first."""
    yield ["hour_start_sast", "page_id", "headline", "section", "referrer_kind", "views"]
    rows = HourlyViews.objects.filter(hour__gte=day_start(first), hour__lt=day_start(last + dt.timedelta(days=1)))
    rows = rows.order_by("hour", "page_id", "kind")
    names: dict[int, str] = {}
    for row in rows.iterator(chunk_size=5000):
        for page_id in (row.page_id, row.section_id):
            if page_id and page_id not in names:
                names.update(page_titles(page_ids=[page_id]))
        yield [
            row.hour.astimezone(day_start(first).tzinfo).isoformat(),
            row.page_id,
            names.get(row.page_id, ""),
            names.get(row.section_id, "") if row.section_id else "",
            row.kind,
            row.views,
        ]

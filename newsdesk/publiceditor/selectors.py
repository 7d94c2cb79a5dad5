"""Reads for the public editor: settings, tracking tokens, the queue, corrections and the public figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsdesk.news.selectors import live_articles

from .models import Case, CaseMessage, Correction, Kind, Outcome, PublicEditorSettings, State
from .workdays import working_days_late

TOKEN_SALT = "publiceditor.case-tracking"  # noqa: S105 - a signing namespace, not a secret
OPEN_STATES = (State.NEW, State.ACKNOWLEDGED, State.INVESTIGATING)
CORRECTIONS_ATTR = "_publiceditor_corrections"


def editor_settings() -> PublicEditorSettings:
    """Return the default site's public editor settings (their defaults when no site exists yet)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return PublicEditorSettings.for_site(site) if site else PublicEditorSettings()


def case_token(case: Case) -> str:
    """Return the private token that lets a reader follow a case without an account."""
    # No timestamp: the link in every email for a case is the same, and it works for the case's whole life.
    return signing.Signer(salt=TOKEN_SALT).sign_object({"c": case.pk, "r": case.reference}, compress=True)


def case_for_token(token: str) -> Case | None:
    """Return the case a tracking token opens, or None when it is forged, damaged or the case is gone."""
    try:
        data = signing.Signer(salt=TOKEN_SALT).unsign_object(token[:500])
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return (
        Case.objects.select_related("article")
        .filter(pk=data.get("c"), reference=data.get("r"), personal_data_erased_at__isnull=True)
        .first()
    )


def public_thread(case: Case) -> list[CaseMessage]:
    """Return the messages the reader sees on their case: theirs and the public editor's, never internal notes."""
    return list(case.messages.exclude(author_kind=CaseMessage.Author.NOTE).order_by("created_at", "pk"))


def overdue_q(today: date) -> Q:
    """Return the filter for cases past their acknowledge or resolve due date."""
    return Q(state=State.NEW, acknowledge_due_on__lt=today) | Q(state__in=OPEN_STATES, resolve_due_on__lt=today)


def overdue_cases(*, today: date | None = None) -> QuerySet[Case]:
    """Return the open cases that missed a service level, oldest first."""
    today = today or timezone.localdate()
    return Case.objects.filter(overdue_q(today)).select_related("assigned_to", "article").order_by("created_at")


@dataclass(frozen=True)
class Lateness:
    """Which service level a case missed and by how many working days."""

    label: str
    working_days: int


def case_lateness(case: Case, *, today: date | None = None) -> Lateness | None:
    """Return how late a case is, or None when it is on time or settled."""
    today = today or timezone.localdate()
    if case.state == State.NEW and case.acknowledge_due_on < today:
        return Lateness("Acknowledgement overdue", working_days_late(case.acknowledge_due_on, today))
    if case.state in OPEN_STATES and case.resolve_due_on < today:
        return Lateness("Resolution overdue", working_days_late(case.resolve_due_on, today))
    return None


def corrections_for_article(article) -> list[Correction]:
    """Return an article's corrections, newest first, in one query however often the page asks."""
    cached = getattr(article, CORRECTIONS_ATTR, None)
    if cached is None and article.pk is None:
        cached = []  # an unsaved article (an editor's preview of a new one) has none yet
    if cached is None:
        cached = list(Correction.objects.filter(article_id=article.pk).order_by("-published_at", "-pk"))
        setattr(article, CORRECTIONS_ATTR, cached)
    return cached


def published_corrections() -> QuerySet[Correction]:
    """Return every correction on an article readers may see (live, not private), newest first, with its article."""
    return (
        Correction.objects.filter(article__in=live_articles())
        .select_related("article")
        .defer("article__body")
        .order_by("-published_at", "-pk")
    )


@dataclass
class MonthFigures:
    """One month's accountability figures."""

    month: date
    received: dict[str, int]
    total: int
    median_hours_to_acknowledge: float | None
    median_days_to_resolve: float | None
    complaints_resolved: int
    share_upheld: float | None  # upheld or partly upheld, of complaints resolved that month
    corrections: int


def _month_start(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def _months_back(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def accountability_figures(*, months: int = 12, today: date | None = None) -> list[MonthFigures]:
    """Return the last `months` months of figures, oldest first, in three queries."""
    today = today or timezone.localdate()
    span = _months_back(today, months)
    start = timezone.make_aware(datetime(span[0].year, span[0].month, 1))  # noqa: DTZ001 - made aware in SAST
    rows = list(
        Case.objects.filter(Q(created_at__gte=start) | Q(resolved_at__gte=start)).values(
            "kind", "created_at", "acknowledged_at", "resolved_at", "outcome"
        )
    )
    correction_times = list(Correction.objects.filter(published_at__gte=start).values_list("published_at", flat=True))
    figures = {m: MonthFigures(m, dict.fromkeys(Kind.values, 0), 0, None, None, 0, None, 0) for m in span}
    ack: dict[date, list[float]] = {m: [] for m in span}
    resolve: dict[date, list[float]] = {m: [] for m in span}
    upheld: dict[date, int] = dict.fromkeys(span, 0)
    for row in rows:
        received = _month_start(row["created_at"])
        if received in figures:
            figures[received].received[row["kind"]] += 1
            figures[received].total += 1
            if row["acknowledged_at"]:
                ack[received].append((row["acknowledged_at"] - row["created_at"]).total_seconds() / 3600)
        if row["resolved_at"]:
            resolved = _month_start(row["resolved_at"])
            if resolved in figures:
                resolve[resolved].append((row["resolved_at"] - row["created_at"]).total_seconds() / 86400)
                if row["kind"] == Kind.COMPLAINT:
                    figures[resolved].complaints_resolved += 1
                    if row["outcome"] in (Outcome.UPHELD, Outcome.PARTLY_UPHELD):
                        upheld[resolved] += 1
    for moment in correction_times:
        month = _month_start(moment)
        if month in figures:
            figures[month].corrections += 1
    for month, item in figures.items():
        item.median_hours_to_acknowledge = round(statistics.median(ack[month]), 1) if ack[month] else None
        item.median_days_to_resolve = round(statistics.median(resolve[month]), 1) if resolve[month] else None
        if item.complaints_resolved:
            item.share_upheld = round(100 * upheld[month] / item.complaints_resolved, 1)
    return [figures[m] for m in span]


FIGURES_CACHE_KEY = "publiceditor:figures:{today}:{months}:v1"
FIGURES_CACHE_SECONDS = 300


def cached_accountability_figures(*, months: int = 12) -> list[MonthFigures]:
    """Return the figures, recomputed at most every five minutes: the public page reads every case of a year."""
    from django.core.cache import cache

    today = timezone.localdate()
    key = FIGURES_CACHE_KEY.format(today=today.isoformat(), months=months)
    figures = cache.get(key)
    if figures is None:
        figures = accountability_figures(months=months, today=today)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


def person_cases(email: str) -> QuerySet[Case]:
    """Return every case a person (by email address) sent, with its thread."""
    return Case.objects.filter(email__iexact=email.strip()).prefetch_related("messages").order_by("created_at")


def person_export(email: str) -> dict:
    """Return everything stored about one person, as a JSON-ready dict (a subject access request)."""
    cases = []
    for case in person_cases(email):
        cases.append(
            {
                "reference": case.reference,
                "kind": case.kind,
                "category": case.category,
                "article_id": case.article_id,
                "name": case.name,
                "email": case.email,
                "consent_to_contact": case.consent_to_contact,
                "message": case.message,
                "state": case.state,
                "outcome": case.outcome,
                "created_at": case.created_at.isoformat(),
                "thread": [
                    {"from": m.author_kind, "body": m.body, "at": m.created_at.isoformat()}
                    for m in case.messages.all()
                    if m.author_kind != CaseMessage.Author.NOTE
                ],
            }
        )
    return {"email": email.strip(), "cases": cases}

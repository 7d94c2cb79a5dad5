"""Reads: which poll a page shows, its results (from the counters, never a COUNT over votes), a reader's vote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncHour
from django.utils import timezone

from .models import Placement, Poll, PollOption, PollStatus, ResultsShow, Vote

POLL_BLOCK_TYPE = "poll"
SCIENTIFIC_NOTE = "Reader polls reflect the views of those who chose to vote, not a scientific sample."


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    label: str
    votes: int
    percent: int


@dataclass(frozen=True)
class PollResults:
    poll_id: int
    total: int
    options: list[OptionResult]


def largest_remainder(counts: list[int]) -> list[int]:
    """Return whole percentages for these counts that add up to exactly 100 (all zero when nobody voted).

    Ties in the remainder go to the earlier option, so the result is stable for the editor's order.
    """
    total = sum(counts)
    if total == 0:
        return [0 for _ in counts]
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    short = 100 - sum(floors)
    for index in sorted(range(len(counts)), key=lambda i: (-remainders[i], i))[:short]:
        floors[index] += 1
    return floors


def poll_options(*, poll_id: int) -> list[PollOption]:
    """Return a poll's options in the editor's order."""
    return list(PollOption.objects.filter(poll_id=poll_id).order_by("sort_order", "pk"))


def poll_results(*, poll: Poll, options: list[PollOption] | None = None) -> PollResults:
    """Return each option's votes and whole percentage, in the editor's order, from the tally counters."""
    options = options if options is not None else poll_options(poll_id=poll.pk)
    counts = [option.votes for option in options]
    percents = largest_remainder(counts)
    return PollResults(
        poll_id=poll.pk,
        total=sum(counts),
        options=[
            OptionResult(option_id=o.pk, label=o.label, votes=o.votes, percent=p)
            for o, p in zip(options, percents, strict=True)
        ],
    )


def visible_poll(*, poll_id: int) -> Poll | None:
    """Return a poll readers may see (any status but draft), or None."""
    return Poll.objects.exclude(status=PollStatus.DRAFT).filter(pk=poll_id).first()


def results_visible(*, poll: Poll, has_voted: bool, now: datetime | None = None) -> bool:
    """Return whether this reader may see the counts now."""
    now = now or timezone.now()
    if poll.has_closed_at(now):
        return True
    return poll.results_show == ResultsShow.AFTER_VOTING and has_voted


def vote_for(*, poll_id: int, user_id: int | None, voter_key: str | None) -> Vote | None:
    """Return this reader's vote in the poll (by account if signed in, else by voter cookie), or None."""
    queryset = Vote.objects.select_related("option").filter(poll_id=poll_id)
    if user_id is not None:
        return queryset.filter(user_id=user_id).first()
    if voter_key:
        return queryset.filter(voter_key=voter_key).first()
    return None


def _block_poll_id(article_view) -> int | None:
    """Return the id of the first poll block in the body this page shows (the article body door's result)."""
    if article_view is None:
        return None
    for block in article_view.body.blocks.raw_data:
        if block.get("type") == POLL_BLOCK_TYPE and block.get("value"):
            value = block["value"]
            poll_id = value.get("poll") if isinstance(value, dict) else value
            if poll_id:
                return int(poll_id)
    return None


def poll_for_page(*, page, article_view=None) -> Poll | None:
    """Return the poll a page's sidebar shows: its body's poll block, else the nearest section's poll, else the
    site-wide current poll. One query: the candidates are ranked in SQL and the best one taken."""
    candidates = Q(placement=Placement.SITE)
    priority = [When(placement=Placement.SITE, then=Value(2))]
    if page is not None and getattr(page, "path", None):
        # The page and its ancestors' tree paths are prefixes of its own path.
        steplen = 4
        paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
        candidates |= Q(placement=Placement.SECTION, section__path__in=paths)
        priority.insert(0, When(placement=Placement.SECTION, then=Value(1)))
    block_poll_id = _block_poll_id(article_view)
    if block_poll_id is not None:
        candidates |= Q(pk=block_poll_id)
        priority.insert(0, When(pk=block_poll_id, then=Value(0)))
    return (
        Poll.objects.exclude(status=PollStatus.DRAFT)
        .filter(candidates, opens_at__lte=timezone.now())
        .annotate(rank=Case(*priority, default=Value(3), output_field=IntegerField()))
        .order_by("rank", F("section__depth").desc(nulls_last=True), "-opens_at", "-pk")
        .first()
    )


def votes_per_hour(*, poll_id: int, hours: int = 48) -> list[tuple[datetime, int]]:
    """Return (hour, votes) for the last `hours` hours, oldest first, zero-filled; for the editor's chart."""
    end = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(hours=hours)
    rows = (
        Vote.objects.filter(poll_id=poll_id, created_at__gte=start)
        .annotate(hour=TruncHour("created_at"))
        .values("hour")
        .annotate(n=Count("pk"))
    )
    counts = {row["hour"]: row["n"] for row in rows}
    return [(start + timedelta(hours=i), counts.get(start + timedelta(hours=i), 0)) for i in range(hours)]


def stored_vote_counts(*, poll_id: int) -> dict[int, int]:
    """Return the number of stored vote rows per option (audits and tests; never on the page path)."""
    rows = Vote.objects.filter(poll_id=poll_id).values("option_id").annotate(n=Count("pk"))
    return {row["option_id"]: row["n"] for row in rows}

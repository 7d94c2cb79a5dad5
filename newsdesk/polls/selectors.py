"""Reads: which poll a page shows, its results (from the tallies, never a COUNT over votes), a reader's vote."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncHour
from django.http import HttpRequest
from django.utils import timezone

from .models import OptionTally, Placement, Poll, PollOption, PollSettings, PollStatus, ResultsShow, Vote

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


def option_tallies(*, option_ids: list[int]) -> dict[int, int]:
    """Return each option's vote count, summed from its tally shards in one query (never a COUNT over votes)."""
    rows = OptionTally.objects.filter(option_id__in=option_ids).values("option_id").annotate(n=Sum("votes"))
    found = {row["option_id"]: int(row["n"]) for row in rows}
    return {option_id: found.get(option_id, 0) for option_id in option_ids}


def poll_results(
    *, poll: Poll, options: list[PollOption] | None = None, tallies: dict[int, int] | None = None
) -> PollResults:
    """Return each option's votes and whole percentage, in the editor's order, from the tallies (one query).

    A caller that already read the tallies (a vote's statement returns them) passes them in with the options.
    """
    if tallies is not None and options is not None:
        counts = [tallies.get(option.pk, 0) for option in options]
    elif options is None:
        options = list(
            PollOption.objects.filter(poll_id=poll.pk)
            .annotate(tally=Coalesce(Sum("tallies__votes"), 0))
            .order_by("sort_order", "pk")
        )
        counts = [int(option.tally) for option in options]
    else:
        tallies = option_tallies(option_ids=[option.pk for option in options])
        counts = [tallies[option.pk] for option in options]
    percents = largest_remainder(counts)
    return PollResults(
        poll_id=poll.pk,
        total=sum(counts),
        options=[
            OptionResult(option_id=o.pk, label=o.label, votes=n, percent=p)
            for o, n, p in zip(options, counts, percents, strict=True)
        ],
    )


def polls_with_vote_totals() -> QuerySet[Poll]:
    """Return every poll with `total_votes`, summed from its options' tally shards, for the editors' listing."""
    return Poll.objects.annotate(total_votes=Coalesce(Sum("options__tallies__votes"), 0))


def ballot(*, poll_id: int) -> tuple[Poll, list[PollOption]] | None:
    """Return a poll readers may see and its options in the editor's order, in one query; None if there is none.

    A poll with no options has nothing to vote for, so for a vote it is as good as missing.
    """
    options = list(
        PollOption.objects.select_related("poll")
        .filter(poll_id=poll_id)
        .exclude(poll__status=PollStatus.DRAFT)
        .order_by("sort_order", "pk")
    )
    if not options:
        return None
    poll = options[0].poll
    for option in options:
        option.poll = poll
    return poll, options


# Ballots by poll id, for a few seconds in each process: every vote needs the poll and its options, and reading
# them is a round trip and an ORM query. A copy is never the last word: the vote's statement checks the poll's rules
# again in the database, and any refusal is decided on freshly read rows (`ballot(fresh=True)`). What a copy can
# show for those seconds is an option's old wording, or results after an editor switched them to "when closed".
_ballot_cache: dict[int, tuple[float, tuple[Poll, list[PollOption]] | None]] = {}
BALLOT_CACHE_SECONDS = 5


def ballot_cached(*, poll_id: int) -> tuple[Poll, list[PollOption]] | None:
    """Return `ballot(poll_id=...)` as this process read it at most five seconds ago."""
    cached = _ballot_cache.get(poll_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    return ballot_fresh(poll_id=poll_id)


def ballot_fresh(*, poll_id: int) -> tuple[Poll, list[PollOption]] | None:
    """Return `ballot(poll_id=...)` read now, and keep it for `ballot_cached`."""
    found = ballot(poll_id=poll_id)
    if len(_ballot_cache) > 1000:  # a few polls are open at a time; stay bounded whatever ids are asked for
        _ballot_cache.clear()
    _ballot_cache[poll_id] = (time.monotonic() + BALLOT_CACHE_SECONDS, found)
    return found


def forget_ballots() -> None:
    """Drop this process's copies of every ballot."""
    _ballot_cache.clear()


# Site settings by (host, port): every vote needs the limits, and reading them costs two queries.
_settings_cache: dict[tuple[str, str], tuple[float, PollSettings]] = {}
SETTINGS_CACHE_SECONDS = 30


def poll_settings(*, request: HttpRequest) -> PollSettings:
    """Return the poll settings of the request's site, read again at most every 30 seconds in each process.

    Saving the settings forgets them at once in the process that saved them; the others follow within 30 s.
    """
    key = (request.get_host(), request.get_port())
    now = time.monotonic()
    cached = _settings_cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    found = PollSettings.for_request(request)
    if len(_settings_cache) > 100:  # only hosts in ALLOWED_HOSTS get here, but stay bounded anyway
        _settings_cache.clear()
    _settings_cache[key] = (now + SETTINGS_CACHE_SECONDS, found)
    return found


def forget_poll_settings() -> None:
    """Drop this process's copy of every site's poll settings."""
    _settings_cache.clear()


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

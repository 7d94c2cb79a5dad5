"""Build polls for tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from newsdesk.polls.models import Placement, Poll, PollOption, PollStatus


def make_poll(
    question: str = "Should the city build a second bridge?",
    options: tuple[str, ...] = ("Yes", "No", "Not sure"),
    *,
    status: str = PollStatus.OPEN,
    placement: str = Placement.SITE,
    votes: tuple[int, ...] | None = None,
    **fields,
) -> Poll:
    fields.setdefault("opens_at", timezone.now() - timedelta(hours=1))
    poll = Poll.objects.create(question=question, status=status, placement=placement, **fields)
    for index, label in enumerate(options):
        PollOption.objects.create(poll=poll, label=label, sort_order=index, votes=votes[index] if votes else 0)
    return poll


def option(poll: Poll, label: str) -> PollOption:
    return PollOption.objects.get(poll=poll, label=label)

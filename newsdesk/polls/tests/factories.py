"""Build polls for tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from newsdesk.polls.models import OptionTally, Placement, Poll, PollOption, PollStatus
from newsdesk.polls.selectors import option_tallies


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
        option = PollOption.objects.create(poll=poll, label=label, sort_order=index)
        if votes and votes[index]:
            # As if that many votes had been cast without their rows: tests of the display only.
            OptionTally.objects.create(option=option, shard=0, votes=votes[index])
    return poll


def option(poll: Poll, label: str) -> PollOption:
    return PollOption.objects.get(poll=poll, label=label)


def tallies(poll: Poll) -> dict[int, int]:
    """Return each option's count summed from its tally shards, by option id."""
    return option_tallies(option_ids=list(poll.options.values_list("pk", flat=True)))

"""Demo polls: a site-wide poll and a section's poll, each with some votes. Running it twice adds nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from newsdesk.polls.models import OptionTally, Placement, Poll, PollOption, PollStatus, Vote

DEMO_VOTER_PREFIX = "demo-"
# Each option: its label and how many demo votes it gets.
DEMO_POLLS: list[dict] = json.loads((Path(__file__).parent / "polls.json").read_text(encoding="utf-8"))


def load(stdout=None, *, section: Page | None = None) -> None:
    """Create the demo polls and their votes if they are missing; the section poll goes on `section`, if given."""
    for spec in DEMO_POLLS:
        # A demo poll keeps being itself when an editor rewords or closes it: its seeded votes say it is the demo's.
        # (Once it has votes no one can delete it, so it is never missing after the first run.)
        seeded = Q(placement=spec["placement"], votes__voter_key__startswith=DEMO_VOTER_PREFIX)
        if Poll.objects.filter(Q(question=spec["question"]) | seeded).exists():
            continue
        if spec["placement"] == Placement.SECTION and section is None:
            continue
        _create(spec, section if spec["placement"] == Placement.SECTION else None)
        if stdout is not None:
            stdout.write(f"polls: created demo poll {spec['question']!r}\n")


@transaction.atomic
def _create(spec: dict, section: Page | None) -> None:
    now = timezone.now()
    poll = Poll.objects.create(
        question=spec["question"],
        status=PollStatus.OPEN,
        placement=spec["placement"],
        section=section,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=30),
    )
    rows = []
    for index, (label, count) in enumerate(spec["options"]):
        option = PollOption.objects.create(poll=poll, label=label, sort_order=index)
        rows += [
            Vote(
                poll=poll,
                option=option,
                voter_key=f"{DEMO_VOTER_PREFIX}{poll.pk}-{index}-{n}",
                created_at=now - timedelta(minutes=37 * n % 2880),
            )
            for n in range(count)
        ]
    Vote.objects.bulk_create(rows)
    # Tallies from the stored rows, so the demo counts are exact like real ones.
    for row in Vote.objects.filter(poll=poll).values("option_id").annotate(n=Count("pk")):
        OptionTally.objects.create(option_id=row["option_id"], shard=0, votes=row["n"])

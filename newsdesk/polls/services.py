"""Writes: casting a vote (one per reader, exact tallies), logging refused votes, auditing option wording."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.core.ratelimit import allow, ip_network_key

from .models import (
    TALLY_SHARDS,
    OptionTally,
    OptionWordingChange,
    Poll,
    PollOption,
    PollSettings,
    PollStatus,
    RefusalReason,
    RefusedVote,
    Vote,
    WhoMayVote,
)

# Messages readers see.
NO_OPTION = "Please select an option"
POLL_CLOSED = "This poll has closed"
POLL_NOT_OPEN_YET = "This poll is not open yet. Please come back when it opens."
POLL_NOT_FOUND = "We could not find that poll. It may have been removed."
WRONG_OPTION = "That option is not part of this poll. Please choose one of the options shown."
ALREADY_VOTED = "You have already voted in this poll."
SIGN_IN_TO_VOTE = "Please sign in to vote in this poll."
RATE_LIMITED = "Too many votes have come from your network in this poll. Please try again in an hour."
MISSING_VOTER = "We could not confirm this vote came from this browser. Please confirm your vote below."
NOT_POST = "Votes are sent with the poll form, as a POST request."
TOO_LARGE = "That request was too large to be a vote."
STORE_FAILED = "Oops! Something went wrong, please try again later."
THANKS = "Thanks for voting."

RATE_WINDOW = 3600


class VoteRefused(Exception):
    """A vote that was not counted; `message` is what the reader sees."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PollNotOpen(VoteRefused):
    status = 403


class PollHasClosed(VoteRefused):
    status = 403


class AlreadyVoted(VoteRefused):
    status = 409


class SignInRequired(VoteRefused):
    status = 403


class RateLimited(VoteRefused):
    status = 429


class WrongOption(VoteRefused):
    status = 400


@dataclass(frozen=True)
class Voter:
    """Who is voting: an account id, or the key from the signed voter cookie."""

    user_id: int | None = None
    voter_key: str | None = None


def voter_key_new() -> str:
    """Return a fresh random voter key for the signed voter cookie."""
    return secrets.token_urlsafe(24)


def vote_cast(*, poll: Poll, option: PollOption, voter: Voter, ip: str, limits: PollSettings | None = None) -> Vote:
    """Record one vote and add it to its option's tally in the same transaction; raise VoteRefused otherwise."""
    now = timezone.now()
    if poll.status == PollStatus.DRAFT:
        raise PollNotOpen(POLL_NOT_FOUND)
    if poll.has_closed_at(now):
        raise PollHasClosed(POLL_CLOSED)
    if not poll.is_open_at(now):
        raise PollNotOpen(POLL_NOT_OPEN_YET)
    if option.poll_id != poll.pk:
        raise WrongOption(WRONG_OPTION)
    if voter.user_id is None and poll.who_may_vote == WhoMayVote.SIGNED_IN:
        raise SignInRequired(SIGN_IN_TO_VOTE)
    if voter.user_id is None and not voter.voter_key:
        raise VoteRefused(MISSING_VOTER)
    _check_rate_limits(poll=poll, ip=ip, limits=limits)
    vote = Vote(
        poll=poll,
        option=option,
        user_id=voter.user_id,
        voter_key=None if voter.user_id is not None else voter.voter_key,
        created_at=now,
    )
    # The vote row and its tally shard commit together or not at all, so the counts never drift from the rows.
    with transaction.atomic():
        try:
            vote.save(force_insert=True)
        except IntegrityError:  # a second vote by this reader, possibly a simultaneous one; nothing was written
            raise AlreadyVoted(ALREADY_VOTED) from None
        _tally_add(option_id=option.pk)
    return vote


def _tally_add(*, option_id: int) -> None:
    """Add one to a random shard of the option's tally, creating the option's shards on its first vote."""
    shard = random.randrange(TALLY_SHARDS)  # noqa: S311 - spreads row locks; nothing depends on guessing it
    shard_row = OptionTally.objects.filter(option_id=option_id, shard=shard)
    if shard_row.update(votes=F("votes") + 1):
        return
    # Concurrent first votes both insert; the loser's rows are skipped once the winner commits.
    OptionTally.objects.bulk_create(
        [OptionTally(option_id=option_id, shard=n) for n in range(TALLY_SHARDS)], ignore_conflicts=True
    )
    shard_row.update(votes=F("votes") + 1)


def _check_rate_limits(*, poll: Poll, ip: str, limits: PollSettings | None) -> None:
    ip_limit = limits.votes_per_ip_per_hour if limits else 60
    network_limit = limits.votes_per_network_per_hour if limits else 300
    network = ip_network_key(ip)
    if not allow(f"poll-vote-ip:{poll.pk}", ip, limit=ip_limit, window=RATE_WINDOW):
        refused_vote_log(poll_id=poll.pk, reason=RefusalReason.IP_LIMIT, network=network)
        raise RateLimited(RATE_LIMITED)
    if not allow(f"poll-vote-net:{poll.pk}", network, limit=network_limit, window=RATE_WINDOW):
        refused_vote_log(poll_id=poll.pk, reason=RefusalReason.NETWORK_LIMIT, network=network)
        raise RateLimited(RATE_LIMITED)


def refused_vote_log(*, poll_id: int, reason: str, network: str) -> None:
    """Count one refused vote in this poll's row for the network and hour (one row per flood, not per vote)."""
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        updated = RefusedVote.objects.filter(poll_id=poll_id, reason=reason, network=network, hour=hour).update(
            attempts=F("attempts") + 1, last_at=now
        )
        if updated:
            return
        try:
            with transaction.atomic():
                RefusedVote.objects.create(
                    poll_id=poll_id, reason=reason, network=network, hour=hour, attempts=1, last_at=now
                )
        except IntegrityError:  # another refusal created the row first
            RefusedVote.objects.filter(poll_id=poll_id, reason=reason, network=network, hour=hour).update(
                attempts=F("attempts") + 1, last_at=now
            )


def option_wording_audit(*, option_id: int, old_label: str, new_label: str, editor_id: int | None) -> None:
    """Record that an option's wording changed after the poll had votes."""
    if old_label != new_label:
        OptionWordingChange.objects.create(
            option_id=option_id, old_label=old_label, new_label=new_label, changed_by_id=editor_id
        )

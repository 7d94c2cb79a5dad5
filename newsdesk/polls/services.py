"""Writes: casting a vote (one per reader, exact tallies), logging refused votes, auditing option wording."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsdesk.core.ratelimit import first_refused, ip_network_key

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


class BallotChanged(PollHasClosed):
    """The poll closed, or its options changed, after the caller read it: read it again to say why."""


@dataclass(frozen=True)
class Voter:
    """Who is voting: an account id, or the key from the signed voter cookie."""

    user_id: int | None = None
    voter_key: str | None = None


@dataclass(frozen=True)
class CastVote:
    """A stored vote, and its poll's tallies by option id as of the vote (None when they were not read with it)."""

    vote: Vote
    tallies: dict[int, int] | None = None


def voter_key_new() -> str:
    """Return a fresh random voter key for the signed voter cookie."""
    return secrets.token_urlsafe(24)


def vote_cast(*, poll: Poll, option: PollOption, voter: Voter, ip: str, limits: PollSettings | None = None) -> Vote:
    """Record one vote and add it to its option's tally in the same transaction; raise VoteRefused otherwise."""
    return vote_cast_and_count(poll=poll, option=option, voter=voter, ip=ip, limits=limits).vote


def vote_cast_and_count(
    *,
    poll: Poll,
    option: PollOption,
    voter: Voter,
    ip: str,
    limits: PollSettings | None = None,
    options: list[PollOption] | None = None,
) -> CastVote:
    """Record one vote like `vote_cast`; on PostgreSQL also return the poll's tallies, read by the same statement.

    `poll` and its `options` may be a copy a few seconds old: the database checks again that the poll is open and
    the option its own. Without `options`, they are read.
    """
    now = timezone.now()
    _check_ballot(poll=poll, option=option, voter=voter, now=now)
    _check_rate_limits(poll=poll, ip=ip, limits=limits)
    vote = Vote(
        poll=poll,
        option=option,
        user_id=voter.user_id,
        voter_key=None if voter.user_id is not None else voter.voter_key,
        created_at=now,
    )
    if connection.vendor == "postgresql":
        if options is None:
            option_ids = list(PollOption.objects.filter(poll_id=poll.pk).values_list("pk", flat=True))
        else:
            option_ids = [each.pk for each in options]
        return _store_in_one_statement(vote, option_ids=option_ids)
    # The vote row and its tally shard commit together or not at all, so the counts never drift from the rows.
    with transaction.atomic():
        if not _ballot_open_in_database(vote):
            raise BallotChanged(POLL_CLOSED)
        try:
            vote.save(force_insert=True)
        except IntegrityError:  # a second vote by this reader, possibly a simultaneous one; nothing was written
            raise AlreadyVoted(ALREADY_VOTED) from None
        _tally_add(option_id=option.pk)
    return CastVote(vote=vote)


def _check_ballot(*, poll: Poll, option: PollOption, voter: Voter, now) -> None:
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


# One statement, so one round trip and one implicit transaction: the vote row, its tally shard and the read of the
# tallies happen together or not at all. The poll's rules are checked again here because the caller's copy of the
# poll may be seconds old. Every part sees the same snapshot, so the tallies read lack this vote: the caller adds it.
# The shard is bumped in place; an option's first vote creates all its shards (and a concurrent first vote, finding
# them created, adds its one instead). It is prepared once on each connection (see _run_store).
STORE_VOTE_SQL = f"""WITH ballot AS (
    SELECT p.id FROM polls_poll p JOIN polls_polloption o ON o.poll_id = p.id AND o.id = %(option)s
    WHERE p.id = %(poll)s AND p.status = '{PollStatus.OPEN.value}' AND p.opens_at <= %(now)s
      AND (p.closes_at IS NULL OR p.closes_at > %(now)s)
      AND (p.who_may_vote = '{WhoMayVote.ANYONE.value}' OR %(user)s::bigint IS NOT NULL)
), vote AS (
    INSERT INTO polls_vote (poll_id, option_id, user_id, voter_key, created_at)
    SELECT id, %(option)s::bigint, %(user)s::bigint, %(key)s::text, %(now)s::timestamptz FROM ballot
    ON CONFLICT DO NOTHING
    RETURNING id, option_id
), bump AS (
    UPDATE polls_optiontally t SET votes = t.votes + 1 FROM vote
    WHERE t.option_id = vote.option_id AND t.shard = %(shard)s
    RETURNING t.id
), first_shards AS (
    INSERT INTO polls_optiontally (option_id, shard, votes)
    SELECT vote.option_id, n, CASE WHEN n = %(shard)s THEN 1 ELSE 0 END
    FROM vote, generate_series(0, {TALLY_SHARDS - 1}) n
    WHERE NOT EXISTS (SELECT FROM bump)
    ON CONFLICT (option_id, shard) DO UPDATE SET votes = polls_optiontally.votes + EXCLUDED.votes
)
SELECT (SELECT id FROM vote), EXISTS (SELECT FROM ballot),
    ARRAY(
        SELECT ARRAY[option_id, SUM(votes)::bigint] FROM polls_optiontally
        WHERE option_id = ANY(%(options)s::bigint[]) GROUP BY option_id
    )
"""  # noqa: S608 - only constants are formatted in; every value is a bound parameter


def _store_in_one_statement(vote: Vote, *, option_ids: list[int]) -> CastVote:
    params = {
        "options": option_ids,
        "poll": vote.poll_id,
        "option": vote.option_id,
        "user": vote.user_id,
        "key": vote.voter_key,
        "now": vote.created_at,
        "shard": random.randrange(TALLY_SHARDS),  # noqa: S311 - spreads row locks; nothing depends on guessing it
    }
    if connection.in_atomic_block:
        # Inside a caller's transaction, a savepoint: a failed statement must not spoil the rest of it. On its own
        # (autocommit, as in a request) the statement is its own transaction and needs no BEGIN or COMMIT.
        with transaction.atomic():
            vote_id, ballot_open, rows = _execute_store(params)
    else:
        vote_id, ballot_open, rows = _execute_store(params)
    if vote_id is None:
        if ballot_open:  # a second vote by this reader, possibly a simultaneous one; nothing was written
            raise AlreadyVoted(ALREADY_VOTED)
        raise BallotChanged(POLL_CLOSED)
    vote.pk = vote_id
    tallies = dict(rows)
    tallies[vote.option_id] = tallies.get(vote.option_id, 0) + 1
    return CastVote(vote=vote, tallies=tallies)


def _ballot_open_in_database(vote: Vote) -> bool:
    """Check the poll's rules on its stored row, as the PostgreSQL statement does (the caller's copy may be old)."""
    rules = Q(status=PollStatus.OPEN, opens_at__lte=vote.created_at, options__pk=vote.option_id)
    rules &= Q(closes_at__isnull=True) | Q(closes_at__gt=vote.created_at)
    if vote.user_id is None:
        rules &= Q(who_may_vote=WhoMayVote.ANYONE)
    return Poll.objects.filter(rules, pk=vote.poll_id).exists()


def _execute_store(params: dict) -> tuple:
    """Run STORE_VOTE_SQL once; on a kept connection that has died since its last request, reconnect and run it again.

    Django checks a kept connection with a `SELECT 1` before a request's first query: a round trip that costs
    the database about as much as a vote. Here the vote's own statement is the check. A dead connection fails
    before anything is stored, and when it is unclear whether the statement ran (the link broke while it did),
    running it again is still safe: the unique constraint counts this voter once, and the retry says so.
    """
    reused = connection.connection is not None and not connection.health_check_done
    if not reused or connection.in_atomic_block:
        return _run_store(params)
    try:
        return _run_store(params)
    except (InterfaceError, OperationalError):
        if connection.is_usable():  # the link is fine: a real failure (a timeout, say), not a stale connection
            raise
        connection.close()
        return _run_store(params)


def _run_store(params: dict) -> tuple:
    import psycopg

    connection.health_check_done = True  # the statement itself is the check (see _execute_store)
    connection.ensure_connection()
    # Bound on the server and prepared on the connection at its first run, so the database does not parse and plan
    # this five-part statement again for every vote, nor psycopg quote the values into its text. Django turns
    # psycopg's preparing off for the connection, for poolers' sake, but its own cursors bind on the client, which
    # never prepares: allowing it touches only this statement. Run through Django's cursor wrapper, so errors and
    # execute wrappers behave as for any other query. Query logging (DEBUG, tests) needs the statement's text,
    # which only a client-side cursor gives Django, so a logged connection runs it unprepared.
    if connection.queries_logged:
        cursor = connection.cursor()
    else:
        connection.connection.prepare_threshold = 0
        cursor = connection.make_cursor(psycopg.Cursor(connection.connection))
    with cursor:
        cursor.execute(STORE_VOTE_SQL, params)
        return cursor.fetchone()


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
    refused = first_refused(
        [(f"poll-vote-ip:{poll.pk}", ip, ip_limit), (f"poll-vote-net:{poll.pk}", network, network_limit)],
        window=RATE_WINDOW,
    )
    if refused is not None:
        reason = (RefusalReason.IP_LIMIT, RefusalReason.NETWORK_LIMIT)[refused]
        refused_vote_log(poll_id=poll.pk, reason=reason, network=network)
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

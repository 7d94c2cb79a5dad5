"""Writes: one vote per reader, exact tallies, the refusals and their messages, the rate limits and their log."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsdesk.polls import services
from newsdesk.polls.models import TALLY_SHARDS, OptionTally, PollSettings, PollStatus, RefusedVote, Vote, WhoMayVote
from newsdesk.polls.selectors import stored_vote_counts

from .factories import make_poll, option, tallies

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


def _tallies(poll) -> dict[int, int]:
    return {pk: n for pk, n in tallies(poll).items() if n}


def test_a_vote_is_stored_and_moves_only_its_options_tally():
    poll = make_poll()
    services.vote_cast(poll=poll, option=option(poll, "No"), voter=services.Voter(voter_key="k1"), ip=IP)
    assert _tallies(poll) == {option(poll, "No").pk: 1}
    assert stored_vote_counts(poll_id=poll.pk) == _tallies(poll)


def test_second_vote_by_same_reader_is_refused_and_changes_no_tally():
    poll = make_poll()
    voter = services.Voter(voter_key="same")
    services.vote_cast(poll=poll, option=option(poll, "Yes"), voter=voter, ip=IP)
    with pytest.raises(services.AlreadyVoted) as refused:
        services.vote_cast(poll=poll, option=option(poll, "No"), voter=voter, ip=IP)
    assert refused.value.message == "You have already voted in this poll."
    assert Vote.objects.count() == 1
    assert _tallies(poll) == {option(poll, "Yes").pk: 1}


def test_an_account_votes_once_whatever_cookie_it_brings():
    user = get_user_model().objects.create_user("reader", "r@example.com", "x")
    poll = make_poll()
    services.vote_cast(poll=poll, option=option(poll, "Yes"), voter=services.Voter(user_id=user.pk), ip=IP)
    with pytest.raises(services.AlreadyVoted):
        services.vote_cast(poll=poll, option=option(poll, "No"), voter=services.Voter(user_id=user.pk), ip=IP)
    assert Vote.objects.get().voter_key is None


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"status": PollStatus.CLOSED}, services.PollHasClosed, "This poll has closed"),
        ({"closes_at_offset": -1}, services.PollHasClosed, "This poll has closed"),
        ({"opens_at_offset": 2}, services.PollNotOpen, services.POLL_NOT_OPEN_YET),
        ({"who_may_vote": WhoMayVote.SIGNED_IN}, services.SignInRequired, "Please sign in to vote in this poll."),
    ],
)
def test_votes_outside_the_rules_count_nothing(fields, error, message):
    now = timezone.now()
    if "closes_at_offset" in fields:
        fields = {
            "opens_at": now - timedelta(hours=3),
            "closes_at": now + timedelta(hours=fields.pop("closes_at_offset")),
        }
    if "opens_at_offset" in fields:
        fields = {"opens_at": now + timedelta(hours=fields.pop("opens_at_offset"))}
    poll = make_poll(**fields)
    with pytest.raises(error) as refused:
        services.vote_cast(poll=poll, option=option(poll, "Yes"), voter=services.Voter(voter_key="k"), ip=IP)
    assert refused.value.message == message
    assert Vote.objects.count() == 0 and _tallies(poll) == {}


def test_an_option_of_another_poll_counts_nothing():
    poll, other = make_poll(), make_poll("Other?")
    with pytest.raises(services.WrongOption):
        services.vote_cast(poll=poll, option=option(other, "Yes"), voter=services.Voter(voter_key="k"), ip=IP)
    assert Vote.objects.count() == 0 and _tallies(other) == {}


def test_per_ip_limit_refuses_with_a_message_and_logs_for_editors():
    poll = make_poll()
    limits = PollSettings(votes_per_ip_per_hour=2, votes_per_network_per_hour=100)
    for n in range(2):
        services.vote_cast(
            poll=poll, option=option(poll, "Yes"), voter=services.Voter(voter_key=f"k{n}"), ip=IP, limits=limits
        )
    for n in range(3):
        with pytest.raises(services.RateLimited) as refused:
            services.vote_cast(
                poll=poll, option=option(poll, "Yes"), voter=services.Voter(voter_key=f"x{n}"), ip=IP, limits=limits
            )
    assert refused.value.message == services.RATE_LIMITED
    assert Vote.objects.count() == 2
    log = RefusedVote.objects.get()
    assert (log.reason, log.network, log.attempts) == ("ip", "203.0.113.0/24", 3)


def test_per_network_limit_catches_neighbouring_addresses_and_ipv6_by_64():
    poll = make_poll()
    limits = PollSettings(votes_per_ip_per_hour=100, votes_per_network_per_hour=2)
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    results = []
    for n, ip in enumerate(addresses):
        try:
            services.vote_cast(
                poll=poll, option=option(poll, "No"), voter=services.Voter(voter_key=f"n{n}"), ip=ip, limits=limits
            )
            results.append("ok")
        except services.RateLimited:
            results.append("limited")
    assert results == ["ok", "ok", "limited"]
    for n, ip in enumerate(["2001:db8::1", "2001:db8::2", "2001:db8::ffff"]):
        try:
            services.vote_cast(
                poll=poll, option=option(poll, "No"), voter=services.Voter(voter_key=f"v6{n}"), ip=ip, limits=limits
            )
        except services.RateLimited:
            pass
    assert sorted(RefusedVote.objects.values_list("network", "attempts")) == [
        ("198.51.100.0/24", 1),
        ("2001:db8::/64", 1),
    ]
    assert Vote.objects.count() == 4


def test_an_options_first_vote_creates_its_shards_and_each_vote_moves_exactly_one():
    poll = make_poll()
    yes = option(poll, "Yes")
    for n in range(40):
        services.vote_cast(poll=poll, option=yes, voter=services.Voter(voter_key=f"s{n}"), ip=IP)
    shards = dict(OptionTally.objects.filter(option=yes).values_list("shard", "votes"))
    assert sorted(shards) == list(range(TALLY_SHARDS))
    assert sum(shards.values()) == 40 == stored_vote_counts(poll_id=poll.pk)[yes.pk]
    assert len([n for n in shards.values() if n]) > 1  # spread over shards, not piled on one row
    assert not OptionTally.objects.exclude(option=yes).exists()


@pytest.mark.django_db(transaction=True)
def test_a_vote_on_a_kept_connection_the_database_dropped_is_stored_once_on_a_new_one():
    from django.db import connection

    poll = make_poll()
    yes = option(poll, "Yes")
    services.vote_cast(poll=poll, option=yes, voter=services.Voter(voter_key="before"), ip=IP)
    if connection.vendor == "postgresql":
        import psycopg

        options = list(poll.options.all())  # as the vote view holds them, so the vote's statement is the first
        # As at the start of a request on a kept connection; then the server drops it (a restart, a failover).
        connection.health_check_done = False
        dropped = connection.connection
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [dropped.info.backend_pid])
        after = services.Voter(voter_key="after")
        services.vote_cast_and_count(poll=poll, option=yes, voter=after, ip=IP, options=options)
        assert connection.connection is not dropped  # the vote ran again on a new connection
        # ... where the statement is now prepared, so later votes skip parsing and planning it.
        prepared = connection.connection.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%INSERT INTO polls_vote%%'"
        ).fetchone()[0]
        assert prepared == 1
    else:
        # SQLite keeps no connection between requests, so no request starts on one that has gone stale.
        assert connection.settings_dict["CONN_MAX_AGE"] == 0
        services.vote_cast(poll=poll, option=yes, voter=services.Voter(voter_key="after"), ip=IP)
    assert Vote.objects.filter(poll=poll).count() == 2 and _tallies(poll) == {yes.pk: 2}

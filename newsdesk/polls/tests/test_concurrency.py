"""Real concurrent votes, through the live server and the service: one vote per reader, tallies equal to stored votes.

Runs on both engines; on PostgreSQL every refused duplicate must be a clean 409, on SQLite (which serialises
writers) a locked database may also answer 503 "Oops", which still counts nothing.
"""

import http.client
import re
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client
from wagtail.models import Site

from newsdesk.news.tests.factories import make_home
from newsdesk.polls import services
from newsdesk.polls.models import TALLY_SHARDS, OptionTally, PollOption, PollSettings, Vote
from newsdesk.polls.selectors import stored_vote_counts

from .factories import make_poll, tallies

# The live server's listen backlog (10) would reset most of 100 simultaneous connections before Django saw them.
# Set at import, which is collection time, before any test of the session starts the (session-wide) live server.
ThreadedWSGIServer.request_queue_size = 256

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _open_session(base: str, poll_id: int) -> tuple[str, str]:
    """GET the state fragment like the widget's script; return the Cookie header and the CSRF token."""
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", f"/polls/{poll_id}/state")
    response = conn.getresponse()
    body = response.read().decode()
    cookies = [h.split(";", 1)[0] for k, h in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    return "; ".join(cookies), TOKEN.search(body).group(1)


def _post_vote(base: str, poll_id: int, cookie: str, token: str, option_id: int) -> int:
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    body = f"option={option_id}&csrfmiddlewaretoken={token}"
    conn.request(
        "POST",
        f"/polls/{poll_id}/vote",
        body=body,
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Fragment": "1",
            "Referer": base + "/",
        },
    )
    status = conn.getresponse().status
    conn.close()
    return status


def _run_together(count: int, work) -> list[int]:
    if connection.vendor == "sqlite":
        # SQLite's shared in-memory test database refuses concurrent writers ("table is locked") rather than
        # waiting; there the same submits go one after another. PostgreSQL (CI's second run) runs them at once.
        return [work(index) for index in range(count)]
    barrier = threading.Barrier(count)
    statuses: list[int] = [0] * count

    def run(index: int) -> None:
        barrier.wait()
        statuses[index] = work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def open_poll():
    make_home()
    PollSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"votes_per_ip_per_hour": 100000, "votes_per_network_per_hour": 100000},
    )
    return make_poll(options=("Yes", "No"))


def test_hundred_simultaneous_submits_by_one_reader_store_exactly_one_vote(live_server, open_poll):
    poll = open_poll
    cookie, token = _open_session(live_server.url, poll.pk)
    yes = PollOption.objects.get(poll=poll, label="Yes").pk
    statuses = _run_together(100, lambda i: _post_vote(live_server.url, poll.pk, cookie, token, yes))
    assert statuses.count(200) == 1, statuses
    allowed = {200, 409} if connection.vendor == "postgresql" else {200, 409, 503}
    assert set(statuses) <= allowed, statuses
    assert Vote.objects.filter(poll=poll).count() == 1
    assert tallies(poll) == {yes: 1, PollOption.objects.get(poll=poll, label="No").pk: 0}


def test_concurrent_distinct_voters_leave_tallies_equal_to_stored_votes(live_server, open_poll):
    poll = open_poll
    options = list(PollOption.objects.filter(poll=poll).order_by("sort_order").values_list("pk", flat=True))
    sessions = [_open_session(live_server.url, poll.pk) for _ in range(40)]
    statuses = _run_together(40, lambda i: _post_vote(live_server.url, poll.pk, *sessions[i], options[i % 2]))
    accepted = statuses.count(200)
    if connection.vendor == "postgresql":
        assert accepted == 40, statuses
    counts = tallies(poll)
    assert {pk: n for pk, n in counts.items() if n} == stored_vote_counts(poll_id=poll.pk)
    assert sum(counts.values()) == accepted == Vote.objects.filter(poll=poll).count()


def test_simultaneous_first_votes_create_an_options_shards_once_and_count_every_vote(open_poll):
    poll = open_poll
    yes = PollOption.objects.get(poll=poll, label="Yes")
    limits = PollSettings(votes_per_ip_per_hour=1000, votes_per_network_per_hour=1000)

    def cast(index: int) -> int:
        try:
            voter = services.Voter(voter_key=f"first-{index}")
            services.vote_cast(poll=poll, option=yes, voter=voter, ip="203.0.113.9", limits=limits)
            return 200
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()  # each thread had its own connection

    assert _run_together(30, cast) == [200] * 30
    shards = list(OptionTally.objects.filter(option=yes).values_list("shard", flat=True))
    assert sorted(shards) == list(range(TALLY_SHARDS))
    assert tallies(poll)[yes.pk] == 30 == stored_vote_counts(poll_id=poll.pk)[yes.pk]


@contextmanager
def _tallies_locked():
    """Hold a write lock on the tally table from another connection, as a stuck transaction would."""
    other = connection.get_new_connection(connection.get_connection_params())  # a second one, configured alike
    if connection.vendor == "postgresql":
        other.execute("LOCK TABLE polls_optiontally IN EXCLUSIVE MODE")  # reads pass, writes wait
    else:  # the shared in-memory test database: another connection's write transaction
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE polls_optiontally SET votes = votes")
    # Let go after a while in any case: a vote that waits (no statement timeout) fails the test, not hangs it.
    release = threading.Timer(10, other.rollback)
    release.start()
    try:
        yield
    finally:
        release.cancel()
        release.join()
        other.rollback()
        other.close()


def test_a_vote_held_up_by_a_lock_says_oops_within_the_timeout_counts_nothing_and_a_retry_works(open_poll):
    poll = open_poll
    yes = PollOption.objects.get(poll=poll, label="Yes").pk
    reader = Client(enforce_csrf_checks=True)
    token = reader.get(f"/polls/{poll.pk}/state").context["csrf_token"]
    services.vote_cast(
        poll=poll, option=PollOption.objects.get(pk=yes), voter=services.Voter(voter_key="earlier"), ip="203.0.113.1"
    )
    if connection.vendor == "postgresql":
        # What newsdesk.wsgi's DB_STATEMENT_TIMEOUT_MS sets on a web process's connections, shortened for the test.
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 300")
    vote = {"option": yes, "csrfmiddlewaretoken": token}
    try:
        with _tallies_locked():
            started = time.monotonic()
            held = reader.post(f"/polls/{poll.pk}/vote", vote, HTTP_X_FRAGMENT="1")
            waited = time.monotonic() - started
            assert held.status_code == 503, held.content
            assert "Oops! Something went wrong, please try again later." in held.content.decode()
            assert waited < 5
            assert Vote.objects.filter(poll=poll).count() == 1
        retried = reader.post(f"/polls/{poll.pk}/vote", vote, HTTP_X_FRAGMENT="1")
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
    assert retried.status_code == 200, retried.content
    assert Vote.objects.filter(poll=poll).count() == 2
    assert tallies(poll)[yes] == 2

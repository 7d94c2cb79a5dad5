"""The reader endpoints through HTTP: the cached widget, the state fragment, voting with and without JavaScript."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsdesk.news.tests.factories import newsroom
from newsdesk.polls import services
from newsdesk.polls.models import OptionTally, PollStatus, ResultsShow, Vote

from .factories import make_poll, option, tallies

pytestmark = pytest.mark.django_db
FRAGMENT = {"HTTP_X_FRAGMENT": "1"}


def _reader(poll) -> tuple[Client, str]:
    """Return a browser that has fetched the poll's state (voter cookie and CSRF token), and the token."""
    client = Client(enforce_csrf_checks=True)
    response = client.get(f"/polls/{poll.pk}/state")
    assert response.status_code == 200
    return client, response.context["csrf_token"]


def _vote(client, poll, token, option_id, **extra):
    return client.post(f"/polls/{poll.pk}/vote", {"option": option_id, "csrfmiddlewaretoken": token}, **extra)


def test_article_and_section_pages_carry_the_same_poll_bytes_for_every_anonymous_reader():
    room = newsroom(1)
    poll = make_poll(options=("Yes", "No"), votes=(10, 5))
    article = room["articles"][0]
    first = Client().get(article.url).content.decode()
    reader, token = _reader(poll)
    _vote(reader, poll, token, option(poll, "No").pk)
    second = Client().get(article.url).content.decode()
    assert first == second
    assert "Voting Booth" in first and poll.question in first
    assert "csrfmiddlewaretoken" not in first and "You voted" not in first
    assert f'data-state-url="/polls/{poll.pk}/state"' in first
    assert "not a scientific sample" in first
    assert "Voting Booth" in Client().get(room["world"].url).content.decode()


def test_heading_comes_from_the_site_setting():
    from wagtail.models import Site

    from newsdesk.polls.models import PollSettings

    room = newsroom(1)
    make_poll()
    PollSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"heading": "Have your say"}
    )
    html = Client().get(room["articles"][0].url).content.decode()
    assert "Have your say" in html and "Voting Booth" not in html


def test_state_shows_the_form_then_you_voted_and_results_after_a_scripted_vote():
    poll = make_poll(options=("Yes", "No"), votes=(1, 0))
    client, token = _reader(poll)
    response = _vote(client, poll, token, option(poll, "No").pk, **FRAGMENT)
    body = response.content.decode()
    assert response.status_code == 200
    assert "You voted: No" in body and "Thanks for voting." in body
    assert "Yes: 50% - 1 vote" in body and "No: 50% - 1 vote" in body and "Total: 2 votes" in body
    again = client.get(f"/polls/{poll.pk}/state")
    assert "You voted: No" in again.content.decode() and "data-poll-form" not in again.content.decode()
    assert "private" in again["Cache-Control"] and "no-store" in again["Cache-Control"]


def test_without_javascript_the_cached_form_asks_to_confirm_then_votes_and_shows_results():
    poll = make_poll(options=("Yes", "No"))
    client = Client(enforce_csrf_checks=True)
    first = client.post(f"/polls/{poll.pk}/vote", {"option": option(poll, "Yes").pk})
    assert first.status_code == 403
    assert services.MISSING_VOTER in first.content.decode()
    assert Vote.objects.count() == 0
    token = first.context["csrf_token"]
    assert first.context["selected"] == option(poll, "Yes").pk
    second = _vote(client, poll, token, option(poll, "Yes").pk)
    assert second.status_code == 303 and second["Location"] == f"/polls/{poll.pk}/?m=thanks"
    page = client.get(second["Location"]).content.decode()
    assert "You voted: Yes" in page and "Yes: 100% - 1 vote" in page
    assert Vote.objects.count() == 1


def test_results_link_shows_the_results_once_they_may_be_seen_and_never_the_form_again():
    poll = make_poll(options=("Yes", "No"), votes=(1, 0))
    client, token = _reader(poll)
    before = client.get(f"/polls/{poll.pk}/?show=results").content.decode()
    assert "Results are shown once you have voted." in before and "data-poll-form" not in before
    _vote(client, poll, token, option(poll, "No").pk, **FRAGMENT)
    after = client.get(f"/polls/{poll.pk}/?show=results").content.decode()
    assert "Yes: 50% - 1 vote" in after and "No: 50% - 1 vote" in after and "Results are shown" not in after
    closed_later = make_poll(options=("A", "B"), results_show=ResultsShow.WHEN_CLOSED)
    page = Client().get(f"/polls/{closed_later.pk}/?show=results").content.decode()
    assert "Results will be shown when the poll closes." in page and "data-poll-form" not in page


def test_no_option_chosen_says_please_select_and_counts_nothing():
    poll = make_poll()
    client, token = _reader(poll)
    response = client.post(f"/polls/{poll.pk}/vote", {"csrfmiddlewaretoken": token}, **FRAGMENT)
    assert response.status_code == 400
    assert "Please select an option" in response.content.decode()
    assert Vote.objects.count() == 0 and not OptionTally.objects.exists()


def test_bad_input_is_a_4xx_with_a_message_and_counts_nothing():
    poll = make_poll()
    other = make_poll("Other?", options=("A", "B"))
    closed = make_poll("Closed?", status=PollStatus.CLOSED)
    client, token = _reader(poll)
    cases = [
        (_vote(client, poll, token, option(other, "A").pk, **FRAGMENT), 400, services.WRONG_OPTION),
        (_vote(client, poll, token, "nonsense", **FRAGMENT), 400, services.WRONG_OPTION),
        (_vote(client, poll, token, "99999", **FRAGMENT), 400, services.WRONG_OPTION),
        (client.post("/polls/99999/vote", {"option": 1, "csrfmiddlewaretoken": token}), 404, services.POLL_NOT_FOUND),
        (client.get(f"/polls/{poll.pk}/vote"), 405, services.NOT_POST),
        (
            client.post(f"/polls/{poll.pk}/vote", {"option": "1" * 4000, "csrfmiddlewaretoken": token}),
            413,
            services.TOO_LARGE,
        ),
    ]
    closed_client, closed_token = _reader(closed)
    cases.append(
        (_vote(closed_client, closed, closed_token, option(closed, "Yes").pk, **FRAGMENT), 403, "This poll has closed")
    )
    for response, status, message in cases:
        assert (response.status_code, message in response.content.decode()) == (status, True), message
    assert Vote.objects.count() == 0


def test_a_forged_voter_cookie_is_refused():
    poll = make_poll()
    client, token = _reader(poll)
    client.cookies["nd_voter"] = "attacker-chosen:forged"
    response = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 403 and services.MISSING_VOTER in response.content.decode()
    assert Vote.objects.count() == 0


def test_a_second_vote_from_the_same_browser_is_a_409_and_changes_nothing():
    poll = make_poll()
    client, token = _reader(poll)
    assert _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT).status_code == 200
    again = _vote(client, poll, token, option(poll, "No").pk, **FRAGMENT)
    assert again.status_code == 409 and "You have already voted in this poll." in again.content.decode()
    assert "You voted: Yes" in again.content.decode()
    assert tallies(poll) == {option(poll, "Yes").pk: 1, option(poll, "No").pk: 0, option(poll, "Not sure").pk: 0}


def test_rate_limited_votes_get_a_429_message():
    from wagtail.models import Site

    from newsdesk.polls.models import PollSettings, RefusedVote

    poll = make_poll()
    PollSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"votes_per_ip_per_hour": 1}
    )
    first, first_token = _reader(poll)
    assert _vote(first, poll, first_token, option(poll, "Yes").pk, **FRAGMENT).status_code == 200
    client, token = _reader(poll)  # another reader from the same address
    response = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 429 and services.RATE_LIMITED in response.content.decode()
    assert Vote.objects.count() == 1 and RefusedVote.objects.get().attempts == 1


def _fail_statements(*, containing: str, error: Exception):
    """Make the database refuse every statement whose SQL contains `containing` (quotes ignored)."""

    def refuse(execute, sql, params, many, context):
        if containing in sql.replace('"', ""):
            raise error
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse)


def test_database_failure_says_oops_counts_nothing_and_a_retry_works():
    poll = make_poll()
    client, token = _reader(poll)
    with _fail_statements(containing="INSERT INTO polls_vote", error=OperationalError("down")):
        failed = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert failed.status_code == 503
    assert "Oops! Something went wrong, please try again later." in failed.content.decode()
    assert Vote.objects.count() == 0
    cache.clear()
    retried = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert retried.status_code == 200 and Vote.objects.count() == 1
    assert tallies(poll)[option(poll, "Yes").pk] == 1


def test_a_failed_tally_update_rolls_back_the_vote_row():
    poll = make_poll()
    client, token = _reader(poll)
    if connection.vendor == "postgresql":
        # The vote row and its tally move in one statement; make the database itself refuse the tally's part.
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE polls_optiontally ADD CONSTRAINT tally_frozen CHECK (votes < 0) NOT VALID")
        failed = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    else:
        # The vote row is written first, then the tally: fail the tally after the row went in.
        with _fail_statements(containing="UPDATE polls_optiontally", error=OperationalError("timeout")):
            failed = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert failed.status_code == 503
    assert "Oops! Something went wrong, please try again later." in failed.content.decode()
    assert Vote.objects.count() == 0 and sum(tallies(poll).values()) == 0


def test_results_wait_for_the_close_when_the_editor_says_so():
    poll = make_poll(results_show=ResultsShow.WHEN_CLOSED)
    client, token = _reader(poll)
    body = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT).content.decode()
    assert "You voted: Yes" in body and "Results will be shown when the poll closes." in body
    assert "data-poll-results" not in body


def test_closed_poll_shows_final_results_and_the_closed_message_in_the_page():
    room = newsroom(1)
    make_poll(status=PollStatus.CLOSED, options=("Yes", "No"), votes=(3, 1))
    html = Client().get(room["articles"][0].url).content.decode()
    assert (
        "This poll has closed" in html
        and "Yes: 75% - 3 votes" in html
        and "<form" not in html.split("Voting Booth")[1].split("</section>")[0]
    )


def test_a_vote_costs_one_statement_on_postgresql_and_never_counts_the_votes_table():
    poll = make_poll()
    yes = option(poll, "Yes").pk
    first, token = _reader(poll)
    assert _vote(first, poll, token, yes, **FRAGMENT).status_code == 200  # creates the shards, reads the limits
    client, token = _reader(poll)
    with CaptureQueriesContext(connection) as queries:
        response = _vote(client, poll, token, yes, **FRAGMENT)
    assert response.status_code == 200 and "Yes: 100% - 2 votes" in response.content.decode()
    writes_and_reads = ("SELECT", "INSERT", "UPDATE", "WITH")
    statements = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(writes_and_reads)]
    # The poll and its options come from the process's copy of the ballot, read by the first vote.
    if connection.vendor == "postgresql":
        # No health check (SELECT 1) either: the vote's statement is the only one.
        assert len(statements) == 1 and statements[0].startswith("WITH ballot AS")
        assert "INSERT INTO polls_vote" in statements[0] and "polls_optiontally" in statements[0]
    else:
        assert [sql.split(" FROM ")[0].split(" (")[0][:30] for sql in statements] == [
            'SELECT 1 AS "a"',  # the poll's rules, checked on its row (the copy may be seconds old)
            'INSERT INTO "polls_vote"',
            'UPDATE "polls_optiontally" SET',
            'SELECT "polls_optiontally"."op',  # the results, summed from the shards
        ]
    assert "COUNT(" not in " ".join(statements).upper()


def test_new_limits_apply_to_the_next_vote_in_the_process_that_saved_them():
    from wagtail.models import Site

    from newsdesk.polls.models import PollSettings

    newsroom(0)
    poll = make_poll()
    for n in range(2):
        client, token = _reader(poll)
        assert _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT).status_code == 200, n
    PollSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"votes_per_ip_per_hour": 2}
    )
    client, token = _reader(poll)
    refused = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert refused.status_code == 429 and services.RATE_LIMITED in refused.content.decode()
    assert Vote.objects.count() == 2

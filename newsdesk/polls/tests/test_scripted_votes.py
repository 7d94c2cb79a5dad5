"""The widget's votes from anonymous readers: the short road past the middleware, and the ballot kept in memory."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from newsdesk.core.converters import MAX_DATABASE_ID
from newsdesk.polls import services
from newsdesk.polls.models import Poll, PollStatus, Vote, WhoMayVote

from .factories import make_poll, option, tallies

pytestmark = pytest.mark.django_db
FRAGMENT = {"HTTP_X_FRAGMENT": "1"}


def _reader(poll) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    response = client.get(f"/polls/{poll.pk}/state")
    return client, response.context["csrf_token"]


def _vote(client, poll, token, option_id, **extra):
    return client.post(f"/polls/{poll.pk}/vote", {"option": option_id, "csrfmiddlewaretoken": token}, **extra)


def test_an_anonymous_scripted_vote_skips_the_document_headers_but_keeps_the_security_ones():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    response = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 200 and "You voted: Yes" in response.content.decode()
    assert "Content-Security-Policy" not in response and "Permissions-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Request-ID"]
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert "csrftoken" not in response.cookies  # no form in the answer, so no token was asked for


def test_the_form_post_without_javascript_still_takes_the_whole_stack():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    response = _vote(client, poll, token, option(poll, "Yes").pk)
    assert response.status_code == 303 and "Content-Security-Policy" in response
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("scripted", [True, False])
def test_no_answer_to_a_vote_may_be_stored_by_a_cache(scripted):
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    extra = FRAGMENT if scripted else {}
    answers = [
        _vote(client, poll, token, "", **extra),  # no option chosen
        _vote(client, poll, token, option(poll, "Yes").pk, **extra),  # counted
        _vote(client, poll, token, option(poll, "No").pk, **extra),  # already voted
        client.get(f"/polls/{poll.pk}/vote", **extra),  # not a POST
    ]
    assert [answer.status_code for answer in answers] == [400, 200 if scripted else 303, 409, 405]
    for answer in answers:
        assert {"private", "no-store"} <= set(answer["Cache-Control"].split(", ")), answer.status_code


def test_a_scripted_vote_on_the_largest_id_takes_the_short_road_and_finds_no_poll():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    url = f"/polls/{MAX_DATABASE_ID}/vote"
    response = client.post(url, {"option": option(poll, "Yes").pk, "csrfmiddlewaretoken": token}, **FRAGMENT)
    assert response.status_code == 404
    assert services.POLL_NOT_FOUND in response.content.decode()
    assert "Content-Security-Policy" not in response  # answered by the short road
    assert Vote.objects.count() == 0


def test_a_scripted_vote_on_a_forty_digit_id_is_an_unknown_address_and_counts_nothing():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    url = f"/polls/{'9' * 40}/vote"
    response = client.post(url, {"option": option(poll, "Yes").pk, "csrfmiddlewaretoken": token}, **FRAGMENT)
    # The short road leaves it to the whole stack, which answers it as any address nothing matches: no poll view
    # saw it (that would have said the poll is not found).
    assert response.status_code == 301
    assert response["Location"] == url + "/"
    assert client.get(response["Location"]).status_code == 404
    assert Vote.objects.count() == 0


def test_a_scripted_vote_with_a_wrong_csrf_token_is_refused_and_counts_nothing():
    poll = make_poll(options=("Yes", "No"))
    client, _token = _reader(poll)
    response = _vote(client, poll, "x" * 64, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 403 and services.MISSING_VOTER in response.content.decode()
    assert Vote.objects.count() == 0 and sum(tallies(poll).values()) == 0


def test_a_scripted_vote_without_the_csrf_cookie_is_refused_and_gets_one():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    del client.cookies["csrftoken"]
    response = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 403 and Vote.objects.count() == 0
    assert response.cookies["csrftoken"].value  # the form in the answer comes with a cookie to send it back


def test_a_signed_in_reader_votes_by_account_through_the_whole_stack():
    user = get_user_model().objects.create_user("reader", "reader@example.com", "pw")
    poll = make_poll(options=("Yes", "No"), who_may_vote=WhoMayVote.SIGNED_IN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = client.get(f"/polls/{poll.pk}/state").context["csrf_token"]
    response = _vote(client, poll, token, option(poll, "No").pk, **FRAGMENT)
    assert response.status_code == 200 and "You voted: No" in response.content.decode()
    assert "Content-Security-Policy" in response
    assert Vote.objects.get().user_id == user.pk


def _second_reader(poll, first: Client) -> Client:
    """Return a new reader with its own voter cookie, and the first one's CSRF cookie (the token stays valid)."""
    reader = Client(enforce_csrf_checks=True)
    reader.cookies["csrftoken"] = first.cookies["csrftoken"].value
    reader.cookies["nd_voter"] = _fresh_voter_cookie()
    return reader


def test_a_poll_closed_by_another_process_refuses_votes_at_once_despite_the_kept_ballot():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    assert _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT).status_code == 200  # keeps the ballot
    # An update without signals, as another process's save looks from here: this process's copy still says open.
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.CLOSED)
    response = _vote(_second_reader(poll, client), poll, token, option(poll, "No").pk, **FRAGMENT)
    assert response.status_code == 403 and services.POLL_CLOSED in response.content.decode()
    assert Vote.objects.count() == 1 and tallies(poll)[option(poll, "No").pk] == 0


def test_a_poll_reopened_by_another_process_takes_votes_at_once_despite_the_kept_ballot():
    poll = make_poll(options=("Yes", "No"))
    client, token = _reader(poll)
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.CLOSED)
    refused = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)  # keeps the closed ballot
    assert refused.status_code == 403 and Vote.objects.count() == 0
    Poll.objects.filter(pk=poll.pk).update(status=PollStatus.OPEN)
    response = _vote(client, poll, token, option(poll, "Yes").pk, **FRAGMENT)
    assert response.status_code == 200 and "You voted: Yes" in response.content.decode()
    assert Vote.objects.count() == 1 and tallies(poll)[option(poll, "Yes").pk] == 1


def test_results_in_the_answer_count_this_vote_and_the_earlier_ones():
    poll = make_poll(options=("Yes", "No"))
    for choice in ("Yes", "Yes", "No"):
        client, token = _reader(poll)
        body = _vote(client, poll, token, option(poll, choice).pk, **FRAGMENT).content.decode()
    assert "Yes: 67% - 2 votes" in body and "No: 33% - 1 vote" in body and "Total: 3 votes" in body


def _fresh_voter_cookie() -> str:
    from newsdesk.polls.views import voter_cookie_value

    return voter_cookie_value(services.voter_key_new())


@pytest.mark.parametrize(
    ("labels", "votes", "results_show"),
    [
        (("Yes", "No"), (0, 0), "after_voting"),
        (('Fish & "chips"', "<b>Pies</b>", "Kate's"), (1233, 1, 0), "after_voting"),
        (("Yes", "No"), (5, 7), "when_closed"),
    ],
)
def test_the_answer_to_an_accepted_vote_is_the_state_templates_bytes(labels, votes, results_show):
    from django.template.loader import render_to_string

    from newsdesk.polls import selectors
    from newsdesk.polls.views import thanks_fragment

    poll = make_poll(options=labels, votes=votes, results_show=results_show)
    client, token = _reader(poll)
    response = _vote(client, poll, token, option(poll, labels[0]).pk, **FRAGMENT)
    vote = Vote.objects.select_related("option").get()
    shown = selectors.results_visible(poll=poll, has_voted=True)
    results = selectors.poll_results(poll=poll) if shown else None
    template = render_to_string(
        "polls/includes/state.html", {"message": services.THANKS, "vote": vote, "results": results}
    )
    assert response.content.decode() == template == thanks_fragment(vote=vote, results=results)

"""Reader endpoints: the per-reader state fragment, the vote, and the no-JS poll page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from newsdesk.core.ratelimit import client_ip
from newsdesk.delivery.responses import ask_for_fragment, personal, personal_view, wants_fragment

from . import selectors, services
from .models import Poll, PollOption, PollSettings, Vote

logger = logging.getLogger(__name__)

VOTER_SALT = "newsdesk.polls.voter"
VOTER_MAX_AGE = 400 * 24 * 3600


def _cookie_name() -> str:
    return settings.POLLS_VOTER_COOKIE_NAME


def _voter_key(request: HttpRequest) -> str | None:
    """Return the key in a genuine signed voter cookie, or None when it is missing or forged."""
    try:
        return request.get_signed_cookie(_cookie_name(), salt=VOTER_SALT, max_age=VOTER_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None


def _voter(request: HttpRequest) -> services.Voter:
    if request.user.is_authenticated:
        return services.Voter(user_id=request.user.pk)
    return services.Voter(voter_key=_voter_key(request))


def voter_cookie_value(voter_key: str) -> str:
    """Return the voter cookie's signed value for `voter_key`, signed as the state and vote answers sign it."""
    response = HttpResponse()
    response.set_signed_cookie(_cookie_name(), voter_key, salt=VOTER_SALT)
    return response.cookies[_cookie_name()].value


def _ensure_voter_cookie(request: HttpRequest, response: HttpResponse, voter: services.Voter) -> None:
    if voter.user_id is None and voter.voter_key is None:
        response.set_signed_cookie(
            _cookie_name(),
            request.polls_new_voter_key,
            salt=VOTER_SALT,
            max_age=VOTER_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def _state_context(
    request: HttpRequest,
    poll: Poll,
    voter: services.Voter,
    *,
    message: str = "",
    selected: int | None = None,
    options: list[PollOption] | None = None,
    vote: Vote | None = None,
    tallies: dict[int, int] | None = None,
    results_only: bool = False,
) -> dict:
    """Build what the state fragment shows this reader: the form, or their vote and (when allowed) the results.

    A caller that already holds the options, the reader's vote or the tallies (the vote view, just after storing
    it) passes them in rather than reading them again.
    """
    now = timezone.now()
    if options is None:
        options = selectors.poll_options(poll_id=poll.pk)
    if vote is None:
        vote = selectors.vote_for(poll_id=poll.pk, user_id=voter.user_id, voter_key=voter.voter_key)
    closed = poll.has_closed_at(now)
    show_results = selectors.results_visible(poll=poll, has_voted=vote is not None, now=now)
    if voter.user_id is None and voter.voter_key is None:
        request.polls_new_voter_key = services.voter_key_new()
    return {
        "request": request,
        "poll": poll,
        "options": options,
        "vote": vote,
        "closed": closed,
        "not_open_yet": not closed and poll.opens_at > now,
        "can_vote": vote is None and poll.is_open_at(now),
        "needs_sign_in": poll.who_may_vote == "signed_in" and not request.user.is_authenticated,
        "results": selectors.poll_results(poll=poll, options=options, tallies=tallies) if show_results else None,
        "message": message,
        "selected": selected,
        # The widget's results link: the results if this reader may see them, else when they will; not the form.
        "results_only": results_only,
        # Lazy, as in Django's own context processor: only a fragment showing the form needs (and refreshes) it.
        "csrf_token": SimpleLazyObject(lambda: get_token(request)),
        "closed_message": services.POLL_CLOSED,
        "note": selectors.SCIENTIFIC_NOTE,
    }


def _respond(request: HttpRequest, poll: Poll, voter: services.Voter, *, status: int = 200, **kwargs) -> HttpResponse:
    """Answer with the state fragment (script) or the whole poll page (no script)."""
    context = _state_context(request, poll, voter, **kwargs)
    if wants_fragment(request):
        # The fragment is a piece of the widget, not a page: it needs none of the layout's context processors
        # (masthead, navigation, site settings), which would cost cache and database round trips on every vote.
        response = HttpResponse(render_to_string("polls/includes/state.html", context), status=status)
    else:
        context["heading"] = PollSettings.for_request(request).heading
        response = render(request, "polls/poll_page.html", context, status=status)
    _ensure_voter_cookie(request, response, voter)
    return personal(response)


def _message_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if wants_fragment(request):
        response = HttpResponse(render_to_string("polls/includes/message.html", {"message": message}), status=status)
    else:
        response = render(request, "polls/message_page.html", {"message": message}, status=status)
    return personal(response)


@personal_view
def state(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Return this reader's view of the poll: the form with its CSRF token, or "You voted: X" and the results."""
    if request.method not in ("GET", "HEAD"):
        return _message_page(request, "This address only answers GET requests.", 405)
    ask_for_fragment(request)
    try:
        poll = selectors.visible_poll(poll_id=poll_id)
        if poll is None:
            return _message_page(request, services.POLL_NOT_FOUND, 404)
        return _respond(request, poll, _voter(request))
    except DatabaseError:
        logger.exception("polls: state for poll %s failed", poll_id)
        return _message_page(request, services.STORE_FAILED, 503)


@personal_view
def detail(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Show the poll on its own page: the form without JavaScript, and the results after voting."""
    try:
        poll = selectors.visible_poll(poll_id=poll_id)
        if poll is None:
            return _message_page(request, services.POLL_NOT_FOUND, 404)
        return _respond(
            request,
            poll,
            _voter(request),
            message=request.GET.get("m") == "thanks" and services.THANKS or "",
            results_only=request.GET.get("show") == "results",
        )
    except DatabaseError:
        logger.exception("polls: page for poll %s failed", poll_id)
        return _message_page(request, services.STORE_FAILED, 503)


def _csrf_failed(request: HttpRequest) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


def _parse_option_id(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None and raw.strip() else None
    except ValueError:
        return -1


@csrf_exempt  # checked by hand below: a failed check from the cached page's form becomes a "confirm" page
def vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Count one vote; without JavaScript, redirect to the results; with it, answer with the state fragment.

    Every answer is marked `personal`, which is all `never_cache` would add that matters (its Expires date and
    header parsing cost a tenth of a vote's CPU).
    """
    if request.method != "POST":
        response = _message_page(request, services.NOT_POST, 405)
        response["Allow"] = "POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.POLLS_MAX_BODY_BYTES:
        return _message_page(request, services.TOO_LARGE, 413)
    try:
        return _vote(request, poll_id)
    except DatabaseError:
        logger.exception("polls: storing a vote on poll %s failed", poll_id)
        return _message_page(request, services.STORE_FAILED, 503)


# Refusals that depend on the poll's rows: with a copy of the ballot a few seconds old, they are decided again on
# freshly read rows, so an editor's change (a poll opened, an option added) takes effect at once.
_REREAD_ON = (services.PollNotOpen, services.PollHasClosed, services.WrongOption, services.SignInRequired)


def _vote(request: HttpRequest, poll_id: int, *, fresh: bool = False) -> HttpResponse:
    found = selectors.ballot_fresh(poll_id=poll_id) if fresh else selectors.ballot_cached(poll_id=poll_id)
    if found is None:
        if not fresh:
            return _vote(request, poll_id, fresh=True)
        return _message_page(request, services.POLL_NOT_FOUND, 404)
    poll, options = found
    voter = _voter(request)
    option_id = _parse_option_id(request.POST.get("option"))
    if _csrf_failed(request) or (voter.user_id is None and voter.voter_key is None):
        return _respond(
            request, poll, voter, status=403, message=services.MISSING_VOTER, selected=option_id, options=options
        )
    if option_id is None:
        return _respond(request, poll, voter, status=400, message=services.NO_OPTION, options=options)
    option = next((o for o in options if o.pk == option_id), None)
    if option is None:
        if not fresh:
            return _vote(request, poll_id, fresh=True)
        return _respond(request, poll, voter, status=400, message=services.WRONG_OPTION, options=options)
    try:
        limits = selectors.poll_settings(request=request)
        cast = services.vote_cast_and_count(
            poll=poll, option=option, voter=voter, ip=client_ip(request), limits=limits, options=options
        )
    except services.VoteRefused as refusal:
        if not fresh and isinstance(refusal, _REREAD_ON):
            return _vote(request, poll_id, fresh=True)
        return _respond(request, poll, voter, status=refusal.status, message=refusal.message, options=options)
    if wants_fragment(request):
        return _thanks(poll=poll, options=options, vote=cast.vote, tallies=cast.tallies)
    response = redirect(f"{poll_url(poll.pk)}?m=thanks")
    response.status_code = 303  # See Other: the browser GETs the results
    return personal(response)


def _thanks(*, poll: Poll, options: list[PollOption], vote: Vote, tallies: dict[int, int] | None) -> HttpResponse:
    """Answer an accepted scripted vote with the state fragment, built without the template engine.

    This is the answer to nearly every vote, and rendering polls/includes/state.html for it cost more CPU than
    storing the vote. The bytes are the template's own: a test renders both for the same votes and compares them.
    """
    results = None
    if selectors.results_visible(poll=poll, has_voted=True):
        results = selectors.poll_results(poll=poll, options=options, tallies=tallies)
    return personal(HttpResponse(thanks_fragment(vote=vote, results=results)))


def thanks_fragment(*, vote: Vote, results: selectors.PollResults | None) -> str:
    """Return what polls/includes/state.html renders for a reader who has just voted."""
    parts = [
        "<div data-poll-state>"
        f'<p class="poll__message" role="status" data-poll-message>{escape(services.THANKS)}</p>\n\n',
        f'<p class="poll__voted" data-poll-voted>You voted: {escape(vote.option.label)}</p>\n\n',
    ]
    if results is None:
        parts.append('<p class="poll__pending">Results will be shown when the poll closes.</p>\n</div>\n')
        return "".join(parts)
    parts.append('<div class="poll__results" data-poll-results>\n  <ul class="poll__result-list">\n  ')
    for row in results.options:
        mine = " poll__result--mine" if row.option_id == vote.option_id else ""
        parts.append(
            f'\n    <li class="poll__result{mine}">\n'
            f'      <span class="poll__result-text">{escape(row.label)}: {row.percent}% - {row.votes:,} '
            f"vote{'' if row.votes == 1 else 's'}</span>\n"
            f'      <progress class="poll__bar" max="100" value="{row.percent}" data-percent="{row.percent}" '
            f'aria-hidden="true">{row.percent}%</progress>\n    </li>\n  '
        )
    parts.append(
        f'\n  </ul>\n  <p class="poll__total">Total: {results.total:,} vote{"" if results.total == 1 else "s"}</p>'
        "\n</div>\n\n</div>\n"
    )
    return "".join(parts)


def poll_url(poll_id: int) -> str:
    from django.urls import reverse

    return reverse("polls:detail", args=[poll_id])

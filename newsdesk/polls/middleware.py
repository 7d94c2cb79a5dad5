"""A short road for the widget's votes: an anonymous reader's scripted vote skips middleware with nothing to do."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse

from newsdesk.core.converters import DatabaseIdConverter
from newsdesk.delivery.responses import wants_fragment

from . import views


class ScriptedVoteMiddleware:
    """Send the widget's vote POSTs from readers without a session straight to the vote view.

    Most of the stack has nothing to do for them, yet costs more CPU than storing the vote: the static files and the
    page cache (GET only), sessions, authentication and messages (no session cookie: the reader is anonymous, as
    AuthenticationMiddleware would conclude), the account and staff checks (staff have sessions), and the headers
    that only govern documents (Content-Security-Policy, Permissions-Policy, X-Frame-Options), where the answer is a
    fragment the page's script inserts into a document that has them. Place it after SecurityMiddleware, which
    still redirects plain HTTP and sets its headers, and RequestIdMiddleware, which still tags the logs.

    CSRF protection stays Django's: the cookie is read and (when a form is shown) refreshed by CsrfViewMiddleware's
    own request and response steps, and the view checks the token with it as it does on the full stack. Everything
    else (a signed-in reader, the form POST without JavaScript, any other address) takes the full stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.poll_id = DatabaseIdConverter()
        example = reverse("polls:vote", args=[1])
        self.vote_path = re.compile("^" + re.escape(example).replace("/1/", f"/({self.poll_id.regex})/") + "$")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = self.vote_path.match(request.path_info)
        poll_id = self._poll_id(match)
        if (
            poll_id is None
            or request.method != "POST"
            or not wants_fragment(request)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or settings.CSRF_USE_SESSIONS
        ):
            return self.get_response(request)
        request.user = AnonymousUser()
        self.csrf.process_request(request)
        response = views.vote(request, poll_id)
        return self.csrf.process_response(request, response)

    def _poll_id(self, match: re.Match | None) -> int | None:
        """Return the poll id the vote address names, or None when the URL resolver would not take it either."""
        if match is None:
            return None
        try:
            return self.poll_id.to_python(match.group(1))
        except ValueError:  # not an id any poll can have: the full stack answers it as it answers any unknown address
            return None

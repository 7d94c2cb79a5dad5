"""A short road for beacons: counted before the rest of the stack, which has nothing to do for them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from . import views


class BeaconMiddleware:
    """Send /readership/beacon straight to its view.

    A beacon carries no session, sets no cookie and answers with no document, so sessions, authentication, CSRF,
    messages, the page cache and the document headers (CSP, Permissions-Policy, X-Frame-Options) have nothing to do,
    yet would cost more CPU than the count. Place it after SecurityMiddleware (which still redirects plain HTTP and
    sets its headers) and RequestIdMiddleware (which still tags the logs). Without nginx in front, this is the path
    every reader's page view takes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = reverse("readership:beacon")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != self.path:
            return self.get_response(request)
        return views.beacon(request)

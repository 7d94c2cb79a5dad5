"""Request hygiene that every view relies on."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import Http404


class RejectNulBytesMiddleware:
    """Refuse NUL characters in the path or parameters before any view sees them.

    No page has one in its address, and PostgreSQL refuses them in text, which would otherwise turn a typed
    "%00" into a server error deep inside a lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("No such page.")
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("The address contains a NUL character; remove it and try again.")
        return self.get_response(request)

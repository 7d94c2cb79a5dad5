"""Personal responses and fragments: what one reader sees (their vote, their comments, their premium body, their case).

Pages are the same bytes for every reader, signed in or not, and are cached whole (delivery.pagecache). What is one
reader's own arrives in fragments, and this module is their whole protocol on the server:
- scripts ask with one request header, FRAGMENT_HEADER: "1" (`wants_fragment`), sent by the one client script,
  `delivery/static/delivery/fragments.js`;
- every answer goes out through `personal`, with `Vary: Cookie` and `private`:
  - `private` keeps it out of every shared cache: the edges cache only what says `public`
    (deploy/varnish/newsdesk.vcl) or what the page cache stored for everyone (deploy/nginx/pagecache.lua), and a
    CDN, which caches by its own rules, must not share it either;
  - `Vary: Cookie` tells any cache that ignores that, and the browser's own, that the answer depends on who asks
    (a reader who signs out or in has another cookie);
  - by default also `no-store`: state the reader changes on the page (a vote, a comment, a form's answer) must
    not come back from the browser's cache after they changed it;
  - a fragment that only changes when something outside the page changes (the premium body, which a subscription
    lets a reader read) may instead let the browser reuse it briefly, `private, max-age=N` (`reuse_seconds`), so a
    reader going back and forth between articles asks again only after N seconds. The server still decides each
    time it is asked: a subscription that ends refuses the next request at once.
Django's `never_cache` adds `max-age=0, no-cache, must-revalidate` and Expires, which no-store already implies.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PERSONAL_CACHE_CONTROL = "private, no-store"
FRAGMENT_HEADER = "X-Fragment"
_FRAGMENT_META = "HTTP_" + FRAGMENT_HEADER.upper().replace("-", "_")
# How long a browser may reuse a fragment that only changes when something outside the page changes.
REUSE_SECONDS = 30


def personal(response: HttpResponse, *, reuse_seconds: int = 0) -> HttpResponse:
    """Mark a response as one reader's own: no shared cache may keep it; the browser only for `reuse_seconds`."""
    if reuse_seconds > 0 and response.status_code == 200:
        response["Cache-Control"] = f"private, max-age={int(reuse_seconds)}"
    else:
        response["Cache-Control"] = PERSONAL_CACHE_CONTROL
    patch_vary_headers(response, ("Cookie",))
    return response


def personal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view whose every answer is personal (an account page, a reader's own state)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return personal(view(request, *args, **kwargs))

    return wrapped


def wants_fragment(request: HttpRequest) -> bool:
    """Return whether a script asked for the bare fragment rather than the whole page."""
    return request.META.get(_FRAGMENT_META) == "1"


def ask_for_fragment(request: HttpRequest) -> None:
    """Answer this request with the bare fragment, whatever it asked for (a fragment-only address)."""
    request.META[_FRAGMENT_META] = "1"

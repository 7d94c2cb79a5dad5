"""Personal responses: what one reader sees (their vote, their comments, their case), kept out of every shared cache.

One header set for all of them, `Cache-Control: private, no-store` and `Vary: Cookie`:
- the edges cache only what says `public` (deploy/varnish/newsdesk.vcl) or what the page cache stored for anonymous
  readers (deploy/nginx/pagecache.lua); `private` also keeps a CDN, which caches by its own rules, from sharing it;
- `no-store` keeps it out of the browser's cache too: a reader who signs out, or a shared computer, must not get
  another reader's state back from history;
- `Vary: Cookie` tells any cache that ignores the first two that the answer depends on who asks.
Django's `never_cache` adds `max-age=0, no-cache, must-revalidate` and Expires, which no-store already implies.

Scripts ask for the bare fragment (not the whole page) with one request header, FRAGMENT_HEADER: "1".
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PERSONAL_CACHE_CONTROL = "private, no-store"
FRAGMENT_HEADER = "X-Fragment"
_FRAGMENT_META = "HTTP_" + FRAGMENT_HEADER.upper().replace("-", "_")


def personal(response: HttpResponse) -> HttpResponse:
    """Mark a response as one reader's own: no shared or browser cache may keep it."""
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

"""The cache-aware serve of a Wagtail page: one rendering for every reader, replica reads for listings, and the
purge tags of what it showed."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from .fragments import tags_used
from .pagecache import cache_page_with_tags
from .replica import replica_reads
from .responses import personal


@contextmanager
def shared_render(request: HttpRequest) -> Iterator[None]:
    """Render for nobody in particular: inside, the request has no reader, so what is rendered is what anyone gets.

    A page the page cache keeps is answered to signed-in readers too; rendering it for the reader who happened to
    miss would put their state in everyone's copy. Their own state comes from fragments instead.
    """
    had_user = hasattr(request, "user")
    user = getattr(request, "user", None)
    request.user = AnonymousUser()
    try:
        yield
    finally:
        if had_user:
            request.user = user
        else:
            del request.user


def shared_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view whose page the page cache keeps (it tags its response): render it for nobody in particular."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with shared_render(request):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    return wrapped


class CachedPageMixin:
    """Serve a page through the page cache, tagged with what it shows; mix in before Wagtail's Page.

    A page type says what it shows in `cache_tags()`; pages that tolerate a second of lag (listings) set
    `reads_from_replica`. The page is rendered for nobody in particular (`shared_render`), whoever asked, except an
    editor's preview (a draft, for its editor) and a page behind a view restriction (Wagtail has let this reader in;
    the page is theirs, answered privately and never stored).
    """

    reads_from_replica = False

    def cache_tags(self) -> set[str]:
        """Return the purge tags of this page as served: what it shows, so that changing that purges it."""
        raise NotImplementedError(f"{type(self).__name__} must say which purge tags its page carries.")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.get_view_restrictions():
            return personal(super().serve(request, *args, **kwargs))
        # A preview is tagged too, so the page cache knows it for a page and answers it privately (`is_dummy`).
        previewing = getattr(request, "is_preview", False)
        with nullcontext() if previewing else shared_render(request):
            with replica_reads(request, enabled=self.reads_from_replica) as on_replica:
                response = super().serve(request, *args, **kwargs)
                if on_replica and hasattr(response, "render") and not response.is_rendered:
                    response.render()  # the template's queries too
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # as nobody: a template may ask for `user`
        return self._tag_response(response, request)

    def _tag_response(self, response: HttpResponse, request: HttpRequest) -> HttpResponse:
        return cache_page_with_tags(response, self.cache_tags() | tags_used(request))

"""The cache-aware serve of a Wagtail page: replica reads for listings, and the purge tags of what it showed."""

from django.http import HttpRequest, HttpResponse

from .fragments import tags_used
from .pagecache import cache_page_with_tags
from .replica import replica_reads


class CachedPageMixin:
    """Serve a page through the page cache, tagged with what it shows; mix in before Wagtail's Page.

    A page type says what it shows in `cache_tags()`; pages the same for every anonymous reader that tolerate a
    second of lag (listings) set `reads_from_replica`.
    """

    reads_from_replica = False

    def cache_tags(self) -> set[str]:
        """Return the purge tags of this page as served: what it shows, so that changing that purges it."""
        raise NotImplementedError(f"{type(self).__name__} must say which purge tags its page carries.")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with replica_reads(request, enabled=self.reads_from_replica) as on_replica:
            response = super().serve(request, *args, **kwargs)
            if on_replica and hasattr(response, "render") and not response.is_rendered:
                response.render()  # the template's queries too
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            # What the page shows is known once it is rendered: parts load lazily, or come from shared fragments.
            response.add_post_render_callback(lambda rendered: self._tag_response(rendered, request))
        return self._tag_response(response, request)

    def _tag_response(self, response: HttpResponse, request: HttpRequest) -> HttpResponse:
        return cache_page_with_tags(response, self.cache_tags() | tags_used(request))

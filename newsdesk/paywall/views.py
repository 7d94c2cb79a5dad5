"""The paywall's private fragment: a premium article's full body, for entitled readers only.

The article page itself is the same teaser for everyone (so it can be cached whole); its script swaps this
fragment in. Opened directly, the fragment is a readable page of its own, the no-JS way to the full text.
"""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import Site

from newsdesk.delivery.responses import wants_fragment

from .selectors import current_offer
from .services import ArticleNotFound, NotEntitled, full_article_open


def _private(response: HttpResponse) -> HttpResponse:
    # Personal by definition: no shared cache (ours, Varnish, a CDN, a proxy) may keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))
    response["X-Robots-Tag"] = "noindex"
    return response


def article_body(request: HttpRequest, page_id: int) -> HttpResponse:
    """Serve a premium article's full body to an entitled reader; 403 with the reason to anyone else."""
    try:
        article, body, meter_note = full_article_open(
            page_id=page_id, reader=request.user, site=Site.find_for_request(request)
        )
    except ArticleNotFound as error:
        context = {"message": str(error), "article": None, "offer": None}
        return _private(TemplateResponse(request, "paywall/denied.html", context, status=404))
    except NotEntitled as error:
        if wants_fragment(request):
            # The page's script asks for every reader: "not for you" is an expected answer, not an error the
            # browser's console should report. The teaser and the offer stay.
            return _private(HttpResponse(status=204))
        context = {"message": str(error), "offer": current_offer(), "signed_in": request.user.is_authenticated}
        return _private(TemplateResponse(request, "paywall/denied.html", context, status=403))
    context = {"article": article, "body": body, "canonical_url": None, "meter_note": meter_note}
    return _private(TemplateResponse(request, "paywall/body.html", context))

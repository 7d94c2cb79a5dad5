"""The paywall's private fragment: a premium article's full body, for entitled readers only.

The article page itself is the same teaser for everyone (so it can be cached whole); its script swaps this
fragment in. Opened directly, the fragment is a readable page of its own, the no-JS way to the full text.

A reader who reads every premium article (a subscriber with access, the newsroom) is answered from the kept page
(`bodies`): no render, no query once their entitlement and the article are in the cache. Everyone else (a metered
reader, whose read is counted; a refusal) goes through `full_article_open` each time.
"""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from newsdesk.delivery import edgecache
from newsdesk.delivery.pagecache import keep_private_at_edge
from newsdesk.delivery.responses import REUSE_SECONDS, personal, wants_fragment
from newsdesk.subscriptions.access import access_version_cache_key

from .bodies import body_tags, keep_full_body, kept_full_body, render_started
from .selectors import PremiumAccess, current_offer, premium_access
from .services import ArticleNotFound, NotEntitled, full_article_open


def _private(response: HttpResponse, *, reusable: bool = False) -> HttpResponse:
    # Personal by definition: no shared cache (ours, Varnish, a CDN, a proxy) may keep a copy. An entitled reader's
    # browser may reuse the full body briefly; a refusal (signing in must show the body at once) and a metered read
    # (each one counted) never.
    response["X-Robots-Tag"] = "noindex"
    return personal(response, reuse_seconds=REUSE_SECONDS if reusable else 0)


def article_body(request: HttpRequest, page_id: int) -> HttpResponse:
    """Serve a premium article's full body to an entitled reader; 403 with the reason to anyone else."""
    access = premium_access(request.user)
    reads_all = access.reads_all
    if reads_all:
        kept = kept_full_body(page_id=page_id)
        if kept is not None:
            content, rendered_from = kept
            return _for_the_entitled(
                request, _private(HttpResponse(content), reusable=True), page_id, rendered_from, access
            )
    started_at = render_started()
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
    response = TemplateResponse(request, "paywall/body.html", context)
    if reads_all and not meter_note:
        response.render()
        keep_full_body(article=article, content=response.content, started_at=started_at)
        return _for_the_entitled(request, _private(response, reusable=True), article.pk, started_at, access)
    return _private(response)


def _for_the_entitled(request, response, page_id: int, started_at: int, access: PremiumAccess) -> HttpResponse:
    # The same bytes for every entitled reader: nginx may answer this reader's next ones itself (bodies.py).
    if edgecache.enabled() and request.session.session_key:
        edgecache.remember_session(
            session_key=request.session.session_key,
            version_key=access_version_cache_key(user_id=request.user.pk),
            version=access.version,
            until=access.until,
        )
        keep_private_at_edge(response, name=f"body:{page_id}", tags=body_tags(page_id), started_at=started_at)
    return response

"""The reader's side of the public editor: the form, the private case page, corrections and the figures."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from newsdesk.core import ratelimit
from newsdesk.core.selectors import absolute_url, paginate
from newsdesk.delivery.responses import personal
from newsdesk.news.selectors import live_article

from . import charts, services
from .forms import SPAM_REFUSED, CaseForm, ReplyForm, form_stamp
from .models import Case, State
from .selectors import (
    cached_accountability_figures,
    case_for_token,
    case_token,
    editor_settings,
    public_thread,
    published_corrections,
)

RATE_LIMITED = "You have sent several messages in a short time. Please wait an hour and try again."
LINK_INVALID = (
    "This link does not open a case. Copy the whole link from your acknowledgement email, or write to us again."
)
REPLY_SENT = "Thank you: your reply has been added to the case."
HOUR = 3600


def _private(response: HttpResponse) -> HttpResponse:
    """Mark a page personal; a case page's address carries its token, so it never leaves as a referrer."""
    personal(response)
    response["Referrer-Policy"] = "same-origin"  # the tracking token is in the URL: never send it to other sites
    return response


def _rate_limited(request: HttpRequest, email: str) -> bool:
    ip = ratelimit.client_ip(request)
    checks = [
        ratelimit.allow("publiceditor:ip", ip, limit=settings.PUBLICEDITOR_RATE_PER_IP, window=HOUR),
        ratelimit.allow(
            "publiceditor:net", ratelimit.ip_network_key(ip), limit=settings.PUBLICEDITOR_RATE_PER_NETWORK, window=HOUR
        ),
    ]
    if email:
        checks.append(
            ratelimit.allow(
                "publiceditor:email", email.lower(), limit=settings.PUBLICEDITOR_RATE_PER_EMAIL, window=HOUR
            )
        )
    return not all(checks)


def _live_article(raw: str):
    """Return the live article a form names by id, or None for junk or a missing article."""
    if raw.isdigit() and len(raw) < 10:
        return live_article(article_id=int(raw))
    return None


@require_http_methods(["GET", "POST"])
def case_form(request: HttpRequest) -> HttpResponse:
    """Show the reader's form (pre-filled with an article) and store what they send."""
    if request.method == "POST":
        form = CaseForm(request.POST)
        if form.is_spam():
            return _private(render(request, "publiceditor/refused.html", {"message": SPAM_REFUSED}, status=400))
        if form.is_valid():
            data = form.cleaned_data
            if _rate_limited(request, data["email"]):
                return _private(render(request, "publiceditor/refused.html", {"message": RATE_LIMITED}, status=429))
            case = services.case_submit(
                submission=services.Submission(
                    kind=data["kind"],
                    category=data["category"],
                    article_id=data["article"],
                    message=data["message"],
                    name=data["name"],
                    email=data["email"],
                    consent_to_contact=data["consent"],
                )
            )
            return redirect(reverse("publiceditor:track", args=[case_token(case)]) + "?new=1")
        article = _live_article(str(form.data.get("article", "")))
        form.data = form.data.copy()
        form.data["stamp"] = form_stamp()  # a fresh stamp, so a corrected resubmission is not refused as expired
        status = 400
    else:
        article = _live_article(request.GET.get("article", ""))
        initial = {"stamp": form_stamp(), "article": article.pk if article else None}
        form = CaseForm(initial=initial)
        status = 200
    context = {"form": form, "article": article, "retention_months": editor_settings().retention_months}
    return _private(render(request, "publiceditor/form.html", context, status=status))


@require_http_methods(["GET", "POST"])
def case_track(request: HttpRequest, token: str) -> HttpResponse:
    """Show a reader their case and thread, and take their reply (not on a closed case)."""
    case = case_for_token(token)
    if case is None:
        return _private(render(request, "publiceditor/refused.html", {"message": LINK_INVALID}, status=404))
    status, notice, error = 200, "", ""
    form = ReplyForm()
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if not ratelimit.allow("publiceditor:reply", str(case.pk), limit=20, window=HOUR):
            status, error = 429, RATE_LIMITED
        elif form.is_valid():
            try:
                services.case_reader_reply(case=case, body=form.cleaned_data["body"])
            except services.PublicEditorError as exc:
                status, error = 409, str(exc)
            else:
                return redirect(reverse("publiceditor:track", args=[token]) + "?replied=1")
        else:
            status = 400
    if request.GET.get("replied"):
        notice = REPLY_SENT
    context = {
        "case": case,
        "thread": public_thread(case),
        "form": form,
        "is_new": bool(request.GET.get("new")),
        "notice": notice,
        "error": error,
        "closed": case.state == State.CLOSED,
        "tracking_path": request.path,
    }
    return _private(render(request, "publiceditor/track.html", context, status=status))


def corrections_page(request: HttpRequest) -> HttpResponse:
    """List every published correction, newest first."""
    window = paginate(published_corrections(), page_number=request.GET.get("page"), per_page=30)
    return render(
        request,
        "publiceditor/corrections.html",
        {"window": window, "canonical_url": absolute_url(reverse("publiceditor:corrections"))},
    )


class CorrectionsFeed(Feed):
    """RSS feed of corrections, clarifications and updates."""

    title = "Corrections and clarifications"
    description = "Corrections, clarifications and updates to our articles."

    def link(self) -> str:
        return reverse("publiceditor:corrections")

    def items(self):
        return list(published_corrections()[:50])

    def item_title(self, item) -> str:
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_description(self, item) -> str:
        return item.text

    def item_link(self, item) -> str:
        return (item.article.url or "/") + f"#correction-{item.pk}"

    def item_guid(self, item) -> str:
        return absolute_url(f"/public-editor/corrections/#correction-{item.pk}")

    def item_pubdate(self, item):
        return item.published_at


def accountability_page(request: HttpRequest) -> HttpResponse:
    """Show the public editor's monthly figures as SVG charts with tables beside them."""
    figures = cached_accountability_figures(months=12)
    return render(
        request,
        "publiceditor/accountability.html",
        {
            "figures": figures,
            "received_chart": charts.bar_chart(
                [(f.month.strftime("%b %Y"), f.total) for f in figures], title="Cases received per month"
            ),
            "corrections_chart": charts.bar_chart(
                [(f.month.strftime("%b %Y"), f.corrections) for f in figures], title="Corrections published per month"
            ),
            "upheld_chart": charts.bar_chart(
                [(f.month.strftime("%b %Y"), f.share_upheld or 0) for f in figures],
                title="Share of resolved complaints upheld (%)",
                maximum=100,
            ),
            "kinds": Case._meta.get_field("kind").choices,
            "canonical_url": absolute_url(reverse("publiceditor:accountability")),
        },
    )

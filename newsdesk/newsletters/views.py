"""The reader's side of newsletters: sign up, confirm, unsubscribe (one click, RFC 8058), manage every list.

The sign-up form sits on cached pages (footer, articles), so it carries nothing personal and no CSRF token: its
endpoint is CSRF-exempt and treats every post as a request by email address, confirmed by a link sent to that
address (double opt-in). A forged post can therefore only cause one rate-limited confirmation email, never a
membership. A signed-in reader joins lists directly on the manage page, which is personal and CSRF-protected.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.core import ratelimit
from newsdesk.delivery.responses import personal

from . import services
from .models import ConsentSource
from .selectors import edition_link_url, memberships_of, newsletter_by_slug, open_newsletters
from .tokens import subscription_from_unsubscribe_token

CHECK_INBOX = "Nearly done: we have sent a link to {email}. Click it to confirm, and {name} starts."
CONFIRMED = "Thank you: you will receive {name}."
UNSUBSCRIBED = "You are unsubscribed from {name}. No more emails from this list will be sent to you."
BAD_UNSUBSCRIBE_LINK = (
    "This unsubscribe link is not valid. Use the link in your newsletter, or sign in to manage your lists."
)
UNKNOWN_LIST = "Choose a newsletter to sign up to."
RATE_LIMITED = "Too many sign-ups from here in a short time. Please try again in an hour."
SAVED = "Your newsletters are saved."
TOO_MANY_BAD_LINKS = "Too many links that are not valid came from here. Please try again in an hour."
HOUR = 3600
# Forged or mangled tokens one address may try in an hour before its token links are refused for the rest of it.
# Real links never count: a mail service's one-click POSTs, from few addresses, always carry valid tokens.
BAD_LINKS_PER_HOUR = 20
SIGNUP_SOURCES = {ConsentSource.FOOTER, ConsentSource.ARTICLE}


def _page(request: HttpRequest, message: str, *, status: int = 200, **context) -> HttpResponse:
    return personal(render(request, "newsletters/message.html", {"message": message, **context}, status=status))


@csrf_exempt  # a post can only ask for a confirmation email to the address given (see the module docstring)
@require_POST
def signup(request: HttpRequest) -> HttpResponse:
    """Ask for a list by email address; the confirmation link decides."""
    newsletter = newsletter_by_slug(request.POST.get("newsletter", ""))
    if newsletter is None:
        return _page(request, UNKNOWN_LIST, status=400)
    source = request.POST.get("source", ConsentSource.FOOTER)
    source = source if source in SIGNUP_SOURCES else ConsentSource.FOOTER
    ip = ratelimit.client_ip(request)
    if not ratelimit.allow("newsletters:signup", ip, limit=20, window=HOUR):
        return _page(request, RATE_LIMITED, status=429)
    try:
        email = services.normalise_email(request.POST.get("email", ""))
        if not ratelimit.allow("newsletters:signup-email", email, limit=3, window=HOUR):
            return _page(request, RATE_LIMITED, status=429)
        services.subscription_request(newsletter=newsletter, email=email, source=source)
    except services.NewsletterError as error:
        return _page(request, error.message, status=error.status)
    return _page(request, CHECK_INBOX.format(email=email, name=newsletter.name))


@csrf_exempt  # the signed token is the credential
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Show one button (link scanners only GET); its POST confirms the membership."""
    if _guessing(request):
        return _page(request, TOO_MANY_BAD_LINKS, status=429)
    if request.method == "GET":
        return personal(render(request, "newsletters/confirm.html", {"token": token}))
    try:
        subscription = services.subscription_confirm(token=token)
    except services.NewsletterError as error:
        _bad_link(request)
        return _page(request, error.message, status=error.status)
    return _page(request, CONFIRMED.format(name=subscription.newsletter.name))


@csrf_exempt  # RFC 8058: a mail client's one-click POST carries no CSRF token; the signed token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST (that button, or the mail client's one click): unsubscribe, idempotently."""
    if _guessing(request):
        return _page(request, TOO_MANY_BAD_LINKS, status=429)
    subscription_id = subscription_from_unsubscribe_token(token)
    if subscription_id is None:
        _bad_link(request)
        return _page(request, BAD_UNSUBSCRIBE_LINK, status=400)
    if request.method == "GET":
        return personal(render(request, "newsletters/unsubscribe.html", {"token": token}))
    subscription, _ = services.subscription_unsubscribe(subscription_id=subscription_id)
    if subscription is None:  # the membership was erased: nothing to send to, which is what was asked
        return _page(request, UNSUBSCRIBED.format(name="this newsletter"))
    return _page(request, UNSUBSCRIBED.format(name=subscription.newsletter.name))


@require_http_methods(["GET", "HEAD"])
def click(request: HttpRequest, link_id: int) -> HttpResponse:
    """Count a click on a story link in a newsletter (GET only: link checkers' HEADs are not clicks) and go there.

    No cookie, no session, nothing about the reader is stored; never cached, so every click is counted."""
    url = services.link_click(link_id=link_id) if request.method == "GET" else edition_link_url(link_id=link_id)
    if url is None:
        raise Http404("No such link.")
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _guessing(request: HttpRequest) -> bool:
    """Return whether this address has sent too many invalid token links this hour (someone guessing tokens)."""
    return ratelimit.over("newsletters:bad-link", ratelimit.client_ip(request), limit=BAD_LINKS_PER_HOUR, window=HOUR)


def _bad_link(request: HttpRequest) -> None:
    ratelimit.allow("newsletters:bad-link", ratelimit.client_ip(request), limit=BAD_LINKS_PER_HOUR, window=HOUR)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """One page where a signed-in reader chooses all their lists."""
    message = ""
    status = 200
    if request.method == "POST":
        chosen = {int(value) for value in request.POST.getlist("newsletter") if value.isdigit()}
        try:
            services.subscriptions_set(user=request.user, newsletter_ids=chosen)
            message = SAVED
        except services.NewsletterError as error:
            message, status = error.message, error.status
    members = memberships_of(user=request.user)
    lists = [{"newsletter": n, "member": members.get(n.pk)} for n in open_newsletters()]
    return personal(render(request, "newsletters/manage.html", {"lists": lists, "message": message}, status=status))

"""Reader pages for subscribing and managing a subscription, the test gateway's hosted card form, webhooks."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.core.ratelimit import allow, client_ip
from newsdesk.core.selectors import absolute_url
from newsdesk.delivery.pagecache import cache_page_with_tags
from newsdesk.delivery.responses import personal_view

from .gateways import get_gateway
from .gateways.base import Gateway, GatewayError, GatewayNotConfigured
from .gateways.testgateway import TEST_CARDS, tokenise_card
from .models import Payment, Plan, WebhookEvent
from .selectors import (
    SUBSCRIPTIONS_CLOSED,
    account_summary,
    active_plans,
    cancellation_message,
    live_subscription,
    start_terms_for,
    subscriptions_open,
)
from .services.subscriptions import (
    SubscriptionError,
    payment_method_update,
    subscription_cancel,
    subscription_resume,
    subscription_start,
)
from .services.webhooks import webhook_apply

CHOOSE_PLAN = "Choose one of the plans listed."
CARD_NOT_CONFIRMED = "The card could not be confirmed by the payment processor. Please enter it again."
TOO_MANY = "Too many attempts. Please wait a few minutes and try again."
TRIAL_STARTED = "Your free trial has started. You will not be charged before {trial_end}."
PAID_STARTED = "Thank you: your subscription is active and {amount} was charged."
CARD_UPDATED = "Your card was updated."
RESUMED = "Your subscription continues. Nothing changes to your billing dates."
GATEWAY_UNAVAILABLE = (
    "The payment processor is not answering just now, so nothing was charged. Please try again in a few minutes."
)

logger = logging.getLogger(__name__)


def _limited(request: HttpRequest, scope: str) -> bool:
    return not allow(f"subscriptions:{scope}", str(request.user.pk or client_ip(request)), limit=20, window=600)


def _gateway() -> Gateway | None:
    """Return the configured gateway, or None when nobody can subscribe (`check --deploy` says what to set)."""
    try:
        return get_gateway()
    except GatewayNotConfigured:
        return None


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "subscriptions/problem.html", {"message": message}, status=status)


def _to_hosted_form(request: HttpRequest, gateway: Gateway, return_path: str) -> HttpResponse | None:
    """Redirect to the gateway's card form; None when the gateway could not start one."""
    try:
        hosted = gateway.hosted_form(email=request.user.email, return_url=absolute_url(return_path))
    except GatewayError as error:
        logger.warning("The %s gateway could not start its card form: %s", gateway.name, error)
        return None
    return redirect(hosted.url)


class PlanForm(forms.Form):
    plan = forms.SlugField(error_messages={"required": CHOOSE_PLAN, "invalid": CHOOSE_PLAN})


@require_GET
def offer(request: HttpRequest) -> HttpResponse:
    """Show the public offer: every plan, its trial, what cancelling means; the same page for every reader."""
    context = {"plans": list(active_plans()), "closed_message": "" if subscriptions_open() else SUBSCRIPTIONS_CLOSED}
    # Cached whole like the news pages; a plan edited in the admin shows here once the page's minute is up.
    return cache_page_with_tags(render(request, "subscriptions/offer.html", context), ())


def _sign_up_first(request: HttpRequest) -> HttpResponse:
    """Send an anonymous reader who chose a plan to sign up (its page links to sign in), then back here."""
    here = request.get_full_path()
    return redirect(reverse("account_signup") + "?" + urlencode({"next": here}))


@personal_view
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Show the plans; send the reader to the gateway's card form with the chosen plan."""
    if not request.user.is_authenticated:
        # The offer is public; an account is needed only once a plan is chosen.
        return _sign_up_first(request) if request.GET.get("plan") else redirect("subscribe")
    if live_subscription(user=request.user) is not None:
        return redirect("accounts:home")
    plans = list(active_plans())
    gateway = _gateway()
    chosen = request.GET.get("plan", "")[:50]
    form = PlanForm(request.POST or None, initial={"plan": chosen})
    context = {
        "plans": plans,
        "form": form,
        "chosen": chosen if any(p.slug == chosen for p in plans) else (plans[0].slug if plans else ""),
        "closed_message": "" if gateway else SUBSCRIPTIONS_CLOSED,
    }
    if request.method == "POST" and gateway is None:
        logger.warning("A reader chose a plan, but no payment gateway is configured (SUBSCRIPTIONS_GATEWAY).")
        return render(request, "subscriptions/subscribe.html", context, status=503)
    if request.method == "POST" and form.is_valid():
        plan = next((p for p in plans if p.slug == form.cleaned_data["plan"]), None)
        if plan is not None:
            return_path = reverse("subscriptions:start") + "?" + urlencode({"plan": plan.slug})
            return _to_hosted_form(request, gateway, return_path) or _problem(request, GATEWAY_UNAVAILABLE, 503)
        form.add_error("plan", CHOOSE_PLAN)
    status = 400 if request.method == "POST" else 200
    return render(request, "subscriptions/subscribe.html", context, status=status)


def _card_from_return(request: HttpRequest, gateway: Gateway):
    try:
        return gateway.token_from_return(params=request.GET.dict() | request.POST.dict())
    except GatewayError:
        return None


@personal_view
@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Confirm and start the subscription with the token the gateway sent back (GET shows, POST starts)."""
    gateway = _gateway()
    if gateway is None:
        return _problem(request, SUBSCRIPTIONS_CLOSED, 503)
    plan = Plan.objects.filter(slug=request.GET.get("plan", "")[:50], is_active=True).first()
    card = _card_from_return(request, gateway)
    if plan is None or card is None:
        return _problem(request, CHOOSE_PLAN if plan is None else CARD_NOT_CONFIRMED, 400)
    if request.method == "POST":
        if _limited(request, "start"):
            return _problem(request, TOO_MANY, 429)
        try:
            sub = subscription_start(user=request.user, plan=plan, card=card, gateway=gateway)
        except SubscriptionError as error:
            return _problem(request, str(error), 409)
        summary = account_summary(user=request.user)
        if summary.trial_end:
            messages.success(request, TRIAL_STARTED.format(trial_end=summary.trial_end))
        else:
            messages.success(request, PAID_STARTED.format(amount=sub.plan.price_display))
        return redirect("accounts:home")
    terms = start_terms_for(user=request.user, plan=plan, fingerprint=card.fingerprint)
    return render(request, "subscriptions/start.html", {"plan": plan, "card": card, "terms": terms})


@personal_view
@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    """Show exactly what cancelling means (GET); cancel (POST)."""
    sub = live_subscription(user=request.user)
    if sub is None or sub.status not in ("trialing", "active", "past_due"):
        return redirect("accounts:home")
    if request.method == "POST":
        try:
            message = subscription_cancel(subscription=sub)
        except SubscriptionError as error:  # cancelled in another tab a moment ago
            messages.info(request, str(error))
            return redirect("accounts:home")
        messages.success(request, message)
        return redirect("accounts:home")
    return render(
        request, "subscriptions/cancel.html", {"message": cancellation_message(subscription=sub, at=timezone.now())}
    )


@personal_view
@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    sub = live_subscription(user=request.user)
    try:
        if sub is None:
            raise SubscriptionError("There is no subscription to resume.")
        subscription_resume(subscription=sub)
    except SubscriptionError as error:
        messages.error(request, str(error))
        return redirect("accounts:home")
    messages.success(request, RESUMED)
    return redirect("accounts:home")


@personal_view
@login_required
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest) -> HttpResponse:
    """Send the reader to the gateway's card form; on return, confirm and use the new card."""
    sub = live_subscription(user=request.user)
    if sub is None:
        return redirect("accounts:home")
    gateway = _gateway()
    if gateway is None:
        return _problem(request, SUBSCRIPTIONS_CLOSED, 503)
    if "token" not in request.GET and "reference" not in request.GET:
        response = _to_hosted_form(request, gateway, reverse("subscriptions:card"))
        return response or _problem(request, GATEWAY_UNAVAILABLE, 503)
    new_card = _card_from_return(request, gateway)
    if new_card is None:
        return _problem(request, CARD_NOT_CONFIRMED, 400)
    if request.method == "POST":
        if _limited(request, "card"):
            return _problem(request, TOO_MANY, 429)
        payment_method_update(subscription=sub, card=new_card, gateway=gateway)
        messages.success(request, CARD_UPDATED)
        return redirect("accounts:home")
    return render(request, "subscriptions/card.html", {"card": new_card, "subscription": sub})


@personal_view
@login_required
def receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = get_object_or_404(
        Payment.objects.select_related("subscription__plan", "billing_period"),
        id=payment_id,
        subscription__user=request.user,
    )
    return render(request, "subscriptions/receipt.html", {"payment": payment})


class CardForm(forms.Form):
    number = forms.CharField(label="Card number", max_length=23)
    exp_month = forms.IntegerField(label="Expiry month", min_value=1, max_value=12)
    exp_year = forms.IntegerField(label="Expiry year", min_value=2000, max_value=2100)
    cvc = forms.CharField(label="Security code (CVC)", max_length=4)


@personal_view
@require_http_methods(["GET", "POST"])
def test_gateway_card(request: HttpRequest) -> HttpResponse:
    """The test gateway's hosted card form: it keeps the card and returns only a token to the site."""
    gateway = _gateway()
    if gateway is None or gateway.name != "test":
        return HttpResponse("The test gateway is not enabled.", status=404, content_type="text/plain")
    return_url = request.GET.get("return", "")
    if not url_has_allowed_host_and_scheme(return_url, allowed_hosts=None) or not return_url.startswith("/"):
        return HttpResponseBadRequest("The return address must be a path on this site.", content_type="text/plain")
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = tokenise_card(
                number=form.cleaned_data["number"],
                exp_month=form.cleaned_data["exp_month"],
                exp_year=form.cleaned_data["exp_year"],
                today=timezone.now(),
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            joiner = "&" if "?" in return_url else "?"
            return redirect(return_url + joiner + urlencode({"token": stored.token}))
    status = 400 if request.method == "POST" else 200
    cards = [(f"{n[:4]} {n[4:8]} {n[8:12]} {n[12:]}", b.replace("_", " ")) for n, b in TEST_CARDS.items()]
    return render(request, "subscriptions/test_gateway_card.html", {"form": form, "cards": cards}, status=status)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, gateway_name: str) -> HttpResponse:
    """Receive a gateway event: signature on the raw body first, then record once, then apply."""
    # Only the configured gateway's events are taken: the test gateway's, signed with a secret a test site may
    # share, must not reach a site that takes real payments.
    gateway = _gateway()
    if gateway is None or gateway.name != gateway_name:
        return JsonResponse({"error": "unknown gateway"}, status=404)
    body = request.body
    if not gateway.verify_webhook(body=body, headers=dict(request.headers)):
        return JsonResponse({"error": "bad signature"}, status=400)
    try:
        event = gateway.parse_webhook(body=body)
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "malformed event"}, status=400)
    # Recording and applying share one transaction: an event is either applied and recorded, or neither (so the
    # gateway's redelivery tries again); a second delivery of an applied event hits the unique id.
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                gateway=gateway.name,
                event_id=event.event_id[:120],
                event_type=event.event_type[:60],
                occurred_at=event.occurred_at,
                received_at=timezone.now(),
                payload=event.data,
            )
            outcome = webhook_apply(record=record, event=event, gateway=gateway)
    except IntegrityError:
        return JsonResponse({"status": "already processed"})
    return JsonResponse({"status": outcome})

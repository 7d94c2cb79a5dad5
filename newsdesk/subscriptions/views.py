"""Reader pages for subscribing and managing a subscription, the test gateway's hosted card form, webhooks."""

from __future__ import annotations

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
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.core.ratelimit import allow, client_ip

from .gateways import get_gateway
from .gateways.base import GatewayError
from .gateways.testgateway import TEST_CARDS, tokenise_card
from .models import Payment, Plan, WebhookEvent
from .selectors import account_summary, active_plans, cancellation_message, live_subscription
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


def _limited(request: HttpRequest, scope: str) -> bool:
    return not allow(f"subscriptions:{scope}", str(request.user.pk or client_ip(request)), limit=20, window=600)


class PlanForm(forms.Form):
    plan = forms.SlugField(error_messages={"required": CHOOSE_PLAN, "invalid": CHOOSE_PLAN})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Show the plans; send the reader to the gateway's card form with the chosen plan."""
    if live_subscription(user=request.user) is not None:
        return redirect("accounts:home")
    plans = list(active_plans())
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = next((p for p in plans if p.slug == form.cleaned_data["plan"]), None)
        if plan is not None:
            return_url = reverse("subscriptions:start") + "?" + urlencode({"plan": plan.slug})
            hosted = get_gateway().hosted_form(email=request.user.email, return_url=return_url)
            return redirect(hosted.url)
        form.add_error("plan", CHOOSE_PLAN)
    status = 400 if request.method == "POST" else 200
    return render(request, "subscriptions/subscribe.html", {"plans": plans, "form": form}, status=status)


def _card_from_return(request: HttpRequest):
    try:
        return get_gateway().token_from_return(params=request.GET.dict() | request.POST.dict())
    except GatewayError:
        return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Confirm and start the subscription with the token the gateway sent back (GET shows, POST starts)."""
    plan = Plan.objects.filter(slug=request.GET.get("plan", "")[:50], is_active=True).first()
    card = _card_from_return(request)
    if plan is None or card is None:
        message = CHOOSE_PLAN if plan is None else CARD_NOT_CONFIRMED
        return render(request, "subscriptions/problem.html", {"message": message}, status=400)
    if request.method == "POST":
        if _limited(request, "start"):
            return render(request, "subscriptions/problem.html", {"message": TOO_MANY}, status=429)
        try:
            sub = subscription_start(user=request.user, plan=plan, card=card)
        except SubscriptionError as error:
            return render(request, "subscriptions/problem.html", {"message": str(error)}, status=409)
        summary = account_summary(user=request.user)
        if summary.trial_end:
            messages.success(request, TRIAL_STARTED.format(trial_end=summary.trial_end))
        else:
            messages.success(request, PAID_STARTED.format(amount=sub.plan.price_display))
        return redirect("accounts:home")
    return render(request, "subscriptions/start.html", {"plan": plan, "card": card})


@never_cache
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


@never_cache
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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest) -> HttpResponse:
    """Send the reader to the gateway's card form; on return, confirm and use the new card."""
    sub = live_subscription(user=request.user)
    if sub is None:
        return redirect("accounts:home")
    if "token" not in request.GET and "reference" not in request.GET:
        hosted = get_gateway().hosted_form(email=request.user.email, return_url=reverse("subscriptions:card"))
        return redirect(hosted.url)
    new_card = _card_from_return(request)
    if new_card is None:
        return render(request, "subscriptions/problem.html", {"message": CARD_NOT_CONFIRMED}, status=400)
    if request.method == "POST":
        if _limited(request, "card"):
            return render(request, "subscriptions/problem.html", {"message": TOO_MANY}, status=429)
        payment_method_update(subscription=sub, card=new_card)
        messages.success(request, CARD_UPDATED)
        return redirect("accounts:home")
    return render(request, "subscriptions/card.html", {"card": new_card, "subscription": sub})


@never_cache
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


@never_cache
@require_http_methods(["GET", "POST"])
def test_gateway_card(request: HttpRequest) -> HttpResponse:
    """The test gateway's hosted card form: it keeps the card and returns only a token to the site."""
    if get_gateway().name != "test":
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
    try:
        gateway = get_gateway(gateway_name)
    except Exception:  # an unknown or unconfigured gateway name in the URL
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

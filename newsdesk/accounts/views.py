"""The reader's account page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsdesk.delivery.responses import personal_view
from newsdesk.subscriptions.selectors import account_summary, live_subscription

from .middleware import hint_stale


@personal_view
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the reader's subscription, the next charge, receipts, and links to manage the account."""
    return render(request, "accounts/home.html", {"summary": account_summary(user=request.user)})


@personal_view
def masthead(request: HttpRequest) -> HttpResponse:
    """Return this reader's masthead links: Sign in and Subscribe, or their name, My account and Sign out."""
    signed_in = request.user.is_authenticated
    if not signed_in:
        hint_stale(request)  # the script asked because of a hint whose session has ended
    context = {"offer_subscription": signed_in and live_subscription(user=request.user) is None}
    return render(request, "accounts/masthead.html", context)

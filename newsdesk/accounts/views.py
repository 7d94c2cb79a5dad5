"""The reader's account page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from newsdesk.subscriptions.selectors import account_summary


@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the reader's subscription, the next charge, receipts, and links to manage the account."""
    return render(request, "accounts/home.html", {"summary": account_summary(user=request.user)})

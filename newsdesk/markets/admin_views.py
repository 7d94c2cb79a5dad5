"""Issuing a provider's push-API token from the admin: confirm, then see the new token once."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Provider
from .services import can_issue_token, provider_token_issue


def provider_token_view(request: HttpRequest, provider_id: int) -> HttpResponse:
    """Ask to confirm (GET); issue a new token and show it this one time (POST). The old token stops working."""
    if not can_issue_token(request.user):
        raise PermissionDenied
    provider = get_object_or_404(Provider, pk=provider_id)
    token = None
    if request.method == "POST":
        token = provider_token_issue(provider=provider, actor=request.user)
    # The admin marks every page no-store, so no cache keeps the token shown here.
    return TemplateResponse(request, "markets/admin/provider_token.html", {"provider": provider, "token": token})

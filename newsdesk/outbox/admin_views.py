"""The outbox's Resend action in the Wagtail admin: a confirmation page, and the POST that queues the email."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .models import OutboxMessage
from .permissions import permission_policy
from .services import ResendRefused, message_resend

RESENT = "The email to {recipients} is queued to go out again now."


def resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then send a message again (a retry if it never went out, a new copy if it did)."""
    if not permission_policy.user_has_permission(request.user, "resend"):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "outbox/admin/resend.html", {"message": message})
    try:
        message_resend(message_id=message.pk, by=request.user)
    except ResendRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, RESENT.format(recipients=message.recipients))
    return redirect("outbox:index")

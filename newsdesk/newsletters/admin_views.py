"""The newsroom's newsletter actions in the Wagtail admin: preview, test send, approve, cancel, report, alert, CSV.

Editors (change_edition) build and preview editions and send a test to themselves; approving, cancelling and
breaking alerts need send_edition (sub-editors); members' CSV needs import_members (the subscriptions desk).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import members, services
from .models import Edition, Newsletter
from .render import edition_render, recipient_message
from .selectors import alert_article, edition_link_clicks, edition_report
from .tasks import send_edition

TEST_SENT = "A test of “{subject}” is on its way to {email}."
NO_ADDRESS = "Your account has no email address to send a test to."
APPROVED = "“{subject}” is approved and starts sending now."
CANCELLED = "“{subject}” is cancelled; nothing was sent."
ALERT_SENT = "The breaking-news alert “{subject}” is approved and starts sending now."
IMPORTED = "Imported: {members_added} new members, {opt_outs_taken} opt-outs, {consents_added} consent records."
NOTHING_NEW = "Nothing changed: every member and consent record in the file was already here."


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(f"newsletters.{permission}"):
        raise PermissionDenied


def preview(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Show an edition as its readers get it: the HTML part, or the plain-text part."""
    _require(request, "view_edition")
    rendered = edition_render(get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk))
    if part == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


@require_POST
def test_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the edition to the signed-in staff member only (no delivery row, no list member)."""
    _require(request, "change_edition")
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    if not request.user.email:
        messages.error(request, NO_ADDRESS)
        return redirect("newsletters_edition:edit", pk)
    message = recipient_message(edition_render(edition), email=request.user.email, subscription_id=0, delivery_id=0)
    message.subject = f"[Test] {message.subject}"
    get_connection(settings.NEWSLETTERS_EMAIL_BACKEND).send_messages([message])
    messages.success(request, TEST_SENT.format(subject=edition.subject, email=request.user.email))
    return redirect("newsletters_edition:edit", pk)


def _start_after_commit(edition: Edition) -> None:
    transaction.on_commit(lambda: send_edition.enqueue(edition.pk))


def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then approve an edition and start sending it."""
    _require(request, "send_edition")
    edition = get_object_or_404(Edition, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "newsletters/admin/confirm.html", {"edition": edition, "action": "approve"})
    try:
        with transaction.atomic():
            edition = services.edition_approve(edition_id=pk, by=request.user)
            _start_after_commit(edition)
    except services.NewsletterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, APPROVED.format(subject=edition.subject))
    return redirect("newsletters_edition:index")


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "send_edition")
    get_object_or_404(Edition, pk=pk)
    try:
        edition = services.edition_cancel(edition_id=pk)
    except services.NewsletterError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, CANCELLED.format(subject=edition.subject))
    return redirect("newsletters_edition:index")


def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Show what became of an edition: recipients, sent, bounced, complained, unsubscribed."""
    _require(request, "view_edition")
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    return TemplateResponse(
        request,
        "newsletters/admin/report.html",
        {"edition": edition, "report": edition_report(edition), "links": edition_link_clicks(edition)},
    )


def alert(request: HttpRequest, page_id: int) -> HttpResponse:
    """Send a live article as a breaking-news alert, after one confirmation."""
    _require(request, "send_edition")
    article = alert_article(article_id=page_id)
    if request.method != "POST":
        return TemplateResponse(request, "newsletters/admin/alert.html", {"article": article})
    try:
        with transaction.atomic():
            edition = services.alert_create(article_id=article.pk, by=request.user)
            _start_after_commit(edition)
    except services.NewsletterError as error:
        messages.error(request, error.message)
        return redirect("wagtailadmin_pages:edit", article.pk)
    messages.success(request, ALERT_SENT.format(subject=edition.subject))
    return redirect("newsletters_edition:index")


def export_members(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "import_members")
    newsletter = get_object_or_404(Newsletter, pk=pk)
    response = HttpResponse(members.members_csv(newsletter), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{newsletter.slug}-members.csv"'
    return response


def import_members(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "import_members")
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            text = upload.read().decode("utf-8-sig") if upload else ""
            result = members.members_import(newsletter=newsletter, text=text)
        except (services.NewsletterError, UnicodeDecodeError) as error:
            messages.error(request, getattr(error, "message", "The file must be CSV in UTF-8."))
        else:
            messages.success(request, IMPORTED.format(**vars(result)) if result.changed else NOTHING_NEW)
            return redirect("newsletters_list:index")
    return TemplateResponse(request, "newsletters/admin/import.html", {"newsletter": newsletter})

"""The outbox in the admin: envelopes for staff allowed to read it, never a body; Resend only with its permission."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail import EmailMessage
from django.utils.html import escape

from newsdesk.outbox import admin_views, services, transport
from newsdesk.outbox.models import OutboxMessage, State

from . import backends

pytestmark = pytest.mark.django_db
RESET_TOKEN = "7-abc123-secret"
RESET_LINK = f"https://news.example/accounts/password/reset/key/{RESET_TOKEN}/"


def staff(username: str, *codenames: str):
    """Return a staff member whose group may open the admin and has the given outbox permissions."""
    group = Group.objects.create(name=f"{username} desk")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="outbox", codename=codename))
    user = get_user_model().objects.create_user(username, f"{username}@newsdesk.example", "pw", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def emails(settings):
    """A password reset that went out, and a receipt the mail server refused for good."""
    EmailMessage("Password reset", f"Choose one: {RESET_LINK}", "desk@example.org", ["naledi@example.org"]).send()
    settings.OUTBOX_DELIVERY_BACKEND = "newsdesk.outbox.tests.backends.FailingOnCue"
    backends.failures.append(ConnectionRefusedError("mail server down"))
    EmailMessage("Your receipt", f"Receipt. {RESET_LINK}", "desk@example.org", ["sipho@example.org"]).send()
    OutboxMessage.objects.filter(recipients="sipho@example.org").update(state=State.FAILED)
    mail.outbox.clear()
    transport.resume()  # the mail server is back
    return {row.recipients: row for row in OutboxMessage.objects.all()}


def test_staff_with_the_view_permission_see_every_envelope_and_never_a_body(client, emails):
    client.force_login(staff("support", "view_outboxmessage"))
    listing = client.get("/admin/outbox/")
    assert listing.status_code == 200
    html = listing.content.decode()
    for text in ("Password reset", "naledi@example.org", "Your receipt", "sipho@example.org", "Failed", "Sent"):
        assert text in html
    assert "ConnectionRefusedError: mail server down" in html
    assert RESET_TOKEN not in html
    assert "/admin/outbox/resend/" not in html  # no Resend without its permission
    failed_only = client.get("/admin/outbox/?state=failed").content.decode()
    assert "sipho@example.org" in failed_only and "naledi@example.org" not in failed_only
    searched = client.get("/admin/outbox/?q=naledi").content.decode()
    assert "naledi@example.org" in searched and "sipho@example.org" not in searched
    inspect = client.get(f"/admin/outbox/inspect/{emails['naledi@example.org'].pk}/")
    assert inspect.status_code == 200
    assert escape(emails["naledi@example.org"].message_id) in inspect.content.decode()
    assert RESET_TOKEN not in inspect.content.decode()


def test_staff_without_the_view_permission_are_refused_the_outbox(client, emails):
    client.force_login(staff("editor"))
    for url in ("/admin/outbox/", f"/admin/outbox/inspect/{emails['naledi@example.org'].pk}/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "Outgoing email" not in client.get("/admin/").content.decode()


def test_resending_needs_the_resend_permission_and_sends_nothing_without_it(client, emails):
    failed = emails["sipho@example.org"]
    client.force_login(staff("support", "view_outboxmessage"))
    for method in (client.get, client.post):
        response = method(f"/admin/outbox/resend/{failed.pk}/")
        assert (response.status_code, response["Location"]) == (302, "/admin/")  # the admin's refusal
    failed.refresh_from_db()
    assert (failed.state, failed.resent_by, mail.outbox) == (State.FAILED, None, [])


def test_a_desk_allowed_to_resend_confirms_and_the_email_goes_out_once(
    client, emails, settings, django_capture_on_commit_callbacks
):
    failed = emails["sipho@example.org"]
    desk = staff("support", "view_outboxmessage", "resend_outboxmessage")
    client.force_login(desk)
    assert f"/admin/outbox/resend/{failed.pk}/" in client.get("/admin/outbox/").content.decode()
    confirm = client.get(f"/admin/outbox/resend/{failed.pk}/")
    assert confirm.status_code == 200 and "Resending tries it again now" in confirm.content.decode()
    assert mail.outbox == []  # looking at the confirmation sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/outbox/resend/{failed.pk}/", follow=True)
    assert response.redirect_chain == [("/admin/outbox/", 302)]
    assert admin_views.RESENT.format(recipients="sipho@example.org") in response.content.decode()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.resent_by) == (State.SENT, 1, desk)
    assert [(message.to, message.subject) for message in mail.outbox] == [(["sipho@example.org"], "Your receipt")]


def test_a_refused_resend_says_why_and_changes_nothing(client, emails):
    sent = emails["naledi@example.org"]
    OutboxMessage.objects.filter(pk=sent.pk).update(content={}, content_purged_at=sent.created_at)
    client.force_login(staff("support", "view_outboxmessage", "resend_outboxmessage"))
    response = client.post(f"/admin/outbox/resend/{sent.pk}/", follow=True)
    assert escape(services.RESEND_PURGED) in response.content.decode()
    assert OutboxMessage.objects.count() == 2 and mail.outbox == []

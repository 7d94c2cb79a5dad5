"""Outgoing email in the Wagtail admin: every message with its state and last error, and a Resend action.

Staff see envelopes only (who, what subject, what happened), never a body: bodies carry sign-in and
password-reset links. Reading needs outbox.view_outboxmessage, resending outbox.resend_outboxmessage.
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from newsdesk.core.converters import DATABASE_ID

from . import admin_views
from .models import OutboxMessage
from .permissions import can_resend, permission_policy


class OutboxIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_resend(instance) and permission_policy.user_has_permission(self.request.user, "resend"):
            buttons.append(MenuItem("Resend", reverse("outbox:resend", args=[instance.pk]), icon_name="mail"))
        return buttons


class OutboxViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    model = OutboxMessage
    icon = "mail"
    menu_label = "Outgoing email"
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = OutboxIndexView
    list_display = [
        "subject",  # the title column: it links to the inspect view, and carries the Resend button
        "recipients",
        "state",
        "attempts",
        "created_at",
        Column("next_attempt_at", label="Next try"),
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "created_at"]
    search_fields = ["recipients", "subject", "message_id"]
    search_backend_name = None  # plain database lookups on search_fields
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    inspect_view_enabled = True
    # No content and no headers here: the content holds links that sign a reader in, the headers unsubscribe links.
    inspect_view_fields = [
        "subject",
        "recipients",
        "from_email",
        "message_id",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "content_purged_at",
        "resend_of",
        "resent_by",
        "resent_at",
    ]
    copy_view_enabled = False
    exclude_form_fields: list[str] = []  # no add or edit view is ever allowed (OutboxPolicy)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path(f"resend/<{DATABASE_ID}:pk>/", admin_views.resend, name="resend")]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet("outbox")

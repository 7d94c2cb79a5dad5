"""Newsletters in the Wagtail admin: the lists, the editions (with their actions), and the breaking-alert button."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from newsdesk.core.converters import DATABASE_ID
from newsdesk.news.models import ArticlePage

from . import admin_views, services
from .models import Edition, EditionStatus, Newsletter, Subscription, Suppression

EDITABLE = (EditionStatus.DRAFT, EditionStatus.HELD, EditionStatus.APPROVED)


class NewsletterIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("newsletters.import_members"):
            buttons.append(MenuItem("Export members (CSV)", reverse("newsletters_list:export", args=[instance.pk])))
            buttons.append(MenuItem("Import members (CSV)", reverse("newsletters_list:import", args=[instance.pk])))
        return buttons


class NewsletterViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    model = Newsletter
    icon = "mail"
    menu_label = "Lists"
    index_view_class = NewsletterIndexView
    list_display = ["name", "cadence", "audience", "is_active", "build_at", "send_by"]
    list_filter = ["cadence", "audience", "is_active"]
    search_fields = ["name", "description"]
    search_backend_name = None
    form_fields = [
        "name",
        "slug",
        "description",
        "cadence",
        "audience",
        "is_active",
        "build_at",
        "send_by",
        "sort_order",
        "count_clicks",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"export/<{DATABASE_ID}:pk>/", admin_views.export_members, name="export"),
            path(f"import/<{DATABASE_ID}:pk>/", admin_views.import_members, name="import"),
        ]


class EditionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        buttons.append(MenuItem("Preview (HTML)", reverse("newsletters_edition:preview", args=[instance.pk, "html"])))
        buttons.append(MenuItem("Preview (text)", reverse("newsletters_edition:preview", args=[instance.pk, "text"])))
        buttons.append(MenuItem("Send report", reverse("newsletters_edition:report", args=[instance.pk])))
        if instance.status in (EditionStatus.DRAFT, EditionStatus.HELD) and user.has_perm("newsletters.send_edition"):
            buttons.append(MenuItem("Approve and send", reverse("newsletters_edition:approve", args=[instance.pk])))
        return buttons


class EditionEditView(EditView):
    """Edit an edition that has not started sending; an edit of a held one stops its automatic send."""

    def dispatch(self, request, *args, **kwargs):
        edition = Edition.objects.filter(pk=kwargs.get("pk")).first()
        if edition is not None and edition.status not in EDITABLE:
            messages.error(request, services.NOT_EDITABLE)
            return redirect("newsletters_edition:index")
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        instance = super().save_instance()
        services.edition_touch(edition=instance)
        return instance


class EditionViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    model = Edition
    icon = "doc-full"
    menu_label = "Editions"
    index_view_class = EditionIndexView
    edit_view_class = EditionEditView
    list_display = ["subject", "newsletter", "status", "send_deadline", "created_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        pk = f"<{DATABASE_ID}:pk>"
        return [
            *super().get_urlpatterns(),
            path(f"preview/{pk}/<str:part>/", admin_views.preview, name="preview"),
            path(f"test-send/{pk}/", admin_views.test_send, name="test_send"),
            path(f"approve/{pk}/", admin_views.approve, name="approve"),
            path(f"cancel/{pk}/", admin_views.cancel, name="cancel"),
            path(f"report/{pk}/", admin_views.report, name="report"),
            path(f"alert/<{DATABASE_ID}:page_id>/", admin_views.alert, name="alert"),
        ]


class MemberViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    model = Subscription
    icon = "user"
    menu_label = "Members"
    list_display = ["email", "newsletter", "status", "confirmed_at", "unsubscribed_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["email"]
    search_backend_name = None
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []  # view only (permissions: view_subscription)


class SuppressionViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    model = Suppression
    icon = "warning"
    menu_label = "Suppressed addresses"
    list_display = ["email", "reason", "at", "detail"]
    list_filter = ["reason"]
    search_fields = ["email"]
    search_backend_name = None
    exclude_form_fields: list[str] = []


class NewslettersGroup(ViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 250
    items = (
        EditionViewSet("newsletters_edition"),
        NewsletterViewSet("newsletters_list"),
        MemberViewSet("newsletters_member"),
        SuppressionViewSet("newsletters_suppression"),
    )


@hooks.register("register_admin_viewset")
def register_newsletters():
    return NewslettersGroup()


@hooks.register("register_page_header_buttons")
def breaking_alert_button(page, user, view_name, next_url=None):
    """Offer a live article's page a 'Send as breaking alert' button (one confirmation follows)."""
    if isinstance(page.specific_deferred, ArticlePage) and page.live and user.has_perm("newsletters.send_edition"):
        yield Button(
            "Send as breaking alert",
            reverse("newsletters_edition:alert", args=[page.pk]),
            icon_name="mail",
            priority=90,
        )

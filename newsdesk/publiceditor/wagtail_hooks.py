"""The public editor's queue in the Wagtail admin: cases with filters, search and overdue flags."""

import django_filters
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from newsdesk.core.converters import DATABASE_ID

from . import admin_views, services
from .models import Case, Correction
from .selectors import case_lateness, overdue_q

CORRECTION_LOGGED = "Published a {kind} on the article: {text}"


class CaseFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label="Overdue", method="filter_overdue")

    class Meta:
        model = Case
        fields = ["state", "kind", "category", "outcome", "assigned_to"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


def _service_level(case: Case) -> str:
    lateness = case_lateness(case)
    if lateness is None:
        return "On time" if case.state in ("new", "acknowledged", "investigating") else "Settled"
    return f"OVERDUE: {lateness.label.lower()} by {lateness.working_days} working day(s)"


class CaseIndexView(IndexView):
    def get_edit_url(self, instance):
        return reverse("publiceditor_admin:case", args=[instance.pk])

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assigned_to", "article")


class CaseViewSet(ModelViewSet):
    model = Case
    pk_path_converter = DATABASE_ID
    icon = "help"
    menu_label = "Public editor cases"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    filterset_class = CaseFilterSet
    search_fields = ["reference", "name", "email", "message"]
    list_display = [
        "reference",
        "kind",
        "category",
        "state",
        "outcome",
        Column("service_level", label="Service level", accessor=_service_level),
        "assigned_to",
        "created_at",
    ]
    list_per_page = 50
    ordering = ["-created_at"]
    form_fields = ["assigned_to"]
    inspect_view_enabled = False
    copy_view_enabled = False


class PublishedRecordPolicy(ModelPermissionPolicy):
    """Corrections are published from a case and stay as published: they can be read here, never edited."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class CorrectionViewSet(ModelViewSet):
    model = Correction
    pk_path_converter = DATABASE_ID
    icon = "edit"
    menu_label = "Corrections"
    menu_order = 252
    add_to_admin_menu = True
    list_display = ["article", "kind", "text", "published_at", "case", "revision_before", "revision_after"]
    list_filter = ["kind", "published_at"]
    search_fields = ["text"]
    ordering = ["-published_at"]
    form_fields = ["text"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_permission_policy(Correction, PublishedRecordPolicy(Correction))


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return CaseViewSet("publiceditor_cases")


@hooks.register("register_admin_viewset")
def register_correction_viewset():
    return CorrectionViewSet("publiceditor_corrections")


@hooks.register("register_admin_urls")
def register_publiceditor_urls():
    urls = [
        path("cases/<id:pk>/", admin_views.case_detail, name="case"),
        path("personal-data/", admin_views.personal_data, name="personal_data"),
    ]
    return [path("public-editor/", include((urls, "publiceditor_admin"), namespace="publiceditor_admin"))]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("publiceditor.erase_personal_data")


@hooks.register("register_admin_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Personal data requests",
        reverse("publiceditor_admin:personal_data"),
        icon_name="user",
        order=251,
    )


class CorrectionLogFormatter(LogFormatter):
    label = "Correction published"

    def format_message(self, log_entry):
        return CORRECTION_LOGGED.format(kind=log_entry.data.get("kind", ""), text=log_entry.data.get("text", ""))


@hooks.register("register_log_actions")
def register_correction_log_action(actions):
    actions.register_action(services.CORRECTION_LOG_ACTION)(CorrectionLogFormatter)

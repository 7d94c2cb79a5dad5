"""The subscriptions admin: plans (editable), subscribers and their history, payments with a refund action,
failed payments, and a billing overview (MRR without trials, conversions, churn). Listings export to CSV."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import HistoryView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from newsdesk.core.converters import DATABASE_ID

from .models import BillingPeriod, Payment, Plan, Subscription, SubscriptionEvent, format_money
from .selectors import billing_figures
from .services.ledger import REFUND_LOG_ACTION, RefundError, can_refund, payment_refund, refundable_amount

REFUNDED = "Refunded {amount} on receipt {receipt}."
REFUND_LOGGED = "Refunded {amount}: {reason}"
# Revenue figures are derived from payments: whoever may read the payments may read the overview.
OVERVIEW_PERMISSION = "subscriptions.view_payment"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Staff read these in the admin; only the services write them (state machine, ledger)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return user.is_active and (user.is_superuser or super().user_has_permission(user, "view"))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyHistoryView(HistoryView):
    """A row's history (refunds on a payment, say) is for the staff who may read the row."""

    any_permission_required = ["view"]


class ReadOnlyViewSet(ModelViewSet):
    pk_path_converter = DATABASE_ID
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    search_backend_name = None  # plain database lookups on search_fields
    exclude_form_fields: list[str] = []  # no add or edit view is ever allowed (ReadOnlyPolicy)


for _model in (Subscription, SubscriptionEvent, Payment, BillingPeriod):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class PlanViewSet(ModelViewSet):
    name = "billing_plans"
    model = Plan
    pk_path_converter = DATABASE_ID
    icon = "tag"
    menu_label = "Plans"
    list_display = ["name", "slug", Column("price", accessor="price_display"), "interval", "trial_days", "is_active"]
    list_filter = ["interval", "is_active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    form_fields = ["name", "slug", "description", "amount", "currency", "interval", "trial_days", "is_active", "order"]


class SubscriptionViewSet(ReadOnlyViewSet):
    name = "billing_subscribers"
    model = Subscription
    icon = "user"
    menu_label = "Subscribers"
    list_display = [
        TitleColumn("reader", accessor="user.email", url_name="billing_subscribers:inspect"),
        "plan",
        "status",
        "created_at",
        "trial_end",
        "due_at",
    ]
    list_filter = ["status", "plan", "created_at"]
    search_fields = ["user__email"]
    ordering = ["-created_at"]
    list_export = ["id", "user.email", "plan.name", "status", "created_at", "trial_end", "due_at", "access_until"]
    export_headings = {"user.email": "Reader", "plan.name": "Plan"}
    inspect_view_fields = [
        "user",
        "plan",
        "status",
        "created_at",
        "trial_end",
        "anchor",
        "periods_paid",
        "current_period_start",
        "current_period_end",
        "due_at",
        "past_due_since",
        "failed_attempts",
        "cancelled_at",
        "access_until",
        "ended_at",
    ]


class SubscriptionEventViewSet(ReadOnlyViewSet):
    name = "billing_history"
    model = SubscriptionEvent
    icon = "history"
    menu_label = "Subscription history"
    list_display = ["at", Column("reader", accessor="subscription.user.email"), "from_status", "to_status", "cause"]
    list_filter = ["to_status", "cause", "at"]
    search_fields = ["subscription__user__email", "cause"]
    ordering = ["-at", "-id"]
    list_export = ["at", "subscription_id", "subscription.user.email", "from_status", "to_status", "cause", "note"]


class PaymentIndexView(IndexView):
    """The payments listing; its Refund column is there only for staff who may refund."""

    @cached_property
    def columns(self):
        columns = super().columns
        if can_refund(self.request.user):
            return columns
        return [column for column in columns if column.name != "refund"]


class PaymentViewSet(ReadOnlyViewSet):
    name = "billing_payments"
    model = Payment
    index_view_class = PaymentIndexView
    icon = "pick"
    menu_label = "Payments"
    list_display = [
        "receipt_label",
        Column("reader", accessor="subscription.user.email"),
        Column("amount", accessor="amount_display"),
        "paid_at",
        "reference",
        TitleColumn(
            "refund",
            label="Refund",
            accessor=lambda p: "Refund…",
            get_url=lambda p: reverse("billing_refund", args=[p.pk]),
        ),
    ]
    list_filter = ["paid_at", "currency", "gateway"]
    search_fields = ["reference", "subscription__user__email"]
    ordering = ["-paid_at", "-id"]
    list_export = ["receipt_label", "subscription.user.email", "amount", "currency", "paid_at", "reference", "gateway"]


class FailedPaymentViewSet(ReadOnlyViewSet):
    name = "billing_periods"
    model = BillingPeriod
    icon = "warning"
    menu_label = "Billing periods (failed payments)"
    list_display = [
        Column("reader", accessor="subscription.user.email"),
        "period_start",
        "state",
        "attempts",
        "last_failure",
    ]
    list_filter = ["state", "period_start"]
    search_fields = ["subscription__user__email", "last_failure"]
    ordering = ["-period_start"]
    list_export = ["subscription_id", "subscription.user.email", "period_start", "state", "attempts", "last_failure"]


class BillingGroup(ViewSetGroup):
    menu_label = "Subscriptions"
    menu_icon = "pick"
    menu_order = 300
    items = (PlanViewSet, SubscriptionViewSet, SubscriptionEventViewSet, PaymentViewSet, FailedPaymentViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return BillingGroup()


class RefundForm(forms.Form):
    amount = forms.DecimalField(label="Amount to refund (rand)", min_value=0.01, decimal_places=2, max_digits=10)
    reason = forms.CharField(max_length=200)


def refund_view(request, payment_id: int):
    """Refund part or all of a payment; the refund is a new ledger row."""
    if not can_refund(request.user):
        raise PermissionDenied
    payment = get_object_or_404(Payment.objects.select_related("subscription__user"), pk=payment_id)
    left = refundable_amount(payment)
    form = RefundForm(request.POST or None, initial={"amount": f"{left / 100:.2f}"})
    if request.method == "POST" and form.is_valid():
        amount = int(round(form.cleaned_data["amount"] * 100))
        try:
            refund = payment_refund(
                payment=payment, amount=amount, reason=form.cleaned_data["reason"], staff_user=request.user
            )
        except RefundError as error:
            form.add_error("amount", str(error))
        else:
            messages.success(
                request,
                REFUNDED.format(amount=format_money(refund.amount, refund.currency), receipt=payment.receipt_label),
            )
            return redirect("billing_payments:index")
    return TemplateResponse(
        request,
        "subscriptions/admin/refund.html",
        {"payment": payment, "form": form, "left": format_money(left, payment.currency)},
        status=400 if request.method == "POST" else 200,
    )


def overview_view(request):
    """Billing figures: monthly recurring revenue (trials excluded), trials, conversions, churn, failures."""
    if not request.user.has_perm(OVERVIEW_PERMISSION):
        raise PermissionDenied
    return TemplateResponse(request, "subscriptions/admin/overview.html", {"figures": billing_figures()})


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("billing/overview/", overview_view, name="billing_overview"),
        path("billing/payments/<id:payment_id>/refund/", refund_view, name="billing_refund"),
    ]


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(OVERVIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem("Billing overview", reverse("billing_overview"), icon_name="table", order=301)


class RefundLogFormatter(LogFormatter):
    label = "Refund"

    def format_message(self, log_entry):
        return REFUND_LOGGED.format(amount=log_entry.data.get("amount", ""), reason=log_entry.data.get("reason", ""))


@hooks.register("register_log_actions")
def register_refund_log_action(actions):
    actions.register_action(REFUND_LOG_ACTION)(RefundLogFormatter)

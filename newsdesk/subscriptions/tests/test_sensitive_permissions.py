"""Refunding a payment is its own permission: staff who read billing cannot refund, and each refund is logged."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from newsdesk.accounts.tests.staff import assert_admin_refused, make_staff_with
from newsdesk.subscriptions.gateways.testgateway import TestGateway
from newsdesk.subscriptions.models import Payment, Refund
from newsdesk.subscriptions.services.billing import billing_run
from newsdesk.subscriptions.services.ledger import REFUND_NOT_PERMITTED, RefundNotPermitted, payment_refund

from .factories import make_reader
from .test_lifecycle import start

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
REFUND_AT = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)
READ_BILLING = ("subscriptions.view_subscription", "subscriptions.view_payment", "subscriptions.view_subscriptionevent")


@pytest.fixture
def payment() -> Payment:
    with time_machine.travel(T0, tick=False):
        start(make_reader("paying@example.org"))
    billing_run(at=T0 + timedelta(days=15), gateway=TestGateway())
    return Payment.objects.get()


@pytest.fixture
def clerk():
    """Staff who read subscribers and payments but may not give money back."""
    return make_staff_with(*READ_BILLING, email="clerk@example.org")


@pytest.fixture
def refunder():
    return make_staff_with(*READ_BILLING, "subscriptions.refund_payment", email="refunds@example.org")


def test_staff_without_the_refund_permission_see_payments_but_no_refund_and_cannot_post_one(client, payment, clerk):
    client.force_login(clerk)
    listing = client.get("/admin/billing_payments/")
    assert listing.status_code == 200
    assert payment.receipt_label in listing.content.decode()
    assert f"/admin/billing/payments/{payment.pk}/refund/" not in listing.content.decode()
    assert_admin_refused(client, client.get(f"/admin/billing/payments/{payment.pk}/refund/"))
    assert_admin_refused(
        client, client.post(f"/admin/billing/payments/{payment.pk}/refund/", {"amount": "10.00", "reason": "Goodwill"})
    )
    assert Refund.objects.count() == 0
    assert ModelLogEntry.objects.filter(action="subscriptions.refund").count() == 0


def test_the_refund_service_refuses_staff_without_the_permission_and_records_nothing(payment, clerk):
    gateway = TestGateway()
    for who in (clerk, None):
        with pytest.raises(RefundNotPermitted) as error:
            payment_refund(payment=payment, amount=1000, reason="Goodwill", staff_user=who, gateway=gateway)
        assert str(error.value) == REFUND_NOT_PERMITTED
    assert Refund.objects.count() == 0
    assert ModelLogEntry.objects.filter(action="subscriptions.refund").count() == 0


def test_a_refund_by_staff_with_the_permission_is_made_and_logged_with_who_and_when(client, payment, refunder):
    client.force_login(refunder)
    assert f"/admin/billing/payments/{payment.pk}/refund/" in client.get("/admin/billing_payments/").content.decode()
    with time_machine.travel(REFUND_AT, tick=False):
        response = client.post(
            f"/admin/billing/payments/{payment.pk}/refund/", {"amount": "25.00", "reason": "Double charged"}
        )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.created_by, refund.created_at) == (2500, refunder, REFUND_AT)
    entry = ModelLogEntry.objects.get(action="subscriptions.refund")
    assert (entry.user, entry.timestamp, entry.object_id) == (refunder, REFUND_AT, str(payment.pk))
    assert entry.data == {"refund_id": refund.pk, "amount": "R25.00", "reason": "Double charged"}
    history = client.get(f"/admin/billing_payments/history/{payment.pk}/").content.decode()
    assert "Refunded R25.00: Double charged" in history
    assert "refunds@example.org" in history
    site_history = client.get("/admin/reports/site-history/?action=subscriptions.refund").content.decode()
    assert "Refunded R25.00: Double charged" in site_history
    assert "refunds@example.org" in site_history

"""The ledger: gapless receipt numbers and staff refunds."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.log_actions import log

from ..gateways import get_gateway
from ..gateways.base import Gateway, GatewayError
from ..lock_objects import lock_payment, lock_receipt_counter
from ..models import Payment, ReceiptCounter, Refund, format_money

REFUND_TOO_LARGE = "A refund of {amount} would exceed what is left of this payment ({left})."
REFUND_NOT_POSITIVE = "Enter a refund amount greater than zero."
REFUND_GATEWAY_FAILED = "The payment gateway did not accept the refund ({error}). Nothing was recorded; try again."
REFUND_NOT_PERMITTED = "You are not allowed to refund payments; ask an administrator for the refund permission."
REFUND_PERMISSION = "subscriptions.refund_payment"
REFUND_LOG_ACTION = "subscriptions.refund"


class RefundError(Exception):
    """A refund that cannot be made; the message says why."""


class RefundNotPermitted(RefundError):
    """The person asking may not refund payments."""


def can_refund(user) -> bool:
    """Return whether this person may refund payments."""
    return bool(user is not None and user.is_active and user.has_perm(REFUND_PERMISSION))


def allocate_receipt_numbers(*, year: int, count: int) -> list[int]:
    """Reserve `count` consecutive receipt numbers for a year; call inside the transaction that uses them.

    The counter row stays locked until that transaction ends, and rolls back with it, so numbers have no gaps.
    """
    counter = lock_receipt_counter(year)
    first = counter.last_number + 1
    ReceiptCounter.objects.filter(year=year).update(last_number=F("last_number") + count)
    return list(range(first, first + count))


def refundable_amount(payment: Payment) -> int:
    """Return what is left to refund on a payment."""
    refunded = payment.refunds.aggregate(total=Sum("amount"))["total"] or 0
    return payment.amount - refunded


def payment_refund(*, payment: Payment, amount: int, reason: str, staff_user, gateway: Gateway | None = None) -> Refund:
    """Refund part or all of a payment at the gateway, then record it in the ledger and the admin's log.

    Money leaves the newsroom, so a person holding the refund permission must ask; there is no unattended refund.
    """
    if not can_refund(staff_user):
        raise RefundNotPermitted(REFUND_NOT_PERMITTED)
    if amount <= 0:
        raise RefundError(REFUND_NOT_POSITIVE)
    gateway = gateway or get_gateway(payment.gateway)
    with transaction.atomic():
        payment = lock_payment(payment.id)
        left = refundable_amount(payment)
        if amount > left:
            raise RefundError(
                REFUND_TOO_LARGE.format(
                    amount=format_money(amount, payment.currency), left=format_money(left, payment.currency)
                )
            )
        number = payment.refunds.count() + 1
        try:
            result = gateway.refund(
                gateway_reference=payment.gateway_reference or payment.reference,
                reference=f"{payment.reference}-refund-{number}",
                amount=amount,
            )
        except GatewayError as error:
            raise RefundError(REFUND_GATEWAY_FAILED.format(error=error)) from None
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            currency=payment.currency,
            reason=reason[:200],
            gateway_reference=result.gateway_reference,
            created_by=staff_user,
            created_at=timezone.now(),
        )
        log(
            payment,
            REFUND_LOG_ACTION,
            user=staff_user,
            data={
                "refund_id": refund.pk,
                "amount": format_money(refund.amount, refund.currency),
                "reason": refund.reason,
            },
        )
        return refund

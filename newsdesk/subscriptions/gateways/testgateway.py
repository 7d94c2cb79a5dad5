"""The built-in test gateway: a simulated card processor for the demo and the tests.

Test cards (any future expiry, any CVC):

==================== =========================================================
Card number          Behaviour
==================== =========================================================
4242 4242 4242 4242  Every charge succeeds.
4000 0000 0000 0002  Every charge is declined ("declined").
4000 0000 0000 9995  Every charge fails for insufficient funds.
4000 0000 0000 0069  Every charge fails: the card has expired ("expired_card").
4000 0000 0000 0259  The charge goes through, but the answer times out.
4000 0000 0000 0341  The call times out and nothing is charged.
==================== =========================================================

Each expiry date counts as a different card (its own fingerprint), so one number can start many trials.
The card number is typed into the gateway's own hosted form (its own URL, /subscriptions/test-gateway/card),
which answers with a token; the site only ever sees the token. Charges are idempotent by key and can be looked
up by reference, like a real gateway's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..bulk import insert_rows
from ..models import TestGatewayCard, TestGatewayCharge
from .base import (
    CardToken,
    ChargeRequest,
    ChargeResult,
    ChargeStatus,
    Gateway,
    GatewayError,
    GatewayEvent,
    GatewayTimeout,
    HostedForm,
    RefundResult,
)

SUCCESS = "success"
DECLINE = "declined"
INSUFFICIENT_FUNDS = "insufficient_funds"
EXPIRED = "expired_card"
TIMEOUT_CHARGED = "timeout_charged"
TIMEOUT_NOT_CHARGED = "timeout_not_charged"

TEST_CARDS: dict[str, str] = {
    "4242424242424242": SUCCESS,
    "4000000000000002": DECLINE,
    "4000000000009995": INSUFFICIENT_FUNDS,
    "4000000000000069": EXPIRED,
    "4000000000000259": TIMEOUT_CHARGED,
    "4000000000000341": TIMEOUT_NOT_CHARGED,
}
FAILURES = {DECLINE, INSUFFICIENT_FUNDS, EXPIRED}

UNKNOWN_CARD = "This is not one of the test gateway's cards. Use 4242 4242 4242 4242 (see the list on this page)."
BAD_EXPIRY = "Enter the card's expiry as a month (1-12) and a year that has not passed."


def card_fingerprint(number: str, exp_month: int, exp_year: int) -> str:
    """Return the same opaque value for the same card (as gateways do), never the number itself.

    The test gateway counts each expiry date as a different card, so one test number can start many trials.
    """
    return hashlib.sha256(f"test-gateway:{number}:{exp_month}:{exp_year}".encode()).hexdigest()[:32]


def tokenise_card(*, number: str, exp_month: int, exp_year: int, today: datetime) -> TestGatewayCard:
    """Store a test card in the gateway's vault and return it with a fresh token (the hosted form's work)."""
    number = "".join(ch for ch in number if ch.isdigit())
    if number not in TEST_CARDS:
        raise ValueError(UNKNOWN_CARD)
    if not 1 <= exp_month <= 12 or (exp_year, exp_month) < (today.year, today.month):
        raise ValueError(BAD_EXPIRY)
    return TestGatewayCard.objects.create(
        token="tok_test_" + secrets.token_urlsafe(18),
        behaviour=TEST_CARDS[number],
        fingerprint=card_fingerprint(number, exp_month, exp_year),
        last4=number[-4:],
        exp_month=exp_month,
        exp_year=exp_year,
    )


def set_card_behaviour(token: str, behaviour: str) -> None:
    """Make a stored test card behave differently from now on (the card was cancelled, topped up, ...)."""
    TestGatewayCard.objects.filter(token=token).update(behaviour=behaviour)


# What a charge request writes, in this order.
CHARGE_FIELDS = ("idempotency_key", "reference", "token", "amount", "currency", "succeeded", "failure_code")


class _Charge(NamedTuple):
    """A stored charge as plain values (a batch reads and writes thousands)."""

    id: int
    reference: str
    amount: int
    currency: str
    succeeded: bool
    failure_code: str


def _result(charge: TestGatewayCharge | _Charge) -> ChargeResult:
    return ChargeResult(
        status=ChargeStatus.SUCCEEDED if charge.succeeded else ChargeStatus.FAILED,
        reference=charge.reference,
        amount=charge.amount,
        currency=charge.currency,
        gateway_reference=f"test_ch_{charge.id}",
        failure_code=charge.failure_code,
    )


class TestGateway(Gateway):
    name = "test"
    simulated = True
    __test__ = False

    def hosted_form(self, *, email: str, return_url: str) -> HostedForm:
        # The form is on this site, so it sends the reader back by path, to whichever host they came in on.
        parts = urlsplit(return_url)
        path = urlunsplit(("", "", parts.path, parts.query, ""))
        return HostedForm(url=reverse("subscriptions:test_gateway_card") + "?" + urlencode({"return": path}))

    def token_from_return(self, *, params: dict[str, str]) -> CardToken:
        card = TestGatewayCard.objects.filter(token=params.get("token", "")).first()
        if card is None:
            raise GatewayError("The test gateway does not know this card token.")
        return CardToken(
            token=card.token,
            fingerprint=card.fingerprint,
            brand="Visa",
            last4=card.last4,
            exp_month=card.exp_month,
            exp_year=card.exp_year,
        )

    def charge(self, request: ChargeRequest) -> ChargeResult:
        result = self.charge_many([request])[0]
        if isinstance(result, GatewayError):
            raise result
        return result

    def charge_many(self, requests: list[ChargeRequest]) -> list[ChargeResult | GatewayError]:
        """Charge in bulk, like a batch API: one read of the vault, one insert of new charges."""
        keys = [r.idempotency_key for r in requests]
        existing = self._charges_by_key(keys)
        behaviours = dict(
            TestGatewayCard.objects.filter(token__in={r.token for r in requests}).values_list("token", "behaviour")
        )
        new: list[tuple] = []
        timeouts = set()
        for request in requests:
            if request.idempotency_key in existing:
                continue  # the same key again: the first outcome stands, nothing is charged twice
            behaviour = behaviours.get(request.token, "invalid_token")
            if behaviour == TIMEOUT_NOT_CHARGED:
                timeouts.add(request.idempotency_key)
                continue
            if behaviour == TIMEOUT_CHARGED:
                timeouts.add(request.idempotency_key)
            succeeded = behaviour in (SUCCESS, TIMEOUT_CHARGED)
            new.append(
                (
                    request.idempotency_key,
                    request.reference,
                    request.token,
                    request.amount,
                    request.currency,
                    succeeded,
                    "" if succeeded else behaviour,
                )
            )
        if new:
            # The gateway's own records outlive the caller's transaction (a real gateway's charge survives our
            # crash): write them in their own transaction when the caller has none open.
            try:
                with transaction.atomic():
                    now = timezone.now()
                    ids = insert_rows(
                        TestGatewayCharge,
                        [*CHARGE_FIELDS, "refunded", "created_at"],
                        [(*row, 0, now) for row in new],
                        returning_pks=True,
                    )
                existing.update(
                    (key, _Charge(charge_id, reference, amount, currency, succeeded, failure_code))
                    for (key, reference, _token, amount, currency, succeeded, failure_code), charge_id in zip(
                        new, ids, strict=True
                    )
                )
            except IntegrityError:  # the same key arrived concurrently: the first outcome stands
                with transaction.atomic():
                    TestGatewayCharge.objects.bulk_create(
                        [TestGatewayCharge(**dict(zip(CHARGE_FIELDS, row, strict=True))) for row in new],
                        ignore_conflicts=True,
                    )
                existing = self._charges_by_key(keys)
        results: list[ChargeResult | GatewayError] = []
        for request in requests:
            if request.idempotency_key in timeouts:
                results.append(GatewayTimeout(f"test gateway: no answer for {request.reference}"))
            else:
                results.append(_result(existing[request.idempotency_key]))
        return results

    @staticmethod
    def _charges_by_key(keys: list[str]) -> dict[str, _Charge]:
        rows = TestGatewayCharge.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", *_Charge._fields
        )
        return {row[0]: _Charge(*row[1:]) for row in rows}

    def lookup(self, *, reference: str) -> ChargeResult | None:
        charge = TestGatewayCharge.objects.filter(reference=reference).first()
        return _result(charge) if charge else None

    def refund(self, *, gateway_reference: str, reference: str, amount: int) -> RefundResult:
        charge_id = gateway_reference.removeprefix("test_ch_")
        charge = TestGatewayCharge.objects.filter(id=int(charge_id) if charge_id.isdigit() else 0).first()
        if charge is None or not charge.succeeded or charge.refunded + amount > charge.amount:
            raise GatewayError("test gateway: the charge cannot be refunded by that amount")
        TestGatewayCharge.objects.filter(id=charge.id).update(refunded=charge.refunded + amount)
        return RefundResult(gateway_reference=f"test_re_{charge.id}_{charge.refunded + amount}", amount=amount)

    # Webhooks: HMAC-SHA256 over the raw body with SUBSCRIPTIONS_TEST_WEBHOOK_SECRET, header X-Test-Signature.
    def sign(self, body: bytes) -> str:
        return hmac.new(settings.SUBSCRIPTIONS_TEST_WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()

    def verify_webhook(self, *, body: bytes, headers: dict[str, str]) -> bool:
        signature = headers.get("X-Test-Signature", "")
        # Without a secret anyone could sign (an empty key is a key everyone knows): refuse every event.
        if not settings.SUBSCRIPTIONS_TEST_WEBHOOK_SECRET:
            return False
        return bool(signature) and hmac.compare_digest(self.sign(body), signature)

    def parse_webhook(self, *, body: bytes) -> GatewayEvent:
        data = json.loads(body)
        if not isinstance(data, dict) or not data.get("id") or not data.get("type"):
            raise ValueError("A test gateway event needs an id and a type.")
        occurred = data.get("created")
        return GatewayEvent(
            event_id=str(data["id"]),
            event_type=str(data["type"]),
            occurred_at=datetime.fromisoformat(occurred) if occurred else None,
            reference=str((data.get("data") or {}).get("reference", "")),
            data=data.get("data") or {},
        )

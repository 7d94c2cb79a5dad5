"""Paystack: cards tokenised on Paystack's hosted checkout, stored authorizations charged by reference.

Written against Paystack's documented REST API (https://paystack.com/docs/api/): transaction/initialize,
transaction/verify/:reference, transaction/charge_authorization, refund; webhooks signed with HMAC-SHA512 of
the raw body under the secret key (header x-paystack-signature). Amounts are in the currency's minor unit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime

from django.conf import settings

from .base import (
    CardToken,
    ChargeRequest,
    ChargeResult,
    ChargeStatus,
    Gateway,
    GatewayError,
    GatewayEvent,
    GatewayNotConfigured,
    GatewayTimeout,
    HostedForm,
    RefundResult,
)

# Paystack's test-mode secret keys begin so; with one, Paystack accepts only its test cards and moves no money.
TEST_KEY_PREFIX = "sk_test_"

# (method, url, headers, body or None, timeout) -> (HTTP status, body)
Transport = Callable[[str, str, dict[str, str], bytes | None, float], tuple[int, bytes]]

DUPLICATE_REFERENCE = "Duplicate Transaction Reference"
# Paystack's gateway_response texts mapped to our failure codes; anything else is "declined".
FAILURE_CODES = {"insufficient funds": "insufficient_funds", "expired card": "expired_card"}


def urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: float):
    """Send one HTTPS request; raise TimeoutError or URLError as urllib does."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 - https only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class PaystackGateway(Gateway):
    name = "paystack"

    def __init__(
        self, *, secret_key: str, base_url: str = "https://api.paystack.co", timeout: float = 15.0, transport=None
    ):
        self.secret_key = secret_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport: Transport = transport or urllib_transport

    @property
    def simulated(self) -> bool:
        return self.secret_key.startswith(TEST_KEY_PREFIX)

    @classmethod
    def from_settings(cls) -> PaystackGateway:
        if not settings.PAYSTACK_SECRET_KEY:
            raise GatewayNotConfigured("SUBSCRIPTIONS_GATEWAY is 'paystack' but PAYSTACK_SECRET_KEY is not set.")
        return cls(
            secret_key=settings.PAYSTACK_SECRET_KEY,
            base_url=settings.PAYSTACK_BASE_URL,
            timeout=settings.SUBSCRIPTIONS_GATEWAY_TIMEOUT,
        )

    def _call(self, method: str, path: str, payload: dict | None = None, *, unknown_on_failure: bool = False):
        """Return (HTTP status, parsed JSON). A lost answer to a charge is unknown; elsewhere a plain error."""
        headers = {"Authorization": f"Bearer {self.secret_key}", "Content-Type": "application/json"}
        body = json.dumps(payload).encode() if payload is not None else None
        try:
            status, raw = self.transport(method, self.base_url + path, headers, body, self.timeout)
        except TimeoutError as error:
            raise GatewayTimeout(f"Paystack did not answer {path} within {self.timeout}s") from error
        except (urllib.error.URLError, ConnectionError) as error:
            raise GatewayError(f"Paystack could not be reached: {error}") from error
        if status >= 500:
            error_class = GatewayTimeout if unknown_on_failure else GatewayError
            raise error_class(f"Paystack answered {status} to {path}")
        try:
            data = json.loads(raw)
        except ValueError as error:
            error_class = GatewayTimeout if unknown_on_failure else GatewayError
            raise error_class(f"Paystack sent a body that is not JSON for {path}") from error
        return status, data

    def hosted_form(self, *, email: str, return_url: str) -> HostedForm:
        # A small verification charge (R1.00 here; Paystack's minimum) creates a reusable authorization.
        _, data = self._call(
            "POST",
            "/transaction/initialize",
            {"email": email, "amount": 100, "currency": "ZAR", "callback_url": return_url, "channels": ["card"]},
        )
        if not data.get("status"):
            raise GatewayError(data.get("message", "Paystack refused to start the checkout"))
        return HostedForm(url=data["data"]["authorization_url"])

    def token_from_return(self, *, params: dict[str, str]) -> CardToken:
        reference = params.get("reference") or params.get("trxref") or ""
        if not reference:
            raise GatewayError("Paystack sent the reader back without a transaction reference.")
        _, data = self._call("GET", f"/transaction/verify/{urllib.request.quote(reference)}")
        tx = data.get("data") or {}
        auth = tx.get("authorization") or {}
        if not data.get("status") or tx.get("status") != "success" or not auth.get("reusable"):
            raise GatewayError("Paystack did not confirm a reusable card for this checkout.")
        return CardToken(
            token=auth["authorization_code"],
            fingerprint=auth.get("signature", ""),
            brand=(auth.get("brand") or auth.get("card_type") or "").strip().title(),
            last4=auth.get("last4", ""),
            exp_month=int(auth["exp_month"]) if auth.get("exp_month") else None,
            exp_year=int(auth["exp_year"]) if auth.get("exp_year") else None,
        )

    def charge(self, request: ChargeRequest) -> ChargeResult:
        # Paystack refuses a second transaction with the same reference, which makes the reference our
        # idempotency key: a "duplicate" answer means the first attempt exists, so we read its outcome.
        status, data = self._call(
            "POST",
            "/transaction/charge_authorization",
            {
                "authorization_code": request.token,
                "email": request.email,
                "amount": request.amount,
                "currency": request.currency,
                "reference": request.reference,
            },
            unknown_on_failure=True,
        )
        if not data.get("status"):
            if DUPLICATE_REFERENCE.lower() in str(data.get("message", "")).lower():
                found = self.lookup(reference=request.reference)
                if found is not None:
                    return found
            return ChargeResult(
                status=ChargeStatus.FAILED,
                reference=request.reference,
                amount=request.amount,
                currency=request.currency,
                failure_code="declined",
                message=str(data.get("message", ""))[:200],
            )
        return self._result(data["data"])

    def _result(self, tx: dict) -> ChargeResult:
        succeeded = tx.get("status") == "success"
        response = str(tx.get("gateway_response", ""))
        return ChargeResult(
            status=ChargeStatus.SUCCEEDED if succeeded else ChargeStatus.FAILED,
            reference=tx["reference"],
            amount=int(tx["amount"]),
            currency=tx.get("currency", ""),
            gateway_reference=str(tx.get("id", "")),
            failure_code="" if succeeded else FAILURE_CODES.get(response.lower(), "declined"),
            message=response[:200],
        )

    def lookup(self, *, reference: str) -> ChargeResult | None:
        status, data = self._call("GET", f"/transaction/verify/{urllib.request.quote(reference)}")
        if status == 404 or (status == 400 and not data.get("status")):
            return None  # "Transaction reference not found"
        if not data.get("status"):
            raise GatewayError(data.get("message", "Paystack could not verify the reference"))
        tx = data["data"]
        if tx.get("status") in ("abandoned", "ongoing", "pending", "processing", "queued"):
            raise GatewayTimeout(f"Paystack has {reference} still in progress ({tx.get('status')})")
        return self._result(tx)

    def refund(self, *, gateway_reference: str, reference: str, amount: int) -> RefundResult:
        _, data = self._call("POST", "/refund", {"transaction": gateway_reference, "amount": amount})
        if not data.get("status"):
            raise GatewayError(data.get("message", "Paystack refused the refund"))
        return RefundResult(gateway_reference=str(data["data"].get("id", "")), amount=int(data["data"]["amount"]))

    def verify_webhook(self, *, body: bytes, headers: dict[str, str]) -> bool:
        signature = headers.get("X-Paystack-Signature", "")
        expected = hmac.new(self.secret_key.encode(), body, hashlib.sha512).hexdigest()
        return bool(signature) and hmac.compare_digest(expected, signature)

    def parse_webhook(self, *, body: bytes) -> GatewayEvent:
        payload = json.loads(body)
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict) or not payload.get("event"):
            raise ValueError("A Paystack event needs an event name and a data object.")
        data = payload["data"]
        # Paystack events carry no id of their own: the event name and the transaction id identify one.
        event_id = f"{payload['event']}:{data.get('id') or data.get('reference')}"
        stamp = data.get("paid_at") or data.get("created_at")
        occurred = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        return GatewayEvent(
            event_id=event_id,
            event_type=str(payload["event"]),
            occurred_at=occurred,
            reference=str(data.get("reference", "")),
            data=data,
        )

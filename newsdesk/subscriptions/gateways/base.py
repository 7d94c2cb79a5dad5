"""The payment-gateway interface: typed values in and out, retryable and terminal errors kept apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured


class GatewayError(Exception):
    """The gateway could not be reached or answered with an error; the operation did not happen. Retryable."""


class GatewayTimeout(GatewayError):
    """No answer in time: the outcome is UNKNOWN. Look the charge up by its reference before retrying."""


class GatewayNotConfigured(ImproperlyConfigured):
    """No payment gateway is set up, or the chosen one lacks its keys: nobody can subscribe."""


class ChargeStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class CardToken:
    """A reusable payment method as the gateway describes it (never the card number)."""

    token: str
    fingerprint: str
    brand: str = ""
    last4: str = ""
    exp_month: int | None = None
    exp_year: int | None = None


@dataclass(frozen=True)
class ChargeRequest:
    amount: int  # minor units
    currency: str
    token: str
    email: str
    reference: str  # ours, unique per attempt; the gateway lets us look the charge up by it
    idempotency_key: str  # the same key twice returns the first outcome instead of charging again


@dataclass(frozen=True)
class ChargeResult:
    status: ChargeStatus
    reference: str
    amount: int
    currency: str
    gateway_reference: str = ""
    failure_code: str = ""  # terminal for this attempt: "declined", "insufficient_funds", "expired_card", ...
    message: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == ChargeStatus.SUCCEEDED


@dataclass(frozen=True)
class RefundResult:
    gateway_reference: str
    amount: int


@dataclass(frozen=True)
class HostedForm:
    """Where to send the reader so the gateway (not us) collects the card."""

    url: str


@dataclass(frozen=True)
class GatewayEvent:
    """A verified, parsed webhook event."""

    event_id: str
    event_type: str
    occurred_at: datetime | None
    reference: str = ""
    data: dict = field(default_factory=dict)


class Gateway:
    """What the billing engine needs from a payment gateway. Implementations set explicit network timeouts."""

    name: str = ""
    # True when no real money moves (a simulator, or a real gateway's test keys): readers are told so.
    simulated: bool = False

    def hosted_form(self, *, email: str, return_url: str) -> HostedForm:
        """Return where the reader enters a card; the gateway sends them back to return_url with a token."""
        raise NotImplementedError

    def token_from_return(self, *, params: dict[str, str]) -> CardToken:
        """Turn what the hosted form sent back into a reusable card token; raise GatewayError if it is not valid."""
        raise NotImplementedError

    def charge(self, request: ChargeRequest) -> ChargeResult:
        """Charge a stored method; raise GatewayTimeout when the outcome is unknown."""
        raise NotImplementedError

    def charge_many(self, requests: list[ChargeRequest]) -> list[ChargeResult | GatewayError]:
        """Charge several methods; a gateway with a batch API overrides this. Errors come back in place."""
        results: list[ChargeResult | GatewayError] = []
        for request in requests:
            try:
                results.append(self.charge(request))
            except GatewayError as error:
                results.append(error)
        return results

    def lookup(self, *, reference: str) -> ChargeResult | None:
        """Return the charge made under this reference, or None if the gateway has none."""
        raise NotImplementedError

    def refund(self, *, gateway_reference: str, reference: str, amount: int) -> RefundResult:
        """Give back part or all of a charge."""
        raise NotImplementedError

    def verify_webhook(self, *, body: bytes, headers: dict[str, str]) -> bool:
        """Return True if the raw body carries a valid signature."""
        raise NotImplementedError

    def parse_webhook(self, *, body: bytes) -> GatewayEvent:
        """Parse a verified raw body into an event; raise ValueError if it is malformed."""
        raise NotImplementedError

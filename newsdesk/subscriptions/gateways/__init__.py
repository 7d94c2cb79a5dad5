"""Payment gateways behind one interface; the configured one is chosen by the SUBSCRIPTIONS_GATEWAY setting."""

from django.conf import settings

from .base import Gateway


def get_gateway(name: str | None = None) -> Gateway:
    """Return the configured gateway (or the named one)."""
    name = name or settings.SUBSCRIPTIONS_GATEWAY
    if name == "test":
        from .testgateway import TestGateway

        return TestGateway()
    if name == "paystack":
        from .paystack import PaystackGateway

        return PaystackGateway.from_settings()
    raise ValueError(f"Unknown payment gateway {name!r}: set SUBSCRIPTIONS_GATEWAY to 'test' or 'paystack'.")

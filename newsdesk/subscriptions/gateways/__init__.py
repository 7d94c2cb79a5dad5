"""Payment gateways behind one interface; the configured one is chosen by the SUBSCRIPTIONS_GATEWAY setting."""

from django.conf import settings

from .base import Gateway, GatewayNotConfigured
from .paystack import PaystackGateway
from .testgateway import TestGateway

GATEWAY_NAMES = ("paystack", "test")
# SUBSCRIPTIONS_GATEWAY=off: this site sells no subscriptions (readers are told subscriptions are not open).
OFF = "off"

__all__ = ["GATEWAY_NAMES", "OFF", "Gateway", "GatewayNotConfigured", "get_gateway"]


def get_gateway(name: str | None = None) -> Gateway:
    """Return the configured gateway (or the named one); raise GatewayNotConfigured when there is none."""
    name = name or settings.SUBSCRIPTIONS_GATEWAY
    if name == "test":
        return TestGateway()
    if name == "paystack":
        return PaystackGateway.from_settings()
    if not name:
        raise GatewayNotConfigured("SUBSCRIPTIONS_GATEWAY is not set: no payment gateway is configured.")
    if name == OFF:
        raise GatewayNotConfigured("SUBSCRIPTIONS_GATEWAY is 'off': this site sells no subscriptions.")
    raise GatewayNotConfigured(f"Unknown payment gateway {name!r}: set SUBSCRIPTIONS_GATEWAY to 'paystack' or 'test'.")

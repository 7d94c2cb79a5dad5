"""Deploy checks for selling subscriptions: a payment gateway is chosen, has its key, and takes real money."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

from .gateways import GATEWAY_NAMES, OFF
from .gateways.paystack import TEST_KEY_PREFIX

TO_SELL = "To sell subscriptions set SUBSCRIPTIONS_GATEWAY=paystack and PAYSTACK_SECRET_KEY (docs/deploy.md)"


@register(Tags.security, deploy=True)
def check_payment_gateway(app_configs, **kwargs) -> list[CheckMessage]:
    """Fail when no usable gateway is chosen; warn when the chosen one moves no money."""
    name = settings.SUBSCRIPTIONS_GATEWAY
    if not name:
        return [
            Error(
                "SUBSCRIPTIONS_GATEWAY is not set, so nobody can subscribe.",
                hint=f"{TO_SELL}; if this site sells no subscriptions, set SUBSCRIPTIONS_GATEWAY=off.",
                id="subscriptions.E001",
            )
        ]
    if name == OFF:
        return []
    if name not in GATEWAY_NAMES:
        return [
            Error(
                f"SUBSCRIPTIONS_GATEWAY is {name!r}, which is not a payment gateway.",
                hint=f"{TO_SELL}, or set SUBSCRIPTIONS_GATEWAY=off.",
                id="subscriptions.E002",
            )
        ]
    if name == "paystack" and not settings.PAYSTACK_SECRET_KEY:
        return [
            Error(
                "SUBSCRIPTIONS_GATEWAY is 'paystack' but PAYSTACK_SECRET_KEY is not set, so nobody can subscribe.",
                hint="Set PAYSTACK_SECRET_KEY to the live secret key (sk_live_...) from Paystack's dashboard.",
                id="subscriptions.E003",
            )
        ]
    if name == "paystack" and settings.PAYSTACK_SECRET_KEY.startswith(TEST_KEY_PREFIX):
        return [
            CheckWarning(
                "PAYSTACK_SECRET_KEY is a Paystack test key: no money moves, and readers are told so.",
                hint="Set PAYSTACK_SECRET_KEY to the live secret key (sk_live_...) to take real payments.",
                id="subscriptions.W002",
            )
        ]
    if name == "test":
        webhooks = "" if settings.SUBSCRIPTIONS_TEST_WEBHOOK_SECRET else " (its webhooks are refused: no secret is set)"
        return [
            CheckWarning(
                f"SUBSCRIPTIONS_GATEWAY is 'test': readers subscribe with test cards and no money moves{webhooks}. "
                "Every subscription page and email says so.",
                hint=f"{TO_SELL}.",
                id="subscriptions.W001",
            )
        ]
    return []

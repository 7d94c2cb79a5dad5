"""Readers, plans and cards for subscription tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from newsdesk.subscriptions.gateways.base import CardToken
from newsdesk.subscriptions.gateways.testgateway import TestGateway, tokenise_card
from newsdesk.subscriptions.models import Plan

SUCCESS_CARD = "4242424242424242"
DECLINE_CARD = "4000000000000002"
INSUFFICIENT_CARD = "4000000000009995"
EXPIRED_CARD = "4000000000000069"
TIMEOUT_CHARGED_CARD = "4000000000000259"
TIMEOUT_NOT_CHARGED_CARD = "4000000000000341"

_counter = itertools.count(1)


def make_reader(email: str | None = None, *, verified: bool = True):
    email = email or f"reader{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password="a-long-test-password")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def premium() -> Plan:
    """The seeded plan (re-created if a transactional test flushed the seed rows)."""
    return Plan.objects.get_or_create(
        slug="premium", defaults={"name": "Premium", "amount": 7500, "currency": "ZAR", "trial_days": 14}
    )[0]


def annual() -> Plan:
    return Plan.objects.get_or_create(
        slug="premium-annual",
        defaults={
            "name": "Premium annual",
            "amount": 75000,
            "currency": "ZAR",
            "interval": "year",
            "trial_days": 14,
            "order": 1,
        },
    )[0]


def make_card(number: str = SUCCESS_CARD, *, exp_month: int | None = None, exp_year: int | None = None) -> CardToken:
    """Tokenise a test card; without an expiry each call is a different card (its own fingerprint)."""
    n = next(_counter)
    exp_month = exp_month or 1 + n % 12
    exp_year = exp_year or 2030 + (n // 12) % 70
    stored = tokenise_card(
        number=number, exp_month=exp_month, exp_year=exp_year, today=datetime(2026, 1, 1, tzinfo=UTC)
    )
    return TestGateway().token_from_return(params={"token": stored.token})

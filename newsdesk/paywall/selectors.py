"""Premium access: who reads a premium article past its teaser, the meter's figures, and the offer shown under it.

Whether a reader has a subscription is the subscriptions app's fact; what follows from it for an article (with
staff, free articles and the meter) is decided here, in `reader_may_read`, and nowhere else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from newsdesk.core.selectors import is_newsroom_staff
from newsdesk.subscriptions.access import access_version
from newsdesk.subscriptions.selectors import (
    LOCAL_TZ,
    SUBSCRIPTIONS_CLOSED,
    TEST_MODE_NOTICE,
    active_plans,
    payments_simulated,
    subscriber_access,
    subscriptions_open,
)

from .models import MeteredRead, MeteringSettings

# The plan on offer, as the offer quotes it; forgotten when staff change a plan (see apps.py).
OFFER_CACHE_KEY = "paywall:offer-plan:v1"
OFFER_CACHE_SECONDS = 300
# Whether a reader reads every premium article, per reader and access version (reads_every_premium_article).
READS_ALL_CACHE_KEY = "paywall:reads-all:{user_id}:{version}"
READS_ALL_CACHE_SECONDS = 300
NO_PLAN_ON_OFFER = "No plans are on offer right now. Please come back later."

BODY_FORBIDDEN_ANONYMOUS = "This article is for subscribers. Sign in, or start a free trial, to read it in full."
BODY_FORBIDDEN_NOT_ENTITLED = (
    "This article is for subscribers. Your account has no active subscription; start a free trial to read it."
)
BODY_NOT_FOUND = "No such article."
BODY_METER_SPENT = (
    "You have read your {allowance} free premium articles this month. Start a free trial to read on; "
    "your free reads start again on the first of next month."
)
METER_NOTE = "Free premium article {used} of {allowance} this month."


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def meter_month(at: datetime):
    """Return the first day of the calendar month (SAST) that a read at `at` counts against."""
    return at.astimezone(LOCAL_TZ).date().replace(day=1)


def metered_allowance(*, site=None) -> int:
    """Return how many premium articles a signed-in reader without a subscription may read a month (0: none)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    return MeteringSettings.for_site(site).free_premium_reads_per_month if site else 0


@dataclass(frozen=True)
class PremiumAccess:
    """Whether a reader reads every premium article, as decided under their access version, and until when."""

    reads_all: bool
    version: int = 0
    until: float | None = None  # epoch seconds when the clock alone ends it; None: only a change of state does


def premium_access(reader) -> PremiumAccess:
    """Return whether this reader reads every premium article (staff, and readers whose subscription gives access).

    Asked on every premium body a reader opens, so the answer is kept per reader: under their subscription's access
    version (which moves when the subscription changes state: ended, cancelled, resumed, past due), no longer than
    the clock alone keeps it true (a grace period, paid-up time after a cancel), and no longer than
    READS_ALL_CACHE_SECONDS (staff roles change without a subscription event).
    """
    if not _signed_in(reader):
        return PremiumAccess(reads_all=False)
    version = access_version(user_id=reader.pk)
    key = READS_ALL_CACHE_KEY.format(user_id=reader.pk, version=version)
    now = time.time()
    kept = cache.get(key)
    if kept is not None and (kept["until"] is None or now < kept["until"]):
        return PremiumAccess(reads_all=kept["reads"], version=version, until=kept["until"])
    # The subscription first: most who ask are readers, and the newsroom test reads their permissions.
    has_access, ends_at = subscriber_access(user=reader)
    reads = has_access or is_newsroom_staff(reader)
    until = ends_at.timestamp() if has_access and ends_at is not None else None  # a lapse recomputes, staff too
    timeout = READS_ALL_CACHE_SECONDS if until is None else max(1, min(READS_ALL_CACHE_SECONDS, int(until - now)))
    cache.set(key, {"reads": reads, "until": until}, timeout)
    return PremiumAccess(reads_all=reads, version=version, until=until)


def reads_every_premium_article(reader) -> bool:
    """Return True for staff (the newsroom, an editor's preview) and readers whose subscription gives access."""
    return premium_access(reader).reads_all


def reader_may_read(*, reader, article, at: datetime | None = None) -> bool:
    """Return True if this reader may read this article past its teaser: the one answer to that question.

    Everyone reads a free article. A premium one is read in full by staff and subscribers with access
    (`reads_every_premium_article`), and by a signed-in reader who has spent one of this month's free reads on it
    (`services.metered_read_grant` spends them, and says no to every read once the newsroom turns the meter off).
    """
    if not article.premium:
        return True
    if reads_every_premium_article(reader):
        return True
    if not _signed_in(reader):
        return False
    month = meter_month(at or timezone.now())
    return MeteredRead.objects.filter(user=reader, month=month, page_id=article.pk).exists()


@dataclass(frozen=True)
class Offer:
    """The subscription offer shown under a premium article's teaser, read from the plan on offer."""

    trial_days: int = 0
    price: str = ""
    interval: str = ""
    url: str = ""
    open: bool = True  # False: nothing can be bought now, and the offer says why (closed_message)
    closed_message: str = ""
    notice: str = ""  # said first when subscribing moves no real money

    @property
    def headline(self) -> str:
        if self.trial_days:
            return f"Try everything free for {self.trial_days} days."
        return "Subscribe to read everything."

    @property
    def terms(self) -> str:
        if self.trial_days:
            return (
                f"After that, {self.price} per {self.interval}. Cancel anytime; cancel within the {self.trial_days} "
                "days and you are never billed."
            )
        return f"{self.price} per {self.interval}. Cancel anytime."


def _plan_on_offer() -> dict | None:
    """Return the figures of the first active plan, as staff ordered the plans, or None when none is active."""
    figures = cache.get(OFFER_CACHE_KEY)
    if figures is None:
        plan = active_plans().first()
        figures = (
            {"trial_days": plan.trial_days, "price": plan.price_display, "interval": plan.interval} if plan else {}
        )
        cache.set(OFFER_CACHE_KEY, figures, OFFER_CACHE_SECONDS)
    return figures or None


def forget_plan_on_offer() -> None:
    """Drop the cached plan figures so the next offer reads the plans afresh."""
    cache.delete(OFFER_CACHE_KEY)


def current_offer() -> Offer:
    """Return the offer shown under premium articles: the plan on offer, or why nothing can be bought.

    Asked on every refusal of the full-body fragment (each anonymous view of a premium page), so the plan's
    figures come from the cache, not a query.
    """
    if not subscriptions_open():
        return Offer(open=False, closed_message=SUBSCRIPTIONS_CLOSED)
    figures = _plan_on_offer()
    if figures is None:
        return Offer(open=False, closed_message=NO_PLAN_ON_OFFER)
    return Offer(
        **figures,
        url=reverse("subscribe"),
        notice=TEST_MODE_NOTICE if payments_simulated() else "",
    )

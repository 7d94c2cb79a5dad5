"""Reads about readers' subscriptions: who has access, the plans, the account page, and the figures staff watch."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from newsdesk.core.selectors import is_newsroom_staff

from .gateways import GatewayNotConfigured, get_gateway
from .mailboxes import mailbox_key
from .models import BillingPeriod, Payment, Plan, Status, Subscription, SubscriptionEvent, TrialClaim, format_money
from .periods import LOCAL_TZ

CANCEL_IN_TRIAL = "You will not be charged. Access ends on {access_end}."
CANCEL_AFTER_CHARGE = "Your last charge was {last_charge}; access ends on {access_end}"
SUBSCRIPTIONS_CLOSED = "Subscriptions are not open yet. Please come back later."
TEST_MODE_NOTICE = (
    "Test mode: no money is taken, and no card is charged. Subscriptions here are for trying the site out."
)


def subscriptions_open() -> bool:
    """Return whether readers can subscribe: a payment gateway is configured, with its keys."""
    try:
        get_gateway()
    except GatewayNotConfigured:
        return False
    return True


def payments_simulated() -> bool:
    """Return whether subscribing moves no real money (the test gateway, or a gateway's test keys)."""
    try:
        return get_gateway().simulated
    except GatewayNotConfigured:
        return False


def local_date(moment: datetime) -> str:
    """Return a date as readers read it, in SAST: "14 February 2026"."""
    return moment.astimezone(LOCAL_TZ).strftime("%-d %B %Y")


def _grace_days() -> int:
    return max(settings.SUBSCRIPTIONS_RETRY_DAYS, default=0)


def live_subscription(*, user) -> Subscription | None:
    """Return the reader's subscription that is not over, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Subscription.objects.select_related("plan", "payment_method")
        .exclude(status=Status.ENDED)
        .filter(user=user)
        .first()
    )


def subscription_gives_access(subscription: Subscription, *, at: datetime) -> bool:
    """Return True if this subscription lets its reader read premium articles at `at`."""
    status = subscription.status
    if status in (Status.TRIALING, Status.ACTIVE):
        return True
    if status == Status.PAST_DUE:
        since = subscription.past_due_since or at
        return at < since + timedelta(days=_grace_days())
    if status == Status.CANCELLED:
        return subscription.access_until is not None and at < subscription.access_until
    return False


def users_with_access(*, at: datetime):
    """Return the ids of readers whose subscription gives access at `at`, as a subquery: the rule of
    `subscription_gives_access`, for many readers at once (a list's members at send time)."""
    grace = timedelta(days=_grace_days())
    past_due_in_grace = Q(status=Status.PAST_DUE, past_due_since__gt=at - grace)
    if grace:
        past_due_in_grace |= Q(status=Status.PAST_DUE, past_due_since__isnull=True)
    gives_access = (
        Q(status__in=[Status.TRIALING, Status.ACTIVE])
        | past_due_in_grace
        | Q(status=Status.CANCELLED, access_until__gt=at)
    )
    return Subscription.objects.filter(gives_access).values("user_id")


def access_ends_by_the_clock(subscription: Subscription) -> datetime | None:
    """Return when this subscription's access ends with no change of state (grace over, paid-up time over), or None
    when only a change of state ends it."""
    if subscription.status == Status.PAST_DUE:
        return (subscription.past_due_since or timezone.now()) + timedelta(days=_grace_days())
    if subscription.status == Status.CANCELLED:
        return subscription.access_until
    return None


def subscriber_access(*, user) -> tuple[bool, datetime | None]:
    """Return whether this reader's subscription gives access now, and until when at the latest by the clock alone
    (None: until its state changes, which moves `access.access_version`)."""
    subscription = live_subscription(user=user)
    if subscription is None:
        return False, None
    now = timezone.now()
    return subscription_gives_access(subscription, at=now), access_ends_by_the_clock(subscription)


def subscriber_has_access(*, user) -> bool:
    """Return True if this reader's subscription gives access now (trial, paid, past due in grace, paid-up cancel).

    Staff are not subscribers by this test: whom the paywall lets read an article is the paywall's decision.
    """
    subscription = live_subscription(user=user)
    return subscription is not None and subscription_gives_access(subscription, at=timezone.now())


def reader_is_entitled(*, user) -> bool:
    """Return True if this reader counts as a subscriber: their subscription gives access, or they are staff."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return subscriber_has_access(user=user) or is_newsroom_staff(user)


def _trial_addresses(user) -> list[str]:
    """Return the addresses a reader claims a trial with: each verified one, else the account's own."""
    from allauth.account.models import EmailAddress

    emails = sorted(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    if user.email and not emails:
        emails.append(user.email)  # accounts made outside allauth (staff, imports)
    return emails


def trial_claim_values(*, user, fingerprint: str) -> list[tuple[str, str]]:
    """Return what a trial is claimed under: the account, the mailbox of each address, the card."""
    mailboxes = sorted({mailbox_key(address) for address in _trial_addresses(user)})
    claims = [(TrialClaim.Kind.ACCOUNT, str(user.pk))] + [(TrialClaim.Kind.MAILBOX, key) for key in mailboxes]
    if fingerprint:
        claims.append((TrialClaim.Kind.CARD, fingerprint))
    return claims


def trial_claims_taken(*, user, fingerprint: str) -> set[str]:
    """Return which kinds of trial claim (account, mailbox, card) this reader and card have already used."""
    claims = trial_claim_values(user=user, fingerprint=fingerprint)
    wanted = reduce(operator.or_, (Q(kind=kind, value=value) for kind, value in claims))
    return set(TrialClaim.objects.filter(wanted).values_list("kind", flat=True))


def trial_applies(*, plan: Plan, taken: set[str]) -> bool:
    """Return whether a start on this plan is free at first: the plan has a trial and no claim was used before.

    The one rule: `services.subscriptions.subscription_start` bills by it, the confirm page and emails quote it.
    """
    return plan.trial_days > 0 and not taken


TERMS_TRIAL = "Free until {trial_end}, then {price} a {interval}"
TERMS_NO_TRIAL = "No free trial on this account: {price} today, then {every}"
_EVERY = {Plan.Interval.MONTH: "monthly", Plan.Interval.YEAR: "yearly"}


def _day_month(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%-d %B")


def start_terms(*, plan: Plan, trial_end: datetime | None) -> str:
    """Return what starting (or having started) this plan means in one line, for the confirm page and the email."""
    price = format_money(plan.amount, plan.currency)
    if trial_end is not None:
        return TERMS_TRIAL.format(trial_end=_day_month(trial_end), price=price, interval=plan.interval)
    return TERMS_NO_TRIAL.format(price=price, every=_EVERY.get(plan.interval, plan.interval))


def start_terms_for(*, user, plan: Plan, fingerprint: str, at: datetime | None = None) -> str:
    """Return what confirming now would do for this reader and card, by the rule billing uses."""
    at = at or timezone.now()
    with_trial = trial_applies(plan=plan, taken=trial_claims_taken(user=user, fingerprint=fingerprint))
    return start_terms(plan=plan, trial_end=at + timedelta(days=plan.trial_days) if with_trial else None)


def mailbox_trial_elsewhere(*, user) -> str:
    """Return the reader's address whose mailbox had a free trial on another account, or ""."""
    by_key: dict[str, str] = {}
    for address in _trial_addresses(user):
        by_key.setdefault(mailbox_key(address), address)
    taken = set(
        TrialClaim.objects.filter(kind=TrialClaim.Kind.MAILBOX, value__in=by_key)
        .exclude(subscription__user=user)
        .values_list("value", flat=True)
    )
    return next((address for key, address in by_key.items() if key in taken), "")


def last_payment(subscription: Subscription) -> Payment | None:
    return subscription.payments.order_by("-paid_at", "-id").first()


def cancellation_message(*, subscription: Subscription, at: datetime) -> str:
    """Return exactly what cancelling now means for this reader."""
    paid = last_payment(subscription)
    if subscription.status == Status.TRIALING or paid is None:
        access_end = subscription.trial_end if subscription.status == Status.TRIALING else at
        return CANCEL_IN_TRIAL.format(access_end=local_date(access_end))
    access_end = subscription.current_period_end if subscription.status == Status.ACTIVE else at
    return CANCEL_AFTER_CHARGE.format(last_charge=local_date(paid.paid_at), access_end=local_date(access_end))


@dataclass(frozen=True)
class AccountSummary:
    subscription: Subscription | None
    status_label: str
    has_access: bool
    trial_end: str
    next_charge_date: str
    next_charge_amount: str
    access_until: str
    card: str
    payments: list[Payment]
    can_resume: bool
    can_resubscribe: bool


def account_summary(*, user, at: datetime | None = None) -> AccountSummary:
    """Return what the account page shows: status, dates, the next charge, receipts."""
    at = at or timezone.now()
    sub = live_subscription(user=user)
    payments = list(
        Payment.objects.filter(subscription__user=user).select_related("billing_period").order_by("-paid_at")[:24]
    )
    if sub is None:
        return AccountSummary(None, "No subscription", False, "", "", "", "", "", payments, False, True)
    next_date = next_amount = ""
    if sub.status in (Status.TRIALING, Status.ACTIVE, Status.PAST_DUE) and sub.due_at:
        next_date = local_date(sub.due_at)
        next_amount = format_money(sub.plan.amount, sub.plan.currency)
    return AccountSummary(
        subscription=sub,
        status_label=sub.get_status_display(),
        has_access=subscription_gives_access(sub, at=at),
        trial_end=local_date(sub.trial_end) if sub.trial_end and sub.status == Status.TRIALING else "",
        next_charge_date=next_date,
        next_charge_amount=next_amount,
        access_until=local_date(sub.access_until) if sub.access_until else "",
        card=str(sub.payment_method) if sub.payment_method else "",
        payments=payments,
        can_resume=sub.status == Status.CANCELLED and bool(sub.access_until and sub.access_until > at),
        can_resubscribe=False,
    )


def active_plans():
    """Return the plans new subscribers may choose, in the order staff gave them."""
    return Plan.objects.filter(is_active=True)


@dataclass(frozen=True)
class BillingFigures:
    subscribers: int
    trialing: int
    past_due: int
    mrr: int  # minor units, ZAR; trials excluded
    mrr_display: str
    conversions_30d: int
    trials_ended_30d: int
    churned_30d: int
    churn_rate_30d: str
    failed_payments_30d: int


def billing_figures(*, at: datetime | None = None) -> BillingFigures:
    """Return the figures on the staff dashboard: MRR (paying subscriptions only), trials, conversions, churn."""
    at = at or timezone.now()
    since = at - timedelta(days=30)
    counts = Subscription.objects.aggregate(
        paying=Count("id", filter=Q(status__in=[Status.ACTIVE, Status.PAST_DUE])),
        trialing=Count("id", filter=Q(status=Status.TRIALING)),
        past_due=Count("id", filter=Q(status=Status.PAST_DUE)),
    )
    mrr = 0
    for row in (
        Subscription.objects.filter(status__in=[Status.ACTIVE, Status.PAST_DUE], plan__currency="ZAR")
        .values("plan__interval")
        .annotate(total=Sum("plan__amount"))
    ):
        mrr += row["total"] // 12 if row["plan__interval"] == Plan.Interval.YEAR else row["total"]
    events = SubscriptionEvent.objects.filter(at__gte=since, at__lte=at)
    conversions = events.filter(cause="trial_converted").count()
    trials_ended = conversions + events.filter(from_status=Status.TRIALING, to_status=Status.CANCELLED).count()
    churned = events.filter(to_status=Status.ENDED, from_status__in=[Status.CANCELLED, Status.PAST_DUE]).count()
    base = counts["paying"] + churned
    failed = BillingPeriod.objects.filter(state=BillingPeriod.State.FAILED, created_at__gte=since).count()
    return BillingFigures(
        subscribers=counts["paying"],
        trialing=counts["trialing"],
        past_due=counts["past_due"],
        mrr=mrr,
        mrr_display=format_money(mrr, "ZAR"),
        conversions_30d=conversions,
        trials_ended_30d=trials_ended,
        churned_30d=churned,
        churn_rate_30d=f"{(100 * churned / base):.1f}%" if base else "0.0%",
        failed_payments_30d=failed,
    )

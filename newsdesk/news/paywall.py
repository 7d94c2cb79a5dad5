"""The paywall's policy: how much of a premium article a non-subscriber sees, and the offer shown under it.

Plans become data later (the subscriptions app owns them); until then the one plan on offer lives here, in
integer minor units, so the offer under premium articles and the tests read the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.subscriptions.selectors import (
    SUBSCRIPTIONS_CLOSED,
    TEST_MODE_NOTICE,
    payments_simulated,
    subscriptions_open,
)

# Non-entitled readers see this many paragraph blocks of a premium article, and nothing else of its body.
TEASER_PARAGRAPHS = 2
TEASER_BLOCK_TYPE = "paragraph"

PLAN_PRICE_MINOR = 7500  # R75.00
PLAN_CURRENCY = "ZAR"
PLAN_INTERVAL = "month"
TRIAL_DAYS = 14

SUBSCRIBE_PATH = "/subscriptions/"

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

_CURRENCY_SYMBOLS = {"ZAR": "R"}


def format_money(*, amount_minor: int, currency: str) -> str:
    """Return an amount for people to read: R75, R79.50."""
    symbol = _CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    units, cents = divmod(amount_minor, 100)
    return f"{symbol}{units:,}" if cents == 0 else f"{symbol}{units:,}.{cents:02d}"


@dataclass(frozen=True)
class Offer:
    """The subscription offer shown under a premium article's teaser."""

    trial_days: int
    price: str
    interval: str
    url: str
    open: bool = True  # False: no payment gateway is set up, and the offer says subscriptions are not open yet
    notice: str = ""  # said first when subscribing moves no real money

    @property
    def closed_message(self) -> str:
        return SUBSCRIPTIONS_CLOSED

    @property
    def headline(self) -> str:
        return f"Try everything free for {self.trial_days} days."

    @property
    def terms(self) -> str:
        return (
            f"After that, {self.price} per {self.interval}. Cancel anytime; cancel within the {self.trial_days} days "
            "and you are never billed."
        )


def current_offer() -> Offer:
    """Return the offer shown under premium articles."""
    return Offer(
        trial_days=TRIAL_DAYS,
        price=format_money(amount_minor=PLAN_PRICE_MINOR, currency=PLAN_CURRENCY),
        interval=PLAN_INTERVAL,
        url=SUBSCRIBE_PATH,
        open=subscriptions_open(),
        notice=TEST_MODE_NOTICE if payments_simulated() else "",
    )


class ArticleNotFound(Exception):
    pass


class NotEntitled(Exception):
    pass


def full_article_for(*, page_id: int, reader, site=None):
    """Return (article, body, meter note) for a reader entitled to the whole of a live, public article.

    Raise NotEntitled for an anonymous reader (whatever the id) and for a signed-in reader who may not read
    it in full, ArticleNotFound for an article that is not live or not public. A signed-in reader without a
    subscription may read it on the meter when the newsroom allows free reads (this counts the read); the note
    then says how many are used. The body comes through the one door, `article_body_for`.
    """
    from .models import ArticlePage
    from .restrictions import public_q
    from .selectors import article_body_for

    if reader is None or not getattr(reader, "is_authenticated", False):
        # Every anonymous view of a premium page asks for the body; answer without touching the database.
        raise NotEntitled(BODY_FORBIDDEN_ANONYMOUS)
    article = ArticlePage.objects.live().filter(public_q(), pk=page_id).first()
    if article is None:
        raise ArticleNotFound(BODY_NOT_FOUND)
    note = ""
    from newsdesk.subscriptions.selectors import reader_is_entitled

    if article.premium and not reader_is_entitled(user=reader):
        from newsdesk.subscriptions.services.metering import metered_read_grant

        reading = metered_read_grant(user=reader, page_id=article.pk, site=site)
        if not reading.granted:
            spent = reading.allowance and reading.used >= reading.allowance
            raise NotEntitled(
                BODY_METER_SPENT.format(allowance=reading.allowance) if spent else BODY_FORBIDDEN_NOT_ENTITLED
            )
        note = METER_NOTE.format(used=reading.used, allowance=reading.allowance)
    body = article_body_for(article=article, reader=reader)  # the door decides again, from the stored read
    if body.is_truncated:
        raise NotEntitled(BODY_FORBIDDEN_NOT_ENTITLED)
    return article, body, note


MAX_SEARCH_TERMS = 12


def searchable_by_public_text_q(query: str):
    """Return a filter that keeps free articles, and premium ones only where the query meets their public text.

    The search index holds premium bodies (staff search needs them), so a public search must not let a premium
    article match on words only subscribers can read: that would tell anyone what the premium text contains.
    A premium article stays findable by its headline, standfirst and topics.
    """
    import re

    from django.db.models import Q

    from .models import ArticlePage

    shown = Q(pk__in=[])
    for term in re.findall(r"\w+", query)[:MAX_SEARCH_TERMS]:
        shown |= Q(title__icontains=term) | Q(standfirst__icontains=term) | Q(tags__name__icontains=term)
    premium_shown = ArticlePage.objects.filter(premium=True).filter(shown).values("pk")
    return Q(premium=False) | Q(pk__in=premium_shown)

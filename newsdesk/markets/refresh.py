"""Pull fresh quotes from the providers that are polled (the ECB file, the demo walk)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings

from . import selectors
from .models import Instrument, Provider, Quote
from .providers import ProviderError, QuoteIn, demo, ecb
from .services import provider_mark_refreshed, quotes_store

logger = logging.getLogger(__name__)
POLLED_KINDS = [Provider.Kind.ECB, Provider.Kind.DEMO]
DEMO_STEP = timedelta(minutes=5)
DEMO_BACKFILL = timedelta(days=7)


def _in_session(instrument: Instrument, moment: datetime, holidays: set) -> bool:
    local = moment.astimezone(selectors.SAST)
    if not selectors.is_trading_day(exchange=instrument.exchange, day=local.date(), holidays=holidays):
        return False
    opens, closes = selectors._session(instrument.exchange, local.date())
    return opens <= moment <= closes


def demo_quotes(*, provider: Provider, now: datetime) -> list[QuoteIn]:
    """Return the demo walk's quotes since each instrument's last one (a week of history the first time)."""
    quotes = []
    end = now.replace(second=0, microsecond=0)
    today = end.astimezone(selectors.SAST).date()
    holidays = selectors.holidays_by_exchange(start=today - DEMO_BACKFILL - timedelta(days=1), end=today)
    for instrument in Instrument.objects.filter(provider=provider).select_related("exchange"):
        # The walk writes demo rows only; reading its own last value is not a public read of a price.
        last = Quote.objects.filter(instrument=instrument).order_by("-as_of").values_list("as_of", "value").first()
        start = last[0] if last else end - DEMO_BACKFILL
        start = start - timedelta(seconds=start.timestamp() % DEMO_STEP.total_seconds())
        walk = demo.walk(code=instrument.code, start=start, end=end, step=DEMO_STEP, last=last[1] if last else None)
        own = holidays.get(instrument.exchange_id or 0, set())
        quotes += [q for q in walk if _in_session(instrument, q.as_of, own)]
    return quotes


def provider_refresh(*, provider: Provider, now: datetime) -> int:
    """Fetch and store one provider's new quotes; return how many were stored."""
    if provider.kind == Provider.Kind.ECB:
        data = ecb.download(settings.MARKETS_ECB_DAILY_URL, timeout=settings.MARKETS_FETCH_TIMEOUT)
        quotes = ecb.quotes_from(data)
    elif provider.kind == Provider.Kind.DEMO:
        quotes = demo_quotes(provider=provider, now=now)
    else:
        return 0
    stored = quotes_store(provider=provider, quotes=quotes)
    provider_mark_refreshed(provider=provider, at=now)
    return stored


def refresh_due(*, now: datetime, force: bool = False) -> dict[str, int]:
    """Refresh every polled provider whose interval has passed; one failing provider does not stop the others."""
    results = {}
    for provider in Provider.objects.filter(kind__in=POLLED_KINDS, instruments__is_active=True).distinct():
        due = provider.last_refreshed_at is None or now - provider.last_refreshed_at >= timedelta(
            minutes=provider.refresh_every_minutes
        )
        if not (due or force):
            continue
        try:
            results[provider.slug] = provider_refresh(provider=provider, now=now)
        except ProviderError as exc:
            logger.warning("markets provider %s refresh failed: %s", provider.slug, exc)
            results[provider.slug] = -1
    return results

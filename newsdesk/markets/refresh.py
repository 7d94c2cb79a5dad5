"""Pull fresh quotes from the providers that are polled (the ECB file, the demo walk)."""

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache

from . import selectors
from .models import Instrument, Provider, Quote
from .providers import ProviderError, QuoteIn, demo, ecb
from .services import provider_mark_refreshed, quotes_store

logger = logging.getLogger(__name__)
POLLED_KINDS = [Provider.Kind.ECB, Provider.Kind.DEMO]
DEMO_STEP = timedelta(minutes=5)
DEMO_BACKFILL = timedelta(days=7)
# After a failed fetch the next attempt waits 2, 4, 8, ... minutes, at most an hour: a vendor that is down is not
# asked every minute, and one that is back is asked again within the hour.
BACKOFF_FIRST = timedelta(minutes=2)
BACKOFF_MAX = timedelta(hours=1)
# A failure streak is logged when it starts, then at most this often while it lasts, and once when it ends.
FAILURE_LOG_EVERY = timedelta(hours=1)


def _backoff_key(provider: Provider) -> str:
    return f"markets:refresh-backoff:{provider.pk}"


def backoff_state(provider: Provider) -> dict | None:
    """Return a failing provider's streak (failures, next_attempt, logged_at as timestamps), or None when healthy."""
    # Kept in the cache (Redis in production, so shared by all workers and kept across restarts); losing it only
    # means the next run tries at once and logs the streak as new.
    return cache.get(_backoff_key(provider))


def _record_failure(*, provider: Provider, now: datetime, reason: str) -> None:
    state = backoff_state(provider) or {"failures": 0, "logged_at": None}
    failures = state["failures"] + 1
    delay = min(BACKOFF_FIRST * 2 ** min(failures - 1, 10), BACKOFF_MAX)
    next_attempt = now + delay
    logged_at = state["logged_at"]
    if logged_at is None or now.timestamp() - logged_at >= FAILURE_LOG_EVERY.total_seconds():
        logger.warning(
            "markets provider %s refresh failed (%d in a row): %s; next attempt at %s",
            provider.slug,
            failures,
            reason,
            next_attempt.astimezone(UTC).isoformat(),
        )
        logged_at = now.timestamp()
    new_state = {"failures": failures, "next_attempt": next_attempt.timestamp(), "logged_at": logged_at}
    cache.set(_backoff_key(provider), new_state, timeout=None)


def _record_success(*, provider: Provider) -> None:
    state = backoff_state(provider)
    if state is not None:
        cache.delete(_backoff_key(provider))
        logger.info("markets provider %s refreshed again after %d failures", provider.slug, state["failures"])


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
    """Refresh every polled provider that is due and not backing off; one failing provider does not stop the others."""
    results = {}
    for provider in Provider.objects.filter(kind__in=POLLED_KINDS, instruments__is_active=True).distinct():
        due = provider.last_refreshed_at is None or now - provider.last_refreshed_at >= timedelta(
            minutes=provider.refresh_every_minutes
        )
        state = backoff_state(provider)
        if state is not None and now.timestamp() < state["next_attempt"]:
            due = False
        if not (due or force):
            continue
        try:
            results[provider.slug] = provider_refresh(provider=provider, now=now)
        except ProviderError as exc:
            _record_failure(provider=provider, now=now, reason=str(exc))
            results[provider.slug] = -1
        else:
            _record_success(provider=provider)
    return results

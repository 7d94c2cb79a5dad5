"""Quotes and clocks for market tests. The seed migration provides the eleven instruments."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from newsdesk.markets.models import Instrument, Provider, Quote

SAST = ZoneInfo("Africa/Johannesburg")


def sast(*args: int) -> datetime:
    """Return an aware SAST datetime: sast(2026, 11, 27, 12, 0)."""
    return datetime(*args, tzinfo=SAST)


def add_quote(code: str, as_of: datetime, value: str, source: str = "test") -> Quote:
    return Quote.objects.create(
        instrument=Instrument.objects.get(code=code), as_of=as_of, value=Decimal(value), source=source
    )


def provider(slug: str) -> Provider:
    return Provider.objects.get(slug=slug)

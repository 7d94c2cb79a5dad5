"""Market-data providers behind one small typed interface: each turns a vendor's format into QuoteIn values."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class QuoteIn:
    """One value for an instrument code at a moment, as a provider delivers it."""

    instrument: str
    as_of: datetime
    value: Decimal


class ProviderError(Exception):
    """A provider could not deliver quotes."""


class RetryableProviderError(ProviderError):
    """A transient failure (timeout, 5xx): the next refresh may succeed."""


class TerminalProviderError(ProviderError):
    """The data is unusable (malformed, hostile, unexpected format): retrying the same input will not help."""

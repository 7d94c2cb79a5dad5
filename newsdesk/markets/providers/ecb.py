"""The ECB's euro foreign-exchange reference rates: parse its daily and 90-day XML files, derive Rand crosses.

The ECB publishes how many units of each currency one euro buys. The Rand crosses follow by division:
ZAR per USD = (ZAR per EUR) / (USD per EUR), and ZAR per EUR is the ZAR rate itself.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError  # noqa: S405 - only the exception type; parsing uses defusedxml
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import QuoteIn, RetryableProviderError, TerminalProviderError

ECB_NS = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
GESMES_NS = "http://www.gesmes.org/xml/2002-08-01"
# The rates are set at 14:10 CET and published around 16:00 CET; we date them at publication.
PUBLISHED_AT = time(16, 0)
FRANKFURT = ZoneInfo("Europe/Berlin")
MAX_BYTES = 2_000_000  # the 90-day file is ~40 kB; anything far larger is not what we asked for
CROSS_PLACES = Decimal("0.000001")

# Instrument code -> the currency the Rand is priced against.
RAND_CROSSES = {
    "ZARUSD": "USD",
    "ZARGBP": "GBP",
    "ZAREUR": "EUR",
    "ZARAUD": "AUD",
    "ZARJPY": "JPY",
}


@dataclass(frozen=True)
class EcbDay:
    date: date
    rates: dict[str, Decimal]  # currency -> units per one euro


def parse(data: bytes) -> list[EcbDay]:
    """Return the days in an ECB eurofxref XML document, oldest first; raise TerminalProviderError if it is not one."""
    if len(data) > MAX_BYTES:
        raise TerminalProviderError(f"ECB file is {len(data)} bytes, more than the {MAX_BYTES} expected.")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise TerminalProviderError(f"ECB file refused as hostile XML: {exc.__class__.__name__}.") from None
    except ParseError as exc:
        raise TerminalProviderError(f"ECB file is not well-formed XML: {exc}.") from None
    if root.tag != f"{{{GESMES_NS}}}Envelope":
        raise TerminalProviderError(f"ECB file's root element is {root.tag!r}, not gesmes:Envelope.")
    outer = root.find(f"{{{ECB_NS}}}Cube")
    if outer is None:
        raise TerminalProviderError("ECB file has no Cube element.")
    days = []
    for day_cube in outer.findall(f"{{{ECB_NS}}}Cube"):
        try:
            day = date.fromisoformat(day_cube.get("time", ""))
        except ValueError:
            raise TerminalProviderError(f"ECB Cube has an invalid time {day_cube.get('time')!r}.") from None
        rates: dict[str, Decimal] = {}
        for rate_cube in day_cube.findall(f"{{{ECB_NS}}}Cube"):
            currency, raw = rate_cube.get("currency", ""), rate_cube.get("rate", "")
            try:
                rate = Decimal(raw)
            except InvalidOperation:
                raise TerminalProviderError(f"ECB rate for {currency!r} on {day} is not a number: {raw!r}.") from None
            if len(currency) != 3 or not rate.is_finite() or rate <= 0:
                raise TerminalProviderError(f"ECB rate for {currency!r} on {day} is invalid: {raw!r}.")
            rates[currency] = rate
        days.append(EcbDay(date=day, rates=rates))
    if not days:
        raise TerminalProviderError("ECB file contains no days of rates.")
    return sorted(days, key=lambda d: d.date)


def rand_crosses(day: EcbDay) -> dict[str, Decimal]:
    """Return Rand per unit of each cross currency for one day (instrument code -> value); skip missing currencies."""
    zar = day.rates.get("ZAR")
    if zar is None:
        return {}
    crosses = {}
    for code, currency in RAND_CROSSES.items():
        per_euro = Decimal(1) if currency == "EUR" else day.rates.get(currency)
        if per_euro is not None:
            crosses[code] = (zar / per_euro).quantize(CROSS_PLACES, rounding=ROUND_HALF_EVEN)
    return crosses


def as_of_for(day: date) -> datetime:
    """Return the moment a day's reference rates count as published."""
    return datetime.combine(day, PUBLISHED_AT, tzinfo=FRANKFURT)


def quotes_from(data: bytes) -> list[QuoteIn]:
    """Parse an ECB file and return the Rand crosses of every day in it."""
    return [
        QuoteIn(instrument=code, as_of=as_of_for(day.date), value=value)
        for day in parse(data)
        for code, value in rand_crosses(day).items()
    ]


def download(url: str, *, timeout: float) -> bytes:
    """Fetch an ECB file; raise RetryableProviderError for network trouble."""
    if not url.startswith("https://"):
        raise TerminalProviderError(f"Refusing to fetch ECB rates over a non-HTTPS URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "Newsdesk markets (ECB reference rates)"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https only, checked above
            return response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise RetryableProviderError(f"ECB download failed: {exc}") from None

"""Read back-filled history from CSV: `as_of,value` (with --instrument) or `instrument,as_of,value` columns."""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from . import QuoteIn, TerminalProviderError

SAST = ZoneInfo("Africa/Johannesburg")
CLOSE_OF_DAY = (17, 0)  # a date without a time is that day's close on the JSE clock


def parse_moment(raw: str) -> datetime:
    """Parse an ISO date or date-time; naive values are SAST, a bare date is 17:00 SAST."""
    raw = raw.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime(day.year, day.month, day.day, *CLOSE_OF_DAY, tzinfo=SAST)
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO date or date-time") from None
    return moment.replace(tzinfo=SAST) if moment.tzinfo is None else moment.astimezone(UTC)


def read_rows(lines: Iterator[str], *, instrument: str | None) -> Iterator[tuple[int, QuoteIn]]:
    """Yield (line number, quote) for each data row; raise TerminalProviderError naming the first bad line."""
    reader = csv.DictReader(lines)
    fields = set(reader.fieldnames or [])
    if not {"as_of", "value"} <= fields or (instrument is None and "instrument" not in fields):
        raise TerminalProviderError(
            "CSV needs a header with as_of and value columns, and an instrument column unless --instrument is given."
        )
    for row in reader:
        line = reader.line_num
        try:
            value = Decimal(row["value"].strip())
            as_of = parse_moment(row["as_of"])
        except (InvalidOperation, ValueError, AttributeError) as exc:
            raise TerminalProviderError(f"line {line}: {exc or 'value is not a number'}") from None
        yield line, QuoteIn(instrument=(instrument or row["instrument"]).strip(), as_of=as_of, value=value)

"""Reads for the markets panel. The licensed-delay rule lives here, in display_cutoff, and nowhere else."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.templatetags.static import static
from django.utils.dateparse import parse_datetime

from .models import Exchange, ExchangeHoliday, Instrument, Provider, Quote

SAST = ZoneInfo("Africa/Johannesburg")
SPARKLINE_POINTS = 30
VALUE_PLACES = Decimal("0.000001")  # the stored scale of Quote.value
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 80, 24, 2
GLYPHS = {"up": "▲", "down": "▼", "flat": "◆"}
WORDS = {"up": "up", "down": "down", "flat": "unchanged"}
MINUS = "\u2212"
NO_DATA = "No data yet"
DELAY_NOTE = "All {exchange} data delayed by at least {minutes} minutes"
STALENESS_HORIZON_DAYS = 14


# --- the licensed-delay rule -------------------------------------------------------------------------------------


def display_cutoff(*, instrument: Instrument, now: datetime) -> datetime:
    """Return the newest as-of time the public may see for this instrument at `now`.

    An exchange's licence (the JSE: 15 minutes) forbids showing a price before it is that old; instruments
    without an exchange may show anything up to now, never a future-dated value.
    """
    exchange = instrument.exchange
    delay = exchange.min_display_delay if exchange is not None else timedelta(0)
    return now - delay


def displayable_quotes(*, instrument: Instrument, now: datetime) -> QuerySet[Quote]:
    """Return the quotes of an instrument the public may see at `now`: every page, fragment and API reads these."""
    return Quote.objects.filter(instrument=instrument, as_of__lte=display_cutoff(instrument=instrument, now=now))


@dataclass
class QuoteWindow:
    """What the panel needs of one instrument: recent displayable quotes (newest first) and what is held back."""

    recent: list[tuple[datetime, Decimal]] = field(default_factory=list)
    first_held_back: datetime | None = None
    previous_close: Decimal | None = None


def _from_db(as_of, value) -> tuple[datetime, Decimal]:
    # Raw rows skip the ORM's converters: PostgreSQL already gives datetime/Decimal, SQLite gives text/float.
    if not isinstance(as_of, datetime):
        as_of = parse_datetime(as_of)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    return as_of, value if isinstance(value, Decimal) else Decimal(str(value)).quantize(VALUE_PLACES)


def _union(parts: list[str], params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def quote_windows(*, instruments: list[Instrument], now: datetime) -> dict[int, QuoteWindow]:
    """Return each instrument's QuoteWindow at `now`, in two queries whatever the number of instruments.

    Every branch is an index range scan on (instrument, as_of) bounded by display_cutoff, reading at most
    SPARKLINE_POINTS + 2 rows per instrument, so the cost does not grow with the length of the history.
    """
    windows = {instrument.pk: QuoteWindow() for instrument in instruments}
    if not instruments:
        return windows
    if connection.vendor == "postgresql":
        return _quote_windows_lateral(instruments=instruments, now=now, windows=windows)
    adapt = connection.ops.adapt_datetimefield_value
    table = Quote._meta.db_table
    parts, params = [], []
    for n, instrument in enumerate(instruments):
        cutoff = adapt(display_cutoff(instrument=instrument, now=now))
        parts.append(
            f"SELECT * FROM (SELECT instrument_id, 0 AS kind, as_of, value FROM {table} "  # noqa: S608 - no user input
            f"WHERE instrument_id = %s AND as_of <= %s ORDER BY as_of DESC LIMIT {SPARKLINE_POINTS}) r{n}"
        )
        parts.append(
            f"SELECT * FROM (SELECT instrument_id, 1 AS kind, as_of, value FROM {table} "  # noqa: S608
            f"WHERE instrument_id = %s AND as_of > %s ORDER BY as_of ASC LIMIT 1) h{n}"
        )
        params += [instrument.pk, cutoff, instrument.pk, cutoff]
    for instrument_id, kind, as_of, value in _union(parts, params):
        as_of, value = _from_db(as_of, value)
        if kind == 0:
            windows[instrument_id].recent.append((as_of, value))
        else:
            windows[instrument_id].first_held_back = as_of
    # The previous close: the last displayable value before the SAST day of the latest one.
    parts, params = [], []
    for n, instrument in enumerate(instruments):
        window = windows[instrument.pk]
        if not window.recent:
            continue
        window.recent.sort(key=lambda quote: quote[0], reverse=True)
        day_start = datetime.combine(window.recent[0][0].astimezone(SAST).date(), time(0), tzinfo=SAST)
        parts.append(
            f"SELECT * FROM (SELECT instrument_id, as_of, value FROM {table} "  # noqa: S608
            f"WHERE instrument_id = %s AND as_of < %s ORDER BY as_of DESC LIMIT 1) p{n}"
        )
        params += [instrument.pk, adapt(day_start)]
    if parts:
        for instrument_id, as_of, value in _union(parts, params):
            windows[instrument_id].previous_close = _from_db(as_of, value)[1]
    return windows


# One statement for every instrument: a LATERAL index probe per instrument, planned once (a 22-branch UNION
# costs more to plan than to run). The same cutoffs from display_cutoff bound every branch.
LATERAL_SQL = """
WITH v(id, cutoff) AS (VALUES {values})
SELECT v.id, 0, extract(epoch FROM r.as_of)::float8, r.value FROM v CROSS JOIN LATERAL (
    SELECT as_of, value FROM {table} q WHERE q.instrument_id = v.id AND q.as_of <= v.cutoff
    ORDER BY q.as_of DESC LIMIT {points}) r
UNION ALL
SELECT v.id, 1, extract(epoch FROM h.as_of)::float8, h.value FROM v CROSS JOIN LATERAL (
    SELECT as_of, value FROM {table} q WHERE q.instrument_id = v.id AND q.as_of > v.cutoff
    ORDER BY q.as_of ASC LIMIT 1) h
UNION ALL
SELECT v.id, 2, extract(epoch FROM p.as_of)::float8, p.value FROM v CROSS JOIN LATERAL (
    SELECT as_of FROM {table} q WHERE q.instrument_id = v.id AND q.as_of <= v.cutoff
    ORDER BY q.as_of DESC LIMIT 1) l
CROSS JOIN LATERAL (
    SELECT as_of, value FROM {table} q WHERE q.instrument_id = v.id
    AND q.as_of < (date_trunc('day', l.as_of AT TIME ZONE 'Africa/Johannesburg') AT TIME ZONE 'Africa/Johannesburg')
    ORDER BY q.as_of DESC LIMIT 1) p
"""


def _quote_windows_lateral(
    *, instruments: list[Instrument], now: datetime, windows: dict[int, QuoteWindow]
) -> dict[int, QuoteWindow]:
    values = ", ".join(["(%s::bigint, %s::timestamptz)"] * len(instruments))
    params = []
    for instrument in instruments:
        params += [instrument.pk, display_cutoff(instrument=instrument, now=now)]
    sql = LATERAL_SQL.format(values=values, table=Quote._meta.db_table, points=SPARKLINE_POINTS)
    # Moments come back as epoch seconds: parsing hundreds of timestamp strings costs more than the query.
    for instrument_id, kind, epoch, value in _union([sql], params):
        window = windows[instrument_id]
        if kind == 0:
            window.recent.append((datetime.fromtimestamp(epoch, UTC), value))
        elif kind == 1:
            window.first_held_back = datetime.fromtimestamp(epoch, UTC)
        else:
            window.previous_close = value
    for window in windows.values():
        window.recent.sort(key=lambda quote: quote[0], reverse=True)
    return windows


# --- trading calendar and staleness ------------------------------------------------------------------------------


def holidays_by_exchange(*, start: date, end: date) -> dict[int, set[date]]:
    """Return each exchange's holidays between two dates."""
    found: dict[int, set[date]] = defaultdict(set)
    for exchange_id, day in ExchangeHoliday.objects.filter(date__gte=start, date__lte=end).values_list(
        "exchange_id", "date"
    ):
        found[exchange_id].add(day)
    return found


def is_trading_day(*, exchange: Exchange | None, day: date, holidays: set[date]) -> bool:
    """Return whether the exchange trades on a day (weekdays that are not its holidays)."""
    return day.weekday() < 5 and day not in holidays


def _session(exchange: Exchange | None, day: date) -> tuple[datetime, datetime]:
    opens = exchange.opens_at if exchange is not None and exchange.opens_at else time(0)
    start = datetime.combine(day, opens, tzinfo=SAST)
    if exchange is not None and exchange.closes_at:
        return start, datetime.combine(day, exchange.closes_at, tzinfo=SAST)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=SAST)


def trading_time_between(
    *, exchange: Exchange | None, start: datetime, end: datetime, holidays: set[date]
) -> timedelta:
    """Return how much of [start, end] fell inside the exchange's sessions: a weekend or a night is no silence."""
    first, last = start.astimezone(SAST).date(), end.astimezone(SAST).date()
    if (last - first).days > STALENESS_HORIZON_DAYS:
        return timedelta(days=STALENESS_HORIZON_DAYS)
    total = timedelta(0)
    day = first
    while day <= last:
        if is_trading_day(exchange=exchange, day=day, holidays=holidays):
            opens, closes = _session(exchange, day)
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total


def is_stale(*, instrument: Instrument, newest: datetime | None, now: datetime, holidays: set[date]) -> bool:
    """Return whether the feed has been silent longer than its provider's window, counting trading time only."""
    if newest is None:
        return True
    window = timedelta(minutes=instrument.provider.stale_after_minutes)
    return trading_time_between(exchange=instrument.exchange, start=newest, end=now, holidays=holidays) > window


# --- the panel ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    name: str
    url: str
    logo_url: str
    is_demo: bool


@dataclass(frozen=True)
class PanelRow:
    code: str
    name: str
    unit: str
    value_text: str
    change_text: str
    percent_text: str
    direction: str  # "up", "down", "flat" or "" when there is no previous close
    glyph: str
    direction_word: str
    sparkline_points: str
    sparkline_label: str
    time_label: str
    is_demo: bool
    is_stale: bool
    value: Decimal | None = None
    change: Decimal | None = None
    as_of: datetime | None = None


@dataclass
class PanelGroup:
    label: str
    rows: list[PanelRow] = field(default_factory=list)


@dataclass
class Panel:
    groups: list[PanelGroup]
    delay_notes: list[str]
    attributions: list[Attribution]
    stale_codes: list[str]
    valid_until: datetime

    @property
    def rows(self) -> list[PanelRow]:
        return [row for group in self.groups for row in group.rows]


def format_value(value: Decimal, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace("-", MINUS)


def _signed(value: Decimal, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


def sparkline(values: list[Decimal]) -> str:
    """Return SVG polyline points for values (oldest first), scaled into the sparkline's box."""
    if not values:
        return ""
    floats = [float(value) for value in values]  # drawing needs no exact decimals, and floats are much cheaper
    low, high = min(floats), max(floats)
    span = high - low
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(floats) - 1, 1)
    inner = SPARK_HEIGHT - 2 * SPARK_PAD
    bottom = SPARK_HEIGHT - SPARK_PAD
    return " ".join(
        f"{SPARK_PAD + i * step:.1f},{bottom - ((value - low) / span if span else 0.5) * inner:.1f}"
        for i, value in enumerate(floats)
    )


def time_label(*, instrument: Instrument, as_of: datetime, now: datetime, stale: bool) -> str:
    """Return how the panel dates a value: a reference-rate date, a last close, or 'as at HH:MM SAST'."""
    local = as_of.astimezone(SAST)
    if instrument.provider.is_daily_reference:
        return f"ECB reference rate, {local.day} {local:%b}"
    if stale:
        return f"Last update {local:%a} {local.day} {local:%b} {local:%H:%M} SAST"
    if local.date() < now.astimezone(SAST).date():
        return f"Last close, {local:%a} {local.day} {local:%b}"
    return f"as at {local:%H:%M} SAST"


def _attribution(provider: Provider) -> Attribution:
    if provider.logo_id:
        logo_url = provider.logo.file.url
    elif provider.logo_static:
        logo_url = static(provider.logo_static)
    else:
        logo_url = ""
    return Attribution(name=provider.name, url=provider.attribution_url, logo_url=logo_url, is_demo=provider.is_demo)


def _row(
    *, instrument: Instrument, window: QuoteWindow, now: datetime, holidays: set[date]
) -> tuple[PanelRow, datetime | None]:
    """Return one panel row and when a held-back quote of it becomes displayable."""
    recent = window.recent
    delay = now - display_cutoff(instrument=instrument, now=now)
    reveal = window.first_held_back + delay if window.first_held_back else None
    demo = instrument.provider.is_demo
    if not recent:
        empty = PanelRow(
            code=instrument.code,
            name=instrument.name,
            unit=instrument.unit,
            value_text=NO_DATA,
            change_text="",
            percent_text="",
            direction="",
            glyph="",
            direction_word="",
            sparkline_points="",
            sparkline_label="",
            time_label="",
            is_demo=demo,
            is_stale=True,
        )
        return empty, reveal
    as_of, value = recent[0]
    # A quote held back by the delay is newer than anything shown, so the feed itself is not silent.
    newest = max(as_of, window.first_held_back) if window.first_held_back else as_of
    stale = is_stale(instrument=instrument, newest=newest, now=now, holidays=holidays)
    previous_close = window.previous_close
    decimals = instrument.decimals
    change_text = percent_text = direction = ""
    change = None
    if previous_close:
        change = (value - previous_close).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        percent = (change / previous_close * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        direction = "up" if change > 0 else "down" if change < 0 else "flat"
        change_text = _signed(change, decimals)
        percent_text = f"{_signed(percent, 2)}%"
    history = [v for _, v in reversed(recent)]
    trend = "rising" if history[-1] > history[0] else "falling" if history[-1] < history[0] else "flat"
    row = PanelRow(
        code=instrument.code,
        name=instrument.name,
        unit=instrument.unit,
        value_text=format_value(value, decimals),
        change_text=change_text,
        percent_text=percent_text,
        direction=direction,
        glyph=GLYPHS.get(direction, ""),
        direction_word=WORDS.get(direction, ""),
        sparkline_points=sparkline(history),
        sparkline_label=f"Trend over the last {len(history)} readings: {trend}",
        time_label=time_label(instrument=instrument, as_of=as_of, now=now, stale=stale),
        is_demo=demo,
        is_stale=stale,
        value=value,
        change=change,
        as_of=as_of,
    )
    return row, reveal


def active_instruments() -> list[Instrument]:
    """Return the instruments the panel shows, in panel order, with what their rows need already joined."""
    return list(
        Instrument.objects.filter(is_active=True).select_related("exchange", "provider").order_by("order", "code")
    )


def markets_panel(*, now: datetime) -> Panel:
    """Return the panel as the public may see it at `now`, and until when that stays true."""
    instruments = active_instruments()
    today = now.astimezone(SAST).date()
    holidays = holidays_by_exchange(start=today - timedelta(days=STALENESS_HORIZON_DAYS), end=today)
    valid_until = now + timedelta(seconds=settings.MARKETS_PANEL_MAX_AGE)
    groups: dict[str, PanelGroup] = {}
    delay_notes: dict[str, str] = {}
    attributions: dict[int, Attribution] = {}
    stale_codes = []
    windows = quote_windows(instruments=instruments, now=now)
    for instrument in instruments:
        row, reveal = _row(
            instrument=instrument,
            window=windows[instrument.pk],
            now=now,
            holidays=holidays.get(instrument.exchange_id or 0, set()),
        )
        if reveal is not None:
            valid_until = min(valid_until, reveal)
        groups.setdefault(instrument.group, PanelGroup(label=instrument.get_group_display())).rows.append(row)
        exchange = instrument.exchange
        if exchange is not None and exchange.min_display_delay_minutes:
            delay_notes[exchange.code] = DELAY_NOTE.format(
                exchange=exchange.code, minutes=exchange.min_display_delay_minutes
            )
        attributions.setdefault(instrument.provider_id, _attribution(instrument.provider))
        if row.is_stale:
            stale_codes.append(instrument.code)
    return Panel(
        groups=list(groups.values()),
        delay_notes=list(delay_notes.values()),
        attributions=list(attributions.values()),
        stale_codes=stale_codes,
        valid_until=valid_until,
    )


def stale_instruments(*, now: datetime) -> list[tuple[Instrument, datetime | None]]:
    """Return the active instruments whose feed is stale, with the time of their newest stored quote."""
    today = now.astimezone(SAST).date()
    holidays = holidays_by_exchange(start=today - timedelta(days=STALENESS_HORIZON_DAYS), end=today)
    stale = []
    for instrument in active_instruments():
        newest = (
            Quote.objects.filter(instrument=instrument, as_of__lte=now)
            .order_by("-as_of")
            .values_list("as_of", flat=True)
            .first()
        )
        if is_stale(
            instrument=instrument, newest=newest, now=now, holidays=holidays.get(instrument.exchange_id or 0, set())
        ):
            stale.append((instrument, newest))
    return stale

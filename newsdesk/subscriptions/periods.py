"""Calendar periods: monthly and annual periods counted from an anchor instant."""

import calendar
from datetime import datetime
from zoneinfo import ZoneInfo

# Periods follow the newsroom's calendar (SAST has no daylight saving, so a day is always 24 hours).
LOCAL_TZ = ZoneInfo("Africa/Johannesburg")


def add_months(anchor: datetime, months: int) -> datetime:
    """Return the anchor moved by whole calendar months, the day clamped to the month's end (31 Jan + 1 -> 28/29 Feb).

    Always count from the anchor, never from the previous period's end, so a 31st anchor returns to the 31st
    (31 Jan, 28 Feb, 31 Mar) instead of drifting to the 28th.
    """
    if anchor.tzinfo is None:
        raise ValueError("add_months needs an aware datetime")
    local = anchor.astimezone(LOCAL_TZ)
    month_index = local.year * 12 + (local.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(anchor.tzinfo)


def period_bounds(*, anchor: datetime, months_per_period: int, index: int) -> tuple[datetime, datetime]:
    """Return the start and end of the index-th period (0-based) after the anchor."""
    return add_months(anchor, months_per_period * index), add_months(anchor, months_per_period * (index + 1))

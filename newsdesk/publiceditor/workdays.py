"""Working days in South Africa: weekdays that are not public holidays."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ZA", years=year))


def is_working_day(day: date) -> bool:
    """Return whether a day is a South African working day."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """Return the working day `days` working days after `start` (a weekend receipt counts from the next one)."""
    current = start
    remaining = days
    while remaining > 0 or not is_working_day(current):
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_late(due: date, today: date) -> int:
    """Return how many working days after its due date `today` is (0 when not late)."""
    late = 0
    current = due
    while current < today:
        current += timedelta(days=1)
        if is_working_day(current):
            late += 1
    return late

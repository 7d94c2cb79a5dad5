"""The newsroom's day (midnight to midnight in TIME_ZONE, SAST by default) and the hours counts are kept in."""

import datetime as dt

from django.utils import timezone


def newsroom_day(at: dt.datetime) -> dt.date:
    """Return the newsroom's date at a moment."""
    return timezone.localtime(at).date()


def day_start(day: dt.date) -> dt.datetime:
    """Return the moment a newsroom day begins, as an aware time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def next_midnight(at: dt.datetime) -> dt.datetime:
    """Return the end of the newsroom day at a moment: when its salt is destroyed."""
    return day_start(newsroom_day(at) + dt.timedelta(days=1))


def hour_of(at: dt.datetime) -> dt.datetime:
    """Return the UTC hour a moment falls in."""
    return at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)

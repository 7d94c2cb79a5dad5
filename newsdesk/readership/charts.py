"""A story's last 24 hours as a small server-drawn SVG bar chart (no JavaScript, no library)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WIDTH, HEIGHT, TOP = 240, 48, 4


@dataclass(frozen=True)
class HourBar:
    label: str  # the hour in SAST and its views, for the bar's tooltip
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class HourChart:
    width: int
    height: int
    bar_width: float
    peak: int
    total: int
    bars: list[HourBar]


def hour_chart(series: list[tuple[dt.datetime, int]]) -> HourChart:
    """Return the geometry of a 24-bar chart of hourly views; the template draws it."""
    peak = max([views for _, views in series] + [1])
    slot = WIDTH / max(len(series), 1)
    bars = []
    for i, (hour, views) in enumerate(series):
        height = (HEIGHT - TOP) * views / peak
        label = f"{timezone.localtime(hour):%H:00}: {views} views"
        bars.append(HourBar(label, round(i * slot + 1, 1), round(HEIGHT - height, 1), round(height, 1)))
    return HourChart(WIDTH, HEIGHT, round(slot - 2, 1), peak, sum(v for _, v in series), bars)

"""A server-rendered SVG bar chart of votes per hour, for the editor's results view."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 720
HEIGHT = 200
MARGIN = 24


def votes_per_hour_svg(series: list[tuple[datetime, int]]) -> SafeString:
    """Return an accessible SVG bar chart of (hour, votes) pairs; each bar carries its figure as a title."""
    peak = max((n for _, n in series), default=0) or 1
    slot = (WIDTH - 2 * MARGIN) / max(len(series), 1)
    bars = []
    for index, (hour, count) in enumerate(series):
        height = (HEIGHT - 2 * MARGIN) * count / peak
        local = timezone.localtime(hour)
        bars.append(
            (
                f"{MARGIN + index * slot + 1:.1f}",
                f"{HEIGHT - MARGIN - height:.1f}",
                f"{max(slot - 2, 1):.1f}",
                f"{height:.1f}",
                f"{local:%d %b %H:00 %Z}: {count:,} votes",
            )
        )
    rects = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#1a4d8f"><title>{}</title></rect>', bars
    )
    first = timezone.localtime(series[0][0]).strftime("%d %b %H:00") if series else ""
    last = timezone.localtime(series[-1][0]).strftime("%d %b %H:00") if series else ""
    return format_html(
        '<svg role="img" aria-labelledby="votes-chart-title" viewBox="0 0 {w} {h}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title id="votes-chart-title">Votes per hour, {first} to {last} {zone}; '
        "peak {peak} votes in an hour</title>"
        '<line x1="{m}" y1="{base}" x2="{right}" y2="{base}" stroke="#333"/>{rects}'
        '<text x="{m}" y="{label_y}" font-size="11" fill="#333">{first}</text>'
        '<text x="{right}" y="{label_y}" font-size="11" fill="#333" text-anchor="end">{last}</text>'
        '<text x="{m}" y="14" font-size="11" fill="#333">peak {peak}</text></svg>',
        w=WIDTH,
        h=HEIGHT,
        first=first,
        last=last,
        zone=timezone.localtime().tzname(),
        peak=f"{peak:,}",
        m=MARGIN,
        base=HEIGHT - MARGIN,
        right=WIDTH - MARGIN,
        rects=rects,
        label_y=HEIGHT - 6,
    )

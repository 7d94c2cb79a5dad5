"""Server-rendered SVG bar charts for the accountability page (no JavaScript, no library)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    height: float
    label_x: float


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    bar_width: float
    baseline: float
    maximum: float
    bars: list[Bar]


def bar_chart(points: list[tuple[str, float]], *, title: str, maximum: float | None = None) -> BarChart:
    """Return the geometry of a bar chart; the template draws it and labels every bar with its value."""
    width, height, top, bottom, left = 720, 240, 24, 40, 8
    top_value = maximum or max([value for _, value in points] + [1])
    slot = (width - left) / max(len(points), 1)
    bar_width = slot * 0.6
    plot = height - top - bottom
    bars = []
    for i, (label, value) in enumerate(points):
        bar_height = plot * (value / top_value) if top_value else 0
        x = left + i * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 1),
                y=round(height - bottom - bar_height, 1),
                height=round(bar_height, 1),
                label_x=round(x + bar_width / 2, 1),
            )
        )
    return BarChart(title, width, height, round(bar_width, 1), height - bottom, top_value, bars)

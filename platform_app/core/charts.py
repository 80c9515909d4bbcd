"""Small line charts drawn on the server as SVG: no script, nothing fetched, readable as a table too."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    label: str
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[Point]
    maximum: int

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def line_chart(
    series: list[tuple[str, int]], *, width: int = 320, height: int = 120, pad: int = 18
) -> LineChart | None:
    """Coordinates for `series` [(label, value)] in a width x height box; None under two points."""
    series = [(label, value) for label, value in series if value is not None]
    if len(series) < 2:
        return None
    top = max(value for _, value in series) or 1
    step = (width - 2 * pad) / (len(series) - 1)
    points = [
        Point(label, value, pad + i * step, height - pad - (value / top) * (height - 2 * pad))
        for i, (label, value) in enumerate(series)
    ]
    return LineChart(width, height, points, top)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_height: int
    label_width: int
    bars: list[Bar]
    maximum: int


def bar_chart(
    rows: list[tuple[str, int]], *, width: int = 320, bar_height: int = 18, gap: int = 6, label_width: int = 120
) -> BarChart | None:
    """Horizontal bars for `rows` [(label, value)], one under the other; None when there is no row."""
    rows = [(label, value) for label, value in rows if value is not None]
    if not rows:
        return None
    top = max(value for _, value in rows) or 1
    room = width - label_width - 40  # the value is written after its bar
    bars = [
        Bar(label, value, gap + i * (bar_height + gap), max(1.0, room * value / top) if value else 0.0)
        for i, (label, value) in enumerate(rows)
    ]
    return BarChart(width, gap + len(rows) * (bar_height + gap), bar_height, label_width, bars, top)

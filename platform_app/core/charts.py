"""Small charts drawn on the server as SVG: no script, nothing fetched, readable as a table too.

A chart is a list of shapes and texts in a `width` x `height` box (its viewBox), which the page scales to
its column. Every value is written out: each bar's at its end, the first and last point of a trend line
beside them and the axis's values at its ticks. Texts are never cut: their widths are estimated
(`text_width`, on the generous side), long labels are wrapped between words, and when a word or a value
still does not fit, the box is widened rather than the text shortened. Right to left (`rtl`), a chart is
drawn mirrored: labels on the right, bars and time running leftwards. The SVG itself is always laid out
left to right (the template sets `direction="ltr"`), so that "start" and "end" below mean left and right.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from platform_app.core.l10n import figure

# The size of the charts' texts in the box's units (the template sets it on the SVG, which the texts
# inherit), and the height of a line of a wrapped label.
FONT_SIZE = 12
LINE_HEIGHT = 15

# Widths of characters in ems, as wide as the common sans-serif fonts draw them or wider: DejaVu Sans, the
# widest of those the platform's machines fall back on, measured in Chromium (its Arabic and Cyrillic letters
# are wider than its Latin ones, and bold digits wider than plain ones).
_NARROW = set(" \xa0\u202f.,:;'!|()[]ijlItf\u060c")
_WIDE = set("mwMW@%\u2014")


def _char_width(char: str) -> float:
    if char in _NARROW:
        return 0.34
    if char in _WIDE:
        return 0.95
    if char.isdigit():
        return 0.72
    code = ord(char)
    if unicodedata.category(char).startswith("M"):
        return 0.0  # a combining mark sits on the letter before it
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF:  # Arabic
        return 0.74
    if 0x0400 <= code <= 0x052F:  # Cyrillic
        return 0.7
    if char.isupper():
        return 0.76
    return 0.64


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width `text` takes at `size`, estimated on the generous side (no font metrics on the server)."""
    return sum(_char_width(char) for char in text) * size


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """`text` in lines no wider than `width`, broken between words only (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class Text:
    """A text at (x, y), its baseline; `anchor` says which of its ends is at x (start: left, end: right)."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    kind: str = ""  # a class for the page's style: "value", "tick" or "label"

    @property
    def left(self) -> float:
        return self.x - (text_width(self.text) if self.anchor == "end" else 0)

    @property
    def right(self) -> float:
        return self.x + (text_width(self.text) if self.anchor == "start" else 0)


@dataclass(frozen=True)
class Rule:
    """A straight line: an axis or a grid line."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = "gridline"


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
    texts: list[Text] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    font_size: int = FONT_SIZE

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


class _Mirror:
    """Coordinates in a box `width` wide, mirrored when right to left."""

    def __init__(self, width: float, rtl: bool):
        self.width, self.rtl = width, rtl

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def anchor(self, anchor: str) -> str:
        if not self.rtl:
            return anchor
        return "end" if anchor == "start" else "start"

    def text(self, x: float, y: float, text: str, anchor: str, kind: str) -> Text:
        return Text(round(self.x(x), 1), round(y, 1), text, self.anchor(anchor), kind)


def nice_ticks(top: int, intervals: int = 3) -> list[int]:
    """Round values from 0 up to at least `top`: 0, 500, 1,000, 1,500 for 1,234."""
    if top <= 0:
        return [0, 1]
    raw = top / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, math.ceil(step)) if step >= 1 else 1
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]


def _clear_of_line(text: str, x: float, y: float, nx: float, ny: float, side: int, bottom: float):
    """Where the value of an end point (x, y) is written inside the plot: above it, else below it, else beside
    it (towards the inside, `side` +1 to the right, -1 to the left), the first place whose box stays between
    the top and the axis (`bottom`) and clear of the line to the neighbouring point (nx, ny). Answers the
    baseline's (x, y), or None when no place is clear."""
    width = text_width(text)
    places = [(x, y - 6), (x, y + 6 + FONT_SIZE * 0.8), (x + side * 6, y + FONT_SIZE * 0.35)]
    for px, py in places:
        left = px if side > 0 else px - width
        top, low = py - FONT_SIZE * 0.8 - 1, py + FONT_SIZE * 0.25 + 1
        if top < 0 or low > bottom:
            continue
        crossed = any(
            left - 1 <= x + (nx - x) * t / 20 <= left + width + 1 and top <= y + (ny - y) * t / 20 <= low
            for t in range(21)
        )
        if not crossed:
            return px, py
    return None


def line_chart(
    series: list[tuple[str, int]], *, width: int = 320, height: int = 150, rtl: bool = False
) -> LineChart | None:
    """A trend line for `series` [(label, value)], oldest first, on an axis from 0 with its values written
    at the ticks, the first and last values beside their points and the first and last labels under them;
    None under two points. A value that finds no place inside the plot clear of the line is written outside
    it, before the first point or after the last, in room the chart makes for it."""
    series = [(label, value) for label, value in series if value is not None]
    if len(series) < 2:
        return None
    chart, crowded = _line_chart(series, width, height, rtl, outside=())
    return _line_chart(series, width, height, rtl, outside=crowded)[0] if crowded else chart


def _line_chart(series, width: int, height: int, rtl: bool, outside: tuple[str, ...]) -> tuple[LineChart, tuple]:
    """The chart, writing the values of the ends named in `outside` ("first", "last") outside the plot; and
    the ends whose values found no clear place inside it."""
    top = max(value for _, value in series)
    ticks = nice_ticks(top)
    scale_top = ticks[-1]
    tick_texts = [figure(tick) for tick in ticks]
    gutter = math.ceil(max(text_width(text) for text in tick_texts)) + 8
    first_label, last_label = series[0][0], series[-1][0]
    first_value, last_value = figure(series[0][1]), figure(series[-1][1])
    before = math.ceil(text_width(first_value)) + 8 if "first" in outside else 0
    after = math.ceil(text_width(last_value)) + 8 if "last" in outside else 0
    right_pad = 6
    # The plot must hold the first and the last labels and values side by side: widen it when they do not fit.
    needed = (
        max(text_width(first_label) + text_width(last_label), text_width(first_value) + text_width(last_value)) + 12
    )
    width = max(width, math.ceil(gutter + needed + right_pad)) + before + after
    top_pad, bottom_pad = 18, 20
    start, end = gutter + before, width - right_pad - after
    plot_height = height - top_pad - bottom_pad
    bottom = top_pad + plot_height
    mirror = _Mirror(width, rtl)
    step = (end - start) / (len(series) - 1)

    def y_of(value: int) -> float:
        return top_pad + plot_height - (value / scale_top) * plot_height

    points = [
        Point(label, value, round(mirror.x(start + i * step), 1), round(y_of(value), 1))
        for i, (label, value) in enumerate(series)
    ]
    rules, texts = [], []
    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        rules.append(Rule(mirror.x(gutter), y, mirror.x(width - right_pad), y, "axis" if tick == 0 else "gridline"))
        texts.append(mirror.text(gutter - 4, y + 4, text, "end", "tick"))
    first, second, before_last, last = series[0][1], series[1][1], series[-2][1], series[-1][1]
    crowded = []
    if "first" in outside:
        texts.append(mirror.text(start - 6, y_of(first) + FONT_SIZE * 0.35, first_value, "end", "value"))
    elif place := _clear_of_line(first_value, start, y_of(first), start + step, y_of(second), 1, bottom):
        texts.append(mirror.text(*place, first_value, "start", "value"))
    else:
        crowded.append("first")
    if "last" in outside:
        texts.append(mirror.text(end + 6, y_of(last) + FONT_SIZE * 0.35, last_value, "start", "value"))
    elif place := _clear_of_line(last_value, end, y_of(last), end - step, y_of(before_last), -1, bottom):
        texts.append(mirror.text(*place, last_value, "end", "value"))
    else:
        crowded.append("last")
    texts.append(mirror.text(gutter, height - 4, first_label, "start", "label"))
    texts.append(mirror.text(width - right_pad, height - 4, last_label, "end", "label"))
    return LineChart(width, height, points, top, texts, rules), tuple(crowded)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
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
    texts: list[Text] = field(default_factory=list)
    font_size: int = FONT_SIZE


def bar_chart(
    rows: list[tuple[str, int]],
    *,
    width: int = 320,
    bar_height: int = 16,
    gap: int = 8,
    rtl: bool = False,
) -> BarChart | None:
    """Horizontal bars for `rows` [(label, value)], one under the other, each with its label beside it
    (wrapped between words when long) and its value at its end; None when there is no row."""
    rows = [(str(label), value) for label, value in rows if value is not None]
    if not rows:
        return None
    top = max(value for _, value in rows) or 1
    values = [figure(value) for _, value in rows]
    value_width = max(text_width(text) for text in values)
    # Labels take up to two fifths of the box, or their longest word if that is longer: a word is never cut.
    longest_word = max(text_width(word) for label, _ in rows for word in (label.split() or [""]))
    label_width = math.ceil(max(min(max(text_width(label) for label, _ in rows), width * 0.4), longest_word))
    smallest_bar = 40
    width = max(width, math.ceil(label_width + 8 + smallest_bar + 4 + value_width + 2))
    mirror = _Mirror(width, rtl)
    start = label_width + 8
    room = width - start - 4 - value_width - 2
    bars, texts = [], []
    y = gap / 2
    for (label, value), text in zip(rows, values, strict=True):
        lines = wrap(label, label_width)
        row_height = max(bar_height, len(lines) * LINE_HEIGHT)
        bar_y = y + (row_height - bar_height) / 2
        length = max(1.0, room * value / top) if value else 0.0
        bars.append(
            Bar(label, value, round(mirror.x(start + length) if rtl else start, 1), round(bar_y, 1), round(length, 1))
        )
        first_baseline = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 3
        for n, line in enumerate(lines):
            texts.append(mirror.text(label_width, first_baseline + n * LINE_HEIGHT, line, "end", "label"))
        texts.append(mirror.text(start + length + 4, bar_y + bar_height - 4, text, "start", "value"))
        y += row_height + gap
    return BarChart(width, math.ceil(y - gap / 2), bar_height, label_width, bars, top, texts)

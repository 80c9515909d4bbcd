"""The server's charts write their values and never cut a label, left to right and right to left."""

from __future__ import annotations

import pytest
from django.utils import translation

from platform_app.core.charts import bar_chart, line_chart, nice_ticks, text_width, wrap

TREND = [("Jun 2022", 812), ("Dec 2023", 1004), ("Jun 2025", 1050), ("Jul 2031", 1234)]
THEMES = [
    ("Preventing and countering violent extremism conducive to terrorism", 12),
    ("Border management and law enforcement", 7),
    ("Victims", 1),
    ("Internationalisation-of-counter-terrorism-cooperation-frameworks", 3),
]


def inside(chart) -> list[str]:
    """The texts of `chart` that reach past its box."""
    return [t.text for t in chart.texts if t.left < -0.01 or t.right > chart.width + 0.01]


@pytest.mark.parametrize("rtl", [False, True])
def test_a_trend_writes_its_first_and_last_values_and_its_axis(rtl):
    chart = line_chart(TREND, rtl=rtl)
    values = [t.text for t in chart.texts if t.kind == "value"]
    assert values == ["812", "1,234"]
    assert [t.text for t in chart.texts if t.kind == "tick"] == ["0", "500", "1,000", "1,500"]
    assert [t.text for t in chart.texts if t.kind == "label"] == ["Jun 2022", "Jul 2031"]
    assert inside(chart) == []
    first, last = chart.points[0], chart.points[-1]
    assert (first.x < last.x) != rtl  # right to left, time runs leftwards


def test_a_trend_is_widened_rather_than_its_labels_overlapping():
    long = [("Septembre 2022", 1_234_567), ("Décembre 2031", 9_876_543)]
    chart = line_chart(long, width=120)
    assert chart.width > 120
    assert inside(chart) == []
    start, end = [t for t in chart.texts if t.kind == "label"]
    assert start.right < end.left


def test_a_trend_needs_two_points():
    assert line_chart([("Jun 2025", 1)]) is None
    assert line_chart([("Jun 2025", 1), ("Jul 2025", None)]) is None


@pytest.mark.parametrize("rtl", [False, True])
def test_each_bar_writes_its_value_and_its_whole_label(rtl):
    chart = bar_chart(THEMES, rtl=rtl)
    assert [t.text for t in chart.texts if t.kind == "value"] == ["12", "7", "1", "3"]
    labels = " ".join(t.text for t in chart.texts if t.kind == "label")
    assert labels == " ".join(label for label, _value in THEMES)  # wrapped between words, never shortened
    assert inside(chart) == []
    for text in chart.texts:
        if text.kind == "label":
            assert text_width(text.text) <= chart.label_width or " " not in text.text
    for bar in chart.bars:  # the bars stay between the labels and the values
        assert bar.x >= 0 and bar.x + bar.width <= chart.width
        if rtl:
            assert bar.x + bar.width <= chart.width - chart.label_width
        else:
            assert bar.x >= chart.label_width


def test_a_long_label_takes_several_lines_and_its_row_grows():
    chart = bar_chart(THEMES[:2])
    lines = [t for t in chart.texts if t.kind == "label"]
    assert len(lines) > 2
    assert chart.height >= len(lines) * 15


def test_a_word_longer_than_the_label_column_widens_the_chart():
    word = "Internationalisation-of-counter-terrorism-cooperation-frameworks"
    chart = bar_chart([(word, 3)], width=200)
    assert chart.width > 200 and chart.label_width >= text_width(word)
    assert inside(chart) == []


def test_values_are_written_in_the_readers_language():
    with translation.override("fr"):
        chart = bar_chart([("Victimes", 12345)])
    value = next(t.text for t in chart.texts if t.kind == "value")
    assert value != "12345" and value.replace("\u202f", "").replace("\xa0", "").replace(" ", "") == "12345"


def test_wrapping_breaks_between_words_only():
    assert wrap("Border management and law enforcement", text_width("Border management")) == [
        "Border management",
        "and law",
        "enforcement",
    ]
    assert wrap("Supercalifragilistic", 10) == ["Supercalifragilistic"]


def test_arabic_and_chinese_labels_are_measured_too():
    assert text_width("الحدود") > 0
    assert text_width("边境管理") >= 4 * 12


def test_ticks_are_round_values_up_to_the_top():
    assert nice_ticks(1234) == [0, 500, 1000, 1500]
    assert nice_ticks(2) == [0, 1, 2]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(46) == [0, 20, 40, 60]


@pytest.mark.parametrize(
    "series",
    [
        [("Jun 2022", 936), ("Dec 2025", 1050), ("Dec 2026", 105)],  # a fall to the end
        [("Jun 2022", 10), ("Dec 2025", 900), ("Dec 2026", 950)],  # a rise from the start
        [("Jun 2022", 46), ("Dec 2026", 46)],  # flat
    ],
)
@pytest.mark.parametrize("rtl", [False, True])
def test_the_end_values_stay_clear_of_the_line(series, rtl):
    chart = line_chart(series, rtl=rtl)
    first, last = (t for t in chart.texts if t.kind == "value")
    ends = ((first, chart.points[0], chart.points[1]), (last, chart.points[-1], chart.points[-2]))
    for text, point, neighbour in ends:
        top, low = text.y - 12 * 0.8, text.y + 12 * 0.25
        for step in range(1, 21):  # the segment, its end point left out (the value sits beside it)
            x = point.x + (neighbour.x - point.x) * step / 20
            y = point.y + (neighbour.y - point.y) * step / 20
            assert not (text.left <= x <= text.right and top <= y <= low), (text.text, x, y)
    assert inside(chart) == []

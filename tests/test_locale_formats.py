# ruff: noqa: RUF001  -- dates in Russian and Arabic, between en dashes, are what is tested
"""Numbers and dates in the reader's language: one way to write a figure (`figure`, `|figure`) and one to
write a date (`date_text`, `|local_date`, `{% when %}`), following CLDR with Latin digits in each of the six
official languages; the dashboard's axes, labels and figures in the reader's language; and templates that
write figures and dates no other way."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format_modules, number_format

from platform_app.calendar.when import when
from platform_app.core.l10n import DATE_STYLES, date_pattern, date_text, figure
from platform_app.metrics.models import MetricSnapshot
from platform_app.structure.models import ThematicArea
from platform_app.support.models import SupportRequest

SIX = ("en", "fr", "es", "ru", "zh-hans", "ar")
NNBSP, NBSP = "\u202f", "\xa0"

# How each language writes 3670, 407000 and 1234567.5 (CLDR, Latin digits).
FIGURES = {
    "en": ("3,670", "407,000", "1,234,567.5"),
    "fr": (f"3{NNBSP}670", f"407{NNBSP}000", f"1{NNBSP}234{NNBSP}567,5"),
    "es": ("3670", "407.000", "1.234.567,5"),  # CLDR groups Spanish numbers from five digits
    "ru": (f"3{NBSP}670", f"407{NBSP}000", f"1{NBSP}234{NBSP}567,5"),
    "zh-hans": ("3,670", "407,000", "1,234,567.5"),  # by thousands, not Django's ten thousands
    "ar": ("3,670", "407,000", "1,234,567.5"),
}


@pytest.mark.parametrize("language", SIX)
def test_figures_are_grouped_as_cldr_writes_them_in_each_language(language):
    with translation.override(language):
        written = (figure(3670), figure(407000), figure(Decimal("1234567.5"), 1))
    assert written == FIGURES[language]


@pytest.mark.parametrize("language", SIX)
def test_figures_agree_with_babel_cldr_data(language):
    numbers = pytest.importorskip("babel.numbers")
    locale = translation.to_locale(language)
    for value in (12345, 407000, 1234567, -98765, Decimal("40700.25")):
        with translation.override(language):
            ours = figure(value, 2 if isinstance(value, Decimal) else 0)
        assert ours == numbers.format_decimal(value, locale=locale, numbering_system="latn"), (language, value)


def test_a_figure_rounds_half_up_and_writes_nothing_for_nothing():
    with translation.override("en"):
        assert figure(20.25, 1) == "20.3"
        assert figure(Decimal("407000.49")) == "407,000"
        assert figure("1234.5", 1) == "1,234.5"
        assert figure(None) == ""
        assert figure("n/a") == "n/a"
    with translation.override("ar"):
        assert figure(20.25, 1) == "20.3"  # Arabic writes a decimal point with Latin digits, not a comma


def test_djangos_own_number_formatting_reads_the_projects_format_modules():
    """The admin and forms format numbers with Django's functions: they group Arabic and Chinese figures too."""
    with translation.override("ar"):
        assert number_format(407000, force_grouping=True) == "407,000"
        assert number_format(Decimal("12.5"), 1) == "12.5"
    with translation.override("zh-hans"):
        assert number_format(407000, force_grouping=True) == "407,000"


# June and July, the months Django's "M" cuts alike in French ("Jui").
JUNE, JULY = date(2025, 6, 4), date(2025, 7, 4)
DAYS = {
    "en": ("4 Jun 2025", "4 June 2025", "Wednesday 4 June 2025", "Jun 2025"),
    "fr": ("4 juin 2025", "4 juin 2025", "mercredi 4 juin 2025", "juin 2025"),
    "es": ("4 jun 2025", "4 de junio de 2025", "miércoles, 4 de junio de 2025", "jun 2025"),
    "ru": ("4 июня 2025", "4 июня 2025", "Среда, 4 июня 2025", "Июнь 2025"),
    "zh-hans": ("2025年6月4日", "2025年6月4日", "2025年6月4日星期三", "2025年6月"),
    "ar": ("4 يونيو 2025", "4 يونيو 2025", "الأربعاء، 4 يونيو 2025", "يونيو 2025"),
}


@pytest.mark.parametrize("language", SIX)
def test_dates_take_the_order_and_month_names_of_the_readers_language(language):
    with translation.override(language):
        written = tuple(date_text(JUNE, style) for style in ("day", "date", "weekday", "month_short"))
        assert date_text(JUNE, "month_short") != date_text(JULY, "month_short")
    assert written == DAYS[language]


@pytest.mark.parametrize("language", [code for code, _name in settings.UN_LANGUAGES])
def test_every_official_language_has_a_pattern_for_every_date_style(language):
    """A language added to the settings gets its own patterns, not English ones in its words."""
    modules = get_format_modules(language) if translation.check_for_language(language) else []
    own = next((m.DATE_STYLES for m in modules if hasattr(m, "DATE_STYLES")), None)
    assert own is not None and set(own) == set(DATE_STYLES), language
    with translation.override(language):
        assert [date_pattern(style) for style in DATE_STYLES] == [own[style] for style in DATE_STYLES]


def test_a_style_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        date_pattern("j M Y")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "4 Jun 2025 14:00 – 16:00"),
        ("fr", "4 juin 2025, 14:00 – 16:00"),
        ("ru", "4 июня 2025, 14:00 – 16:00"),
        ("zh-hans", "2025年6月4日 14:00 – 16:00"),
        ("ar", "4 يونيو 2025، 14:00 – 16:00"),
        ("es", "4 jun 2025, 14:00 – 16:00"),
    ],
)
def test_when_writes_an_entry_in_the_readers_language(language, expected):
    entry = SimpleNamespace(
        all_day=False,
        starts_at=datetime(2025, 6, 4, 14, 0, tzinfo=UTC),
        ends_at=datetime(2025, 6, 4, 16, 0, tzinfo=UTC),
    )
    with translation.override(language):
        assert when(entry, text=True) == expected
        assert "星期三" in when(entry, style="long", text=True) or language != "zh-hans"


def test_the_template_filters_write_figures_and_dates_the_same_way():
    template = Template(
        '{% load figures %}{{ n|figure }} {{ x|figure:1 }} {{ d|local_date }} {{ d|local_date:"date" }}'
    )
    context = Context({"n": 407000, "x": 20.25, "d": JUNE})
    with translation.override("zh-hans"):
        assert template.render(context) == "407,000 20.3 2025年6月4日 2025年6月4日"
    with translation.override("ar"):
        assert template.render(context) == "407,000 20.3 4 يونيو 2025 4 يونيو 2025"


# --- the dashboard ----------------------------------------------------------------------------------


def _snapshots():
    """A published snapshot and a computed one (in place of the reference data's), whose support breakdowns
    keep labels of another moment."""
    MetricSnapshot.objects.all().delete()
    area = ThematicArea.objects.order_by("slug").first()
    MetricSnapshot.objects.create(
        as_of=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC), source="published", documents=2808, visits=126329
    )
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 7, 1, tzinfo=UTC),
        source="computed",
        documents=3670,
        visits=407000,
        breakdowns={
            "support_requests_by_status": [{"key": "submitted", "label": "a stale label", "count": 2}],
            "support_requests_by_thematic_area": [{"key": area.slug, "label": "a stale theme", "count": 2}],
            "support_requests_by_region": [{"key": "africa", "label": "a stale region", "count": 2}],
            "support_first_offer_days": [{"key": "median", "label": "a stale median", "days": 3.25, "count": 1}],
        },
    )
    return area


def _home(client, user, language):
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_the_dashboard_groups_its_figures_in_arabic_and_chinese(client, people, language):
    _snapshots()
    body = _home(client, people.state, language).content.decode()
    assert "<dd>3,670</dd>" in body and "<dd>407,000</dd>" in body
    assert ">3670<" not in body and ">407000<" not in body


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [("zh-hans", "2025年6月", "2031年7月"), ("ru", "Июнь 2025", "Июль 2031"), ("fr", "juin 2025", "juil. 2031")],
)
def test_the_trend_charts_name_their_months_in_the_readers_language(client, people, language, first, last):
    _snapshots()
    numbers = {row["key"]: row for row in _home(client, people.state, language).context["numbers"]}
    chart = numbers["documents"]["chart"]
    assert [text.text for text in chart.texts if text.kind == "label"] == [first, last]
    assert [label for label, _value in numbers["documents"]["series"]] == [first, last]


def test_the_support_breakdowns_are_labelled_in_the_readers_language_not_the_workers(client, people):
    area = _snapshots()
    response = _home(client, people.state, "fr")
    sections = response.context["support"]["sections"]
    rows = {section["key"]: [label for label, _count in section["rows"]] for section in sections}
    with translation.override("fr"):
        assert rows["support_requests_by_status"] == [str(SupportRequest.Status.SUBMITTED.label)]
        assert rows["support_requests_by_thematic_area"] == [str(ThematicArea.objects.get(pk=area.pk).name)]
        assert rows["support_requests_by_region"] == ["Afrique"]
    assert "a stale" not in response.content.decode()


def test_the_api_labels_breakdowns_in_the_language_asked_for(client, people):
    area = _snapshots()
    client.force_login(people.state)
    parts = client.get("/api/v1/metrics/", HTTP_ACCEPT_LANGUAGE="fr").json()["breakdowns"]
    labels = {name: [row["label"] for row in rows] for name, rows in parts.items()}
    with translation.override("fr"):
        assert labels["support_requests_by_status"] == [str(SupportRequest.Status.SUBMITTED.label)]
        assert labels["support_requests_by_thematic_area"] == [str(ThematicArea.objects.get(pk=area.pk).name)]
        assert labels["support_requests_by_region"] == ["Afrique"]
    assert labels["support_first_offer_days"] != ["a stale median"]
    assert parts["support_first_offer_days"][0]["days"] == 3.25  # the figures themselves are untouched


def test_a_renamed_thematic_area_is_shown_by_its_new_name(client, people, django_capture_on_commit_callbacks):
    area = _snapshots()
    before = _home(client, people.state, "en").context["support"]["sections"][1]["rows"]
    assert before == [(str(area.name), 2)]
    with django_capture_on_commit_callbacks(execute=True):
        area.name = "A theme renamed for a test"
        area.save()
    rows = _home(client, people.state, "en").context["support"]["sections"][1]["rows"]
    assert rows == [("A theme renamed for a test", 2)]


# --- one way to write a figure or a date, in every template --------------------------------------

# Machine formats for attributes (datetime="…") and the parts of a date no language writes otherwise.
MACHINE_PATTERNS = {"c", "Y-m-d", "Y-m", "Y", "j"}


def _templates():
    for folder in map(Path, settings.TEMPLATES[0]["DIRS"]):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".txt") and "admin" not in path.parts:
                yield str(path.relative_to(folder)), path.read_text(encoding="utf-8")


def test_templates_write_figures_and_dates_only_through_the_reader_s_locale():
    found = []
    for name, text in _templates():
        for match in re.finditer(r"\|(intcomma|intword|floatformat)\b", text):
            found.append(f"{name}: |{match.group(1)} (use |figure)")
        for match in re.finditer(r"\|date:[\"']([^\"']*)[\"']", text):
            if match.group(1) not in MACHINE_PATTERNS:
                found.append(f'{name}: |date:"{match.group(1)}" (use |local_date)')
        for match in re.finditer(r"\{% blocktranslate count counter=([^ %]+)", text):
            body = text[match.end() : text.find("{% endblocktranslate %}", match.end())]
            if "{{ counter }}" in body and match.group(1).split("|")[0] not in {"months", "days", "minutes"}:
                found.append(f"{name}: the counter of {match.group(1)} written bare (count n=… with counter=…|figure)")
    assert found == []

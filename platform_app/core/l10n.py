"""How pages, charts, mails and PDFs write numbers and dates in the reader's language: one path for each.

Every figure a reader sees goes through `figure` (the template filter `|figure` of
platform_app/templatetags/figures.py, and the charts of core/charts.py): grouped by thousands with the
separators of the active language, as CLDR writes them with Latin digits (3,670 in English and Arabic,
3 670 in French and Russian, 3670 but 40.700 in Spanish, 3,670 in Chinese). The separators live in the
project's format modules (compact/formats/<locale>/formats.py), which Django reads before its own.

Every date goes through `date_text` (the filter `|local_date`, `{% when %}`, the charts' axes), named by
its style rather than by a pattern, because a pattern is not portable between languages: "j M Y" writes
"4 Jun 2025" in English but "4 Jui 2025" for both juin and juillet in French and "4 六月 2025" in
Chinese. Each language's format module gives its patterns for the styles (DATE_STYLES), with the month
and day names of Django's catalogues.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import date_format, get_format_modules, number_format
from django.utils.translation import get_language

# The styles of date pages write, with their English patterns (compact/formats/en/formats.py holds the
# same): the fallback for a language whose module leaves a style out.
DATE_STYLES = {
    "day": "j M Y",
    "day_time": "j M Y H:i",
    "date": "j F Y",
    "weekday": "l j F Y",
    "weekday_time": "l j F Y, H:i",
    "month": "F Y",
    "month_short": "M Y",
    "time": "H:i",
}


def _module_setting(name: str, default):
    """`name` from the active language's format modules (the project's first, then Django's)."""
    language = get_language()
    if not language:
        return default
    for module in get_format_modules(language):
        if hasattr(module, name):
            return getattr(module, name)
    return default


def _number(value) -> Decimal | int | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def figure(value, decimals: int = 0) -> str:
    """`value` as the reader's language writes a figure: grouped by thousands, rounded to `decimals` places
    (half up, as people round). Empty for None; anything that is not a number is returned as text."""
    number = _number(value)
    if number is None:
        return "" if value is None else str(value)
    if isinstance(number, Decimal):
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if decimals == 0:
            number = int(number)
    # CLDR leaves a number of four digits ungrouped in some languages (Spanish: 3670, but 40.700).
    minimum = _module_setting("MINIMUM_GROUPING_DIGITS", 1)
    grouped = abs(number) >= 10 ** (2 + minimum)
    return number_format(number, decimal_pos=decimals or None, use_l10n=True, force_grouping=grouped)


def date_pattern(style: str) -> str:
    """The active language's pattern (Django's date syntax) for a style of DATE_STYLES."""
    if style not in DATE_STYLES:
        raise ValueError(f"No date style {style!r}; the styles are {', '.join(DATE_STYLES)}.")
    return _module_setting("DATE_STYLES", {}).get(style, DATE_STYLES[style])


def date_text(value: dt.date | dt.datetime, style: str = "day") -> str:
    """`value` written in the active language in `style` ("day": 4 Jun 2025, "date": 4 June 2025, ...). A
    datetime is written as it is given: localize it first (timezone.localtime) to show the reader's time."""
    return date_format(value, date_pattern(style))

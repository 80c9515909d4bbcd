"""The weeks of the calendar's month grid (calendar/_month_grid.html), written in Python.

A busy month fills each of its 42 days with four entries and a link to the rest: some two hundred entries,
where Django's template engine spent microseconds on every variable, tag and filter of each, and the grid's
loop made most of the page's time. These rows are what that loop wrote, whitespace included, each value
escaped with `conditional_escape` as `{{ }}` does (tests/test_calendar_grid_markup.py compares them); only
what is built here from escaped pieces is marked safe.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from platform_app.calendar.when import when
from platform_app.core.l10n import date_text, figure


class _Words:
    """The words every day of a grid shares, translated once for the grid."""

    def __init__(self):
        e = conditional_escape
        self.today = f'<span class="tag">{e(gettext("Today"))}</span>'
        self.all_day = f'<span class="when">{e(gettext("All day"))}</span>'
        self.continued = f'<span class="when">{e(gettext("continued"))}</span>'


def _entry(item: dict, words: _Words) -> str:
    e, entry = conditional_escape, item["entry"]
    if entry.all_day:
        moment = words.all_day
    elif item["starts_here"]:
        moment = f'<span class="when">{when(entry, style="time", part="start")}</span>'
    else:
        moment = words.continued
    kind = "" if entry.is_event else f' <span class="tag">{e(entry.kind_label)}</span>'
    return f'<li><a href="{e(entry.url)}">{moment} <bdi>{e(entry.title)}</bdi>{kind}</a></li>'


def _more(day: dict, weekday: str) -> str:
    # As {% blocktranslate count n=day.more with counter=day.more|figure %} wrote it: the catalogue's
    # sentence as it is, the figure escaped.
    sentence = ngettext("%(counter)s more", "%(counter)s more", day["more"]) % {
        "counter": conditional_escape(figure(day["more"]))
    }
    return (
        f'<li class="more"><a href="{conditional_escape(day["more_url"])}">{sentence}'
        f'<span class="visually-hidden">: {weekday}</span></a></li>'
    )


def _day(day: dict, words: _Words) -> str:
    e, date = conditional_escape, day["date"]
    classes = f"{'' if day['in_month'] else 'other-month'}{' today' if day['today'] else ''}"
    attributes = f' class="{classes}"' if classes else ""
    if day["today"]:
        attributes += ' aria-current="date"'
    weekday = e(date_text(date, "weekday"))
    items = ""
    if day["items"]:
        entries = "".join(f"\n          {_entry(item, words)}\n          " for item in day["items"])
        more = _more(day, weekday) if day["more"] else ""
        items = f"\n        <ul>\n          {entries}\n          {more}\n        </ul>\n        "
    return (
        f"\n      <td{attributes}>\n"
        f'        <time class="day-number" datetime="{date.isoformat()}"><span aria-hidden="true">{date.day}</span>'
        f'<span class="visually-hidden">{weekday}</span></time>\n'
        f"        {words.today if day['today'] else ''}\n"
        f"        {items}\n"
        "      </td>\n      "
    )


def weeks_html(weeks: list[list[dict]]) -> SafeString:
    """The rows of the grid's table: `weeks`, each a list of its seven days as the view describes them
    (`date`, `in_month`, `today`, `items` with their `entry` and whether it `starts_here`, `more` and
    `more_url`), in the active language and zone."""
    words = _Words()
    html = "".join(
        "\n    <tr>\n      " + "".join(_day(day, words) for day in week) + "\n    </tr>\n    " for week in weeks
    )
    return mark_safe(html)  # noqa: S308 - every value is escaped above

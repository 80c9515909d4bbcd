"""When an event, a meeting or any calendar entry takes place, as every page writes it (the template tag
`{% when entry %}` of platform_app/templatetags/calendar_time.py).

An all-day entry is stored from midnight to midnight at its venue (its `time_zone`): it is written as the
dates at the venue, which no viewer's zone shifts, and never with a time. Any other entry is written with
its times in the active zone: the viewer's (the middleware activates it), or the one a `{% timezone %}`
block sets.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from platform_app.calendar import ical

# style -> (a date's format, a date and time's format)
STYLES = {
    "short": ("j M Y", "j M Y H:i"),
    "long": ("l j F Y", "l j F Y, H:i"),
    # Dates only, even for timed entries (their dates in the active zone).
    "day": ("j M Y", "j M Y"),
}


PARTS = ("range", "start", "end")


# Between the start and the end, as the pages have always written it.
DASH = " \u2013 "


def is_all_day(entry) -> bool:
    return bool(getattr(entry, "all_day", False))


def entry_days(entry, zone=None) -> tuple[date, date]:
    """The first and last day (inclusive) `entry` covers: at its venue when all day, else in `zone` (the
    active zone unless given)."""
    if is_all_day(entry):
        return ical.all_day_dates(entry)
    return ical.local_days(entry, zone or timezone.get_current_timezone())


def _date(day: date, style: str) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day, STYLES[style][0]))


def _moment(value: datetime, fmt: str) -> SafeString:
    local = timezone.localtime(value)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), date_format(local, fmt))


def _dates(first: date, last: date, style: str, part: str) -> list[SafeString]:
    if part == "start":
        return [_date(first, style)]
    if part == "end":
        return [_date(last, style)]
    return [_date(first, style)] if first == last else [_date(first, style), _date(last, style)]


def when(entry, *, style: str = "short", part: str = "range", note: bool = True) -> SafeString:
    """`entry`'s dates or times as HTML <time> elements: its whole span (`part="range"`), or its start or end;
    `style` "short" (4 Dec 2026 14:00), "long" (Friday 4 December 2026, 14:00) or "day" (dates only); `note`
    adds "(all day)" after the dates of an all-day entry."""
    style = style if style in STYLES else "short"
    part = part if part in PARTS else "range"
    if is_all_day(entry) or style == "day":
        first, last = entry_days(entry)
        html = format_html_join(DASH, "{}", ((piece,) for piece in _dates(first, last, style, part)))
        if note and is_all_day(entry):
            html = format_html('{} <span class="muted">({})</span>', html, gettext("all day"))
        return html
    full = STYLES[style][1]
    if part == "start":
        return _moment(entry.starts_at, full)
    if part == "end":
        return _moment(entry.ends_at, full)
    start, end = timezone.localtime(entry.starts_at), timezone.localtime(entry.ends_at)
    end_format = "H:i" if start.date() == end.date() else full
    return format_html("{}" + DASH + "{}", _moment(entry.starts_at, full), _moment(entry.ends_at, end_format))

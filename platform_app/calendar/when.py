"""When an event, a meeting or any calendar entry takes place, as every page and mail writes it (the
template tag `{% when entry %}` of platform_app/templatetags/calendar_time.py), and which days it covers.

An all-day entry is stored from midnight to midnight at its venue (its `time_zone`): it is written as the
dates at the venue, which no viewer's zone shifts, and never with a time. Any other entry is written with
its times in the active zone: the viewer's (the middleware activates it), or the one a `{% timezone %}`
block sets (a mail, in its recipient's).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from platform_app.calendar import ical
from platform_app.core.l10n import date_text

# style -> (a date's style, a date and time's style), as each language writes them (core.l10n)
STYLES = {
    "short": ("day", "day_time"),
    "long": ("weekday", "weekday_time"),
    # Dates only, even for timed entries (their dates in the active zone).
    "day": ("day", "day"),
    # The time of day only, where the day is already said (a cell of the month grid).
    "time": ("day", "time"),
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


def _date(day: date, style: str, text: bool) -> str:
    written = date_text(day, STYLES[style][0])
    return written if text else format_html('<time datetime="{}">{}</time>', day.isoformat(), written)


def _moment(value: datetime, fmt: str, text: bool) -> str:
    local = timezone.localtime(value)
    written = date_text(local, fmt)
    return written if text else format_html('<time datetime="{}">{}</time>', local.isoformat(), written)


def _dates(first: date, last: date, style: str, part: str, text: bool) -> list[str]:
    if part == "start":
        return [_date(first, style, text)]
    if part == "end":
        return [_date(last, style, text)]
    if first == last:
        return [_date(first, style, text)]
    return [_date(first, style, text), _date(last, style, text)]


def _times(entry, style: str, part: str, text: bool) -> list[str]:
    full = STYLES[style][1]
    if part == "start":
        return [_moment(entry.starts_at, full, text)]
    if part == "end":
        return [_moment(entry.ends_at, full, text)]
    start, end = timezone.localtime(entry.starts_at), timezone.localtime(entry.ends_at)
    end_format = "time" if start.date() == end.date() else full
    return [_moment(entry.starts_at, full, text), _moment(entry.ends_at, end_format, text)]


def _join(parts: list[str], text: bool) -> str:
    return DASH.join(parts) if text else format_html_join(DASH, "{}", ((piece,) for piece in parts))


def when(
    entry, *, style: str = "short", part: str = "range", note: bool = True, text: bool = False, zone: bool = False
) -> str:
    """`entry`'s dates or times as HTML <time> elements: its whole span (`part="range"`), or its start or end;
    `style` "short" (4 Dec 2026 14:00), "long" (Friday 4 December 2026, 14:00), "day" (dates only) or
    "time" (14:00, the time of day only); `note` adds "(all day)" after the dates of an all-day entry.

    `text` writes plain text instead of HTML (a plain-text mail); `zone` names the active zone after the
    times of a timed entry ("(Africa/Nairobi)"), for a reader who may not know which zone they are in."""
    style = style if style in STYLES else "short"
    part = part if part in PARTS else "range"
    if is_all_day(entry) or style == "day":
        first, last = entry_days(entry)
        written = _join(_dates(first, last, style, part, text), text)
        if note and is_all_day(entry):
            if text:
                return f"{written} ({gettext('all day')})"
            return format_html('{} <span class="muted">({})</span>', written, gettext("all day"))
        return written
    written = _join(_times(entry, style, part, text), text)
    if zone:
        name = timezone.get_current_timezone_name()
        return f"{written} ({name})" if text else format_html("{} ({})", written, name)
    return written

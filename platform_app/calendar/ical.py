"""Events and the calendar's other entries as iCalendar (RFC 5545), for the downloads of one and the
personal feed.

Times are written in UTC, so no VTIMEZONE is needed and every calendar program agrees on the
instant. All-day events are DATE values: the days at the venue (the event's own zone), with the
exclusive end date iCalendar expects.

The few properties the platform writes are written here directly, line by line: a feed of a thousand
events is one answer, and building a component object per event costs many times what reading the rows
does. The `icalendar` library reads what this writes in the tests.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

from django.db import NotSupportedError
from django.db.models import CharField, Func, QuerySet

from platform_app.calendar.entries import CalendarEntry
from platform_app.calendar.models import Event

PRODID = "-//Global Counter-Terrorism Coordination Compact//Compact Coordination Platform//EN"


UID_DOMAIN = "compact-platform"


CONTENT_TYPE = "text/calendar; charset=utf-8"


# How often subscribed calendar programs are asked to fetch the feed again.
REFRESH = timedelta(hours=1)


# The columns of an event the files write, but for the dates of its record: see event_rows.
EVENT_FIELDS = (
    "id",
    "title",
    "description",
    "kind",
    "starts_at",
    "ends_at",
    "all_day",
    "time_zone",
    "location",
    "online_url",
)


# A content line holds at most 75 octets; a longer one goes on in lines that begin with a space (RFC 5545,
# 3.1). The space counts, so a piece after the first carries 74 octets at most; the first keeps to 74 too,
# as the icalendar library's do.
FOLD_AT = 74


# Characters TEXT may not hold (RFC 5545, 3.3.11): the controls other than the tab (line breaks are
# written as \n before these are dropped).
CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


# What a TEXT value escapes or leaves out.
SPECIAL = re.compile("[\\\\;,\x00-\x08\x0a-\x1f\x7f]")


class UtcText(Func):
    """A moment as an iCalendar DATE-TIME in UTC, as `_utc` writes it, written by the database: a feed would
    otherwise read a thousand records' dates into datetimes only to write them out again, and reading them
    costs more than the rest of the query."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"UtcText is not written for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra):
        template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"')"""
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a moment as the text of its time in UTC: YYYY-MM-DD HH:MM:SS, then any fraction.
        template = "replace(replace(replace(substr(%(expressions)s, 1, 19), '-', ''), ':', ''), ' ', 'T') || 'Z'"
        return super().as_sql(compiler, connection, template=template, **extra)


def event_rows(events: QuerySet) -> QuerySet:
    """`events` as the rows the files write (`_event`): the columns of EVENT_FIELDS, and the dates of the
    record as text."""
    return events.values(*EVENT_FIELDS, created=UtcText("created_at"), modified=UtcText("updated_at"))


def event_uid(event: Event) -> str:
    """Stable across downloads and feeds, so programs update an event rather than copy it."""
    return uid_of_event(event.pk)


def uid_of_event(pk: int) -> str:
    return f"event-{pk}@{UID_DOMAIN}"


def zone_of(name: str) -> tzinfo | None:
    """The IANA zone of that name, or None when it is not one."""
    if not name or "\x00" in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def local_days(event: Event | CalendarEntry, zone: tzinfo) -> tuple[date, date]:
    """The first and last day (inclusive) an event covers, seen in `zone`.

    An end exactly at midnight belongs to the day before: an event from Monday 00:00 to Tuesday
    00:00 is on Monday only.
    """
    return _days(event.starts_at, event.ends_at, zone)


def _days(starts_at: datetime, ends_at: datetime, zone: tzinfo) -> tuple[date, date]:
    start = starts_at.astimezone(zone)
    end = ends_at.astimezone(zone)
    last = end.date()
    if end > start and end.time() == datetime.min.time():
        last -= timedelta(days=1)
    return start.date(), max(start.date(), last)


def all_day_dates(event: Event | CalendarEntry) -> tuple[date, date]:
    """An all-day event's days at the venue (its own zone, UTC if that is unknown)."""
    return _days(event.starts_at, event.ends_at, zone_of(event.time_zone) or UTC)


# --- writing -----------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, any line break as \\n."""
    if SPECIAL.search(value) is None:  # most titles and places: one scan
        return value
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return CONTROLS.sub("", value)


def _fold(line: str) -> str:
    """The line folded into pieces of FOLD_AT octets of UTF-8 at most, never inside a character. As the
    icalendar library does, a piece does not end with a backslash or a caret (where the escapes of TEXT and
    of parameter values, RFC 6868, begin) when the character can go on the next line: the files stay byte
    for byte what they were."""
    if line.isascii():
        if len(line) <= FOLD_AT:
            return line
    elif len(line) * 4 <= FOLD_AT:
        return line
    data = line.encode()
    if len(data) <= FOLD_AT:
        return line
    pieces = []
    start = 0
    while len(data) - start > FOLD_AT:
        end = start + FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character began before
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def _utc(moment: datetime) -> str:
    """A DATE-TIME in UTC (form 2), to the second."""
    moment = moment.astimezone(UTC)
    return "%04d%02d%02dT%02d%02d%02dZ" % (  # noqa: UP031 (the quickest of the ways to write it)
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


def _date(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _duration(span: timedelta) -> str:
    """A positive DURATION (RFC 5545, 3.3.6) in days, hours, minutes and seconds."""
    hours, rest = divmod(span.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    days = f"{span.days}D" if span.days or not time else ""
    return f"P{days}{'T' if time else ''}{time}"


def _categories(label: str) -> str:
    return _fold(f"CATEGORIES:{_text(label)}")


def _vevent(
    uid_line: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    all_day: bool,
    time_zone: str,
    description: str,
    online_url: str,
    location: str,
    url: str,
    categories_line: str,
    stamp: str,
    modified: str,
    created: str,
) -> str:
    """One VEVENT, its lines joined: the uid, the times (an all-day item as its dates at the venue), the
    title, the description with the online link, the place, the page, the kind and the dates of the record
    (`stamp`, `modified`, `created`: DATE-TIME values, the last two empty when unknown). The properties come
    in the order the icalendar library writes them (the usual ones first, then by name), so the files read
    as they always have. A feed writes a thousand: each line is made once."""
    if all_day:
        first, last = _days(starts_at, ends_at, zone_of(time_zone) or UTC)
        span = f"DTSTART;VALUE=DATE:{_date(first)}\r\nDTEND;VALUE=DATE:{_date(last + timedelta(days=1))}"
    else:
        span = f"DTSTART:{_utc(starts_at)}\r\nDTEND:{_utc(ends_at)}"
    lines = ["BEGIN:VEVENT", _fold(f"SUMMARY:{_text(title)}"), span, f"DTSTAMP:{stamp}", uid_line, categories_line]
    if created:
        lines.append(f"CREATED:{created}")
    if online_url:
        description = f"{description}\n\n{online_url}".strip()
    if description:
        lines.append(_fold(f"DESCRIPTION:{_text(description)}"))
    if modified:
        lines.append(f"LAST-MODIFIED:{modified}")
    location = location or online_url
    if location:
        lines.append(_fold(f"LOCATION:{_text(location)}"))
    lines.append(_fold(f"URL:{url}"))
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def _event(event: Mapping, url: str, categories_line: str) -> str:
    """An event, from its row (`event_rows`). No METHOD is written: then DTSTAMP is the last change (RFC
    5545, 3.8.7.2), which keeps the file stable."""
    return _vevent(
        f"UID:event-{event['id']}@{UID_DOMAIN}",
        event["title"],
        event["starts_at"],
        event["ends_at"],
        event["all_day"],
        event["time_zone"],
        event["description"],
        event["online_url"],
        event["location"],
        url,
        categories_line,
        event["modified"],
        event["modified"],
        event["created"],
    )


def _entry(entry: CalendarEntry, url: str, categories_line: str) -> str:
    """An entry of another source than the calendar's events (a working group's meeting)."""
    modified = _utc(entry.updated_at) if entry.updated_at else ""
    return _vevent(
        _fold(f"UID:{_text(entry.uid)}@{UID_DOMAIN}"),
        entry.title,
        entry.starts_at,
        entry.ends_at,
        entry.all_day,
        entry.time_zone,
        entry.description,
        entry.online_url,
        entry.location,
        url,
        categories_line,
        modified or _utc(entry.created_at or entry.starts_at),
        modified,
        _utc(entry.created_at) if entry.created_at else "",
    )


def _calendar(parts: list[str], name: str | None = None) -> bytes:
    """The calendar around `parts` (components, each its lines joined), as the file's bytes."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", _fold(f"PRODID:{_text(PRODID)}"), "CALSCALE:GREGORIAN"]
    if name:
        head += [_fold(f"NAME:{_text(name)}"), _fold(f"X-WR-CALNAME:{_text(name)}")]
        refresh = _duration(REFRESH)
        head += [f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}", f"X-PUBLISHED-TTL:{refresh}"]
    # Every line ends with CRLF, the last one too.
    return "\r\n".join([*head, *parts, "END:VCALENDAR", ""]).encode()


def single_event(event: Event, url: str) -> bytes:
    row = {name: getattr(event, name) for name in EVENT_FIELDS}
    row.update(created=_utc(event.created_at), modified=_utc(event.updated_at))
    return _calendar([_event(row, url, _categories(str(event.get_kind_display())))])


def single_entry(entry: CalendarEntry, url: str) -> bytes:
    return _calendar([_entry(entry, url, _categories(str(entry.kind_label)))])


def feed(
    items: Iterable[Mapping | CalendarEntry],
    event_url: Callable[[int], str],
    entry_url: Callable[[str], str],
    *,
    name: str,
) -> bytes:
    """A subscribable calendar of `items` (events as their rows, `event_rows`, and other sources'
    entries), with the refresh hints calendar programs read. `event_url` gives the address of an event's
    page from its id, `entry_url` the address of an entry's page from its path."""
    # Each label translated and written once for the whole feed, in the language active now. An entry's
    # label is most often a lazy text its source shares among its entries: it is read once, kept with the
    # label itself.
    kinds = {value: _categories(str(label)) for value, label in Event.Kind.choices}
    entry_kinds: dict[int, tuple[object, str]] = {}
    parts = []
    for item in items:
        if isinstance(item, CalendarEntry):
            label = item.kind_label
            known = entry_kinds.get(id(label))
            if known is None or known[0] is not label:
                known = entry_kinds[id(label)] = (label, _categories(str(label)))
            parts.append(_entry(item, entry_url(item.url), known[1]))
        else:
            kind = item["kind"]
            line = kinds.get(kind) or _categories(kind)
            parts.append(_event(item, event_url(item["id"]), line))
    return _calendar(parts, name)

"""Events and the calendar's other entries as iCalendar (RFC 5545), for the downloads of one and the
personal feed.

Times are written in UTC, so no VTIMEZONE is needed and every calendar program agrees on the
instant. All-day events are DATE values: the days at the venue (the event's own zone), with the
exclusive end date iCalendar expects.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

import icalendar

from platform_app.calendar.entries import CalendarEntry
from platform_app.calendar.models import Event

PRODID = "-//Global Counter-Terrorism Coordination Compact//Compact Coordination Platform//EN"


UID_DOMAIN = "compact-platform"


CONTENT_TYPE = "text/calendar; charset=utf-8"


# How often subscribed calendar programs are asked to fetch the feed again.
REFRESH = timedelta(hours=1)


def event_uid(event: Event) -> str:
    """Stable across downloads and feeds, so programs update an event rather than copy it."""
    return f"event-{event.pk}@{UID_DOMAIN}"


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
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    last = end.date()
    if end > start and end.time() == datetime.min.time():
        last -= timedelta(days=1)
    return start.date(), max(start.date(), last)


def all_day_dates(event: Event | CalendarEntry) -> tuple[date, date]:
    """An all-day event's days at the venue (its own zone, UTC if that is unknown)."""
    return local_days(event, zone_of(event.time_zone) or UTC)


def to_vevent(event: Event, url: str, kinds: dict[str, str] | None = None) -> icalendar.Event:
    """`kinds`: the kinds' labels, looked up once for a feed rather than once per event."""
    kind = kinds.get(event.kind) if kinds else None
    vevent = _vevent(event, event_uid(event), url, kind or str(event.get_kind_display()))
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    return vevent


def entry_to_vevent(entry: CalendarEntry, url: str) -> icalendar.Event:
    """An entry of another source than the calendar's events (a working group's meeting)."""
    vevent = _vevent(entry, f"{entry.uid}@{UID_DOMAIN}", url, str(entry.kind_label))
    stamp = entry.updated_at or entry.created_at or entry.starts_at
    vevent.add("dtstamp", stamp.astimezone(UTC))
    if entry.updated_at:
        vevent.add("last-modified", entry.updated_at.astimezone(UTC))
    if entry.created_at:
        vevent.add("created", entry.created_at.astimezone(UTC))
    return vevent


def _vevent(item: Event | CalendarEntry, uid: str, url: str, category: str) -> icalendar.Event:
    """What an event and another entry write alike: the uid, the times (an all-day item as its dates at
    the venue), the title, the description with the online link, the place, the page and the kind."""
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    if item.all_day:
        first, last = all_day_dates(item)
        vevent.add("dtstart", first)
        vevent.add("dtend", last + timedelta(days=1))
    else:
        vevent.add("dtstart", item.starts_at.astimezone(UTC))
        vevent.add("dtend", item.ends_at.astimezone(UTC))
    vevent.add("summary", item.title)
    description = item.description
    if item.online_url:
        description = f"{description}\n\n{item.online_url}".strip()
    if description:
        vevent.add("description", description)
    location = item.location or item.online_url
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("categories", [category])
    return vevent


def _calendar(name: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    return calendar


def single_event(event: Event, url: str) -> bytes:
    # No METHOD: then DTSTAMP is the last change (RFC 5545, 3.8.7.2), which keeps the file stable.
    calendar = _calendar()
    calendar.add_component(to_vevent(event, url))
    return calendar.to_ical()


def single_entry(entry: CalendarEntry, url: str) -> bytes:
    calendar = _calendar()
    calendar.add_component(entry_to_vevent(entry, url))
    return calendar.to_ical()


def feed(
    events: Iterable[Event | CalendarEntry], url_for: Callable[[Event | CalendarEntry], str], *, name: str
) -> bytes:
    """A subscribable calendar of `events` (events, and other sources' entries), with the refresh hints
    calendar programs read."""
    calendar = _calendar(name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    kinds = {value: str(label) for value, label in Event.Kind.choices}
    for event in events:
        if isinstance(event, Event):
            calendar.add_component(to_vevent(event, url_for(event), kinds))
        else:
            calendar.add_component(entry_to_vevent(event, url_for(event)))
    return calendar.to_ical()

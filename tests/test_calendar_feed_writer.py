"""The calendar's own iCalendar writer (platform_app/calendar/ical.py) against a reference built with the
icalendar library, as the files were written before: the same bytes and, read back by icalendar, the same
components and values, for the feed (events and other sources' entries, chosen and ordered as before) and
for the downloads of one event or one meeting. Then the rules of RFC 5545 every line must follow."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from platform_app.calendar import ical
from platform_app.calendar.entries import CalendarEntry, EntryFilters, entries_for, with_limit
from platform_app.calendar.feeds import feed_token_for
from platform_app.calendar.models import Event
from platform_app.calendar.views import FEED_DAYS_BACK, _event_url, _event_urls
from tests.factories import EventFactory, MeetingFactory, reference_group
from tests.people import People
from workinggroups.meeting_calendar import meeting_entry

NAME = "Compact Coordination Platform calendar"

# --- the reference: the files as the icalendar library wrote them ----------------------------------------


def _reference_vevent(item, uid: str, url: str, category: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    if item.all_day:
        try:
            zone = zoneinfo.ZoneInfo(item.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = UTC
        start, end = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
        last = end.date() - timedelta(days=1) if end > start and end.time() == datetime.min.time() else end.date()
        vevent.add("dtstart", start.date())
        vevent.add("dtend", max(start.date(), last) + timedelta(days=1))
    else:
        vevent.add("dtstart", item.starts_at.astimezone(UTC))
        vevent.add("dtend", item.ends_at.astimezone(UTC))
    vevent.add("summary", item.title)
    description = f"{item.description}\n\n{item.online_url}".strip() if item.online_url else item.description
    if description:
        vevent.add("description", description)
    if item.location or item.online_url:
        vevent.add("location", item.location or item.online_url)
    vevent.add("url", url)
    vevent.add("categories", [category])
    if isinstance(item, Event):
        for name, value in (("dtstamp", item.updated_at), ("last-modified", item.updated_at)):
            vevent.add(name, value.astimezone(UTC))
        vevent.add("created", item.created_at.astimezone(UTC))
    else:
        vevent.add("dtstamp", (item.updated_at or item.created_at or item.starts_at).astimezone(UTC))
        if item.updated_at:
            vevent.add("last-modified", item.updated_at.astimezone(UTC))
        if item.created_at:
            vevent.add("created", item.created_at.astimezone(UTC))
    return vevent


def reference_calendar(items, url_for, name: str | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(timedelta(hours=1)))
    for item in items:
        if isinstance(item, Event):
            uid, category = f"event-{item.pk}@compact-platform", str(item.get_kind_display())
        else:
            uid, category = f"{item.uid}@compact-platform", str(item.kind_label)
        calendar.add_component(_reference_vevent(item, uid, url_for(item), category))
    return calendar.to_ical()


def reference_feed_items(user, now, limit: int) -> list:
    """The feed's choice and order as the view made them from model instances."""
    events = Event.objects.visible_to(user).for_feed(now, limit, FEED_DAYS_BACK)
    upcoming = entries_for(user, now, None, with_limit(EntryFilters(), limit))
    recent = entries_for(
        user, now - timedelta(days=FEED_DAYS_BACK), now, with_limit(EntryFilters(), limit, latest_first=True)
    )

    def uid(item) -> str:
        return f"event-{item.pk}@compact-platform" if isinstance(item, Event) else item.uid

    soon = sorted([*(e for e in events if e.ends_at >= now), *upcoming], key=lambda item: (item.starts_at, uid(item)))
    past = sorted(
        [*(e for e in events if e.ends_at < now), *(entry for entry in recent if entry.ends_at < now)],
        key=lambda item: (item.ends_at, uid(item)),
        reverse=True,
    )
    return sorted((soon + past)[:limit], key=lambda item: (item.starts_at, uid(item)))


# --- reading the files back ---------------------------------------------------------------------------


def components(body: bytes) -> list[tuple[str, list[tuple[str, dict, object]]]]:
    """Each component, with its properties as icalendar reads them: name, parameters, decoded value."""
    found = []
    for component in icalendar.Calendar.from_ical(body).walk():
        properties = [
            (name, dict(value.params), component.decoded(name))
            for name, value in component.property_items(recursive=False)[1:-1]
        ]
        found.append((component.name, sorted(properties, key=lambda p: p[0])))
    return found


def assert_well_formed(body: bytes) -> None:
    """CRLF line ends only; physical lines of 75 octets at most, each whole UTF-8 (no character cut by a
    fold); every content line a name, a colon and a value."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "a line end without CR"
    assert b"\r" not in body.replace(b"\r\n", b""), "a CR without LF"
    physical = body[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises when a fold cut a character in two
    assert not physical[0].startswith(b" ")
    for line in body[:-2].replace(b"\r\n ", b"").split(b"\r\n"):
        name = line.split(b":", 1)[0].split(b";", 1)[0]
        assert name and name.replace(b"-", b"").isalnum() and b":" in line, line


# --- the items ----------------------------------------------------------------------------------------

ARABIC = "الاجتماع الإقليمي الثالث بشأن إدارة الحدود ومكافحة الإرهاب في منطقة الساحل وغرب أفريقيا، جلسة "
CHINESE = "关于边境管理和打击恐怖主义的第三次区域会议，萨赫勒和西非地区，包括执法合作与信息共享的专题讨论 🌍"  # noqa: RUF001 (Chinese commas)


def varied_events(now: datetime) -> list[dict]:
    """What the events of the feed may hold: punctuation TEXT escapes, line breaks of any kind, an online
    link, all-day events at their venue (one in an unknown zone), long Arabic and Chinese titles, a comma
    just at a fold, a kind whose label has a comma, one in the past."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=3)
    return [
        {
            "title": "Webinar, with; punctuation \\ and a backslash",
            "description": "Line one\nLine two\r\nLine three\rLine four; with, commas",
            "starts_at": day + timedelta(hours=12),
            "ends_at": day + timedelta(hours=13, minutes=30),
            "time_zone": "Europe/Vienna",
            "location": "Vienna International Centre, Room M1; Building M",
            "online_url": "https://meet.example.org/x?a=1,b;c",
            "kind": Event.Kind.WEBINAR,
        },
        {
            "title": "Regional workshop",
            "starts_at": day + timedelta(days=1, hours=-3),  # midnight in Nairobi
            "ends_at": day + timedelta(days=4, hours=-3),
            "time_zone": "Africa/Nairobi",
            "all_day": True,
            "kind": Event.Kind.WORKSHOP,
        },
        {
            "title": "All day somewhere unknown",
            "starts_at": day + timedelta(days=2),
            "ends_at": day + timedelta(days=2, hours=23),
            "time_zone": "Mars/Olympus_Mons",
            "all_day": True,
        },
        {
            "title": ARABIC * 3,
            "description": ARABIC * 4 + "\n" + ARABIC,
            "starts_at": day + timedelta(days=5, hours=8),
            "ends_at": day + timedelta(days=5, hours=10),
            "time_zone": "Asia/Riyadh",
            "location": "الرياض",
        },
        {
            "title": CHINESE * 2,
            "description": CHINESE * 3,
            "starts_at": day + timedelta(days=6, hours=1),
            "ends_at": day + timedelta(days=6, hours=3),
            "time_zone": "Asia/Shanghai",
            "location": "北京",
        },
        {
            "title": "a" * 65 + ", after the fold; " + "b\\" * 40,  # an escape exactly where the line folds
            "starts_at": day + timedelta(days=7),
            "ends_at": day + timedelta(days=7, hours=1),
            "location": "",
            "online_url": "https://meet.example.org/online-only",
            "kind": Event.Kind.CIVIL_SOCIETY,
        },
        {
            "title": "Held last month",
            "starts_at": now - timedelta(days=30),
            "ends_at": now - timedelta(days=30) + timedelta(hours=2),
            "kind": Event.Kind.VISIT,
        },
    ]


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def row_of(event: Event) -> dict:
    """An event as `ical.event_rows` gives it."""
    row = {name: getattr(event, name) for name in ical.EVENT_FIELDS}
    return {**row, "created": utc_text(event.created_at), "modified": utc_text(event.updated_at)}


def unsaved(pk: int, **fields) -> Event:
    stamp = datetime(2026, 1, 15, 9, 30, 12, 345678, tzinfo=UTC)
    fields = {"kind": Event.Kind.MEETING, "time_zone": "UTC", "created_at": stamp, "updated_at": stamp, **fields}
    return Event(pk=pk, **fields)


def other_entries(now: datetime) -> list[CalendarEntry]:
    """Entries of another source: with and without the dates of their record, timed and all-day."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=4)
    return [
        CalendarEntry(
            uid="meeting-41",
            title="Working group meeting; agenda, minutes",
            starts_at=day + timedelta(hours=9),
            ends_at=day + timedelta(hours=11),
            url="/working-groups/BMLE/meetings/41/",
            kind="working_group_meeting",
            kind_label="Working-group meeting",
            location="Geneva",
            online_url="https://meet.example.org/bmle",
            description="Draft, to be agreed",
            updated_at=day - timedelta(days=2),
            created_at=day - timedelta(days=9),
        ),
        CalendarEntry(
            uid="meeting-42",
            title=CHINESE,
            starts_at=day + timedelta(days=1, hours=-8),
            ends_at=day + timedelta(days=2, hours=-8),
            url="/working-groups/PCVE/meetings/42/",
            kind="working_group_meeting",
            kind_label="Working-group meeting",
            all_day=True,
            time_zone="Asia/Shanghai",
        ),
    ]


def test_the_writer_writes_what_icalendar_wrote():
    """Events and entries of every shape: the same bytes as the reference, and the same values read back."""
    now = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)
    events = [unsaved(100 + n, **fields) for n, fields in enumerate(varied_events(now))]
    events[1].updated_at = events[1].created_at + timedelta(days=3, seconds=1)
    entries = other_entries(now)
    items = sorted([*events, *entries], key=lambda item: item.starts_at)

    def url_for(item) -> str:
        return f"https://compact.example.org/calendar/events/{item.pk}/" if isinstance(item, Event) else item.url

    rows = [row_of(item) if isinstance(item, Event) else item for item in items]
    body = ical.feed(
        rows, lambda pk: f"https://compact.example.org/calendar/events/{pk}/", lambda path: path, name=NAME
    )
    reference = reference_calendar(items, url_for, NAME)
    assert_well_formed(body)
    assert components(body) == components(reference)
    assert body == reference
    assert body.count(b"BEGIN:VEVENT") == len(items) == 9
    # The cases the items were chosen for are there.
    assert b"DTSTART;VALUE=DATE:" in body and b"\r\n " in body and "🌍".encode() in body
    assert b"LOCATION:Vienna International Centre\\, Room M1\\; Building M" in body
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n" in body

    for event in events:
        assert ical.single_event(event, url_for(event)) == reference_calendar([event], url_for)
    for entry in entries:
        assert ical.single_entry(entry, entry.url) == reference_calendar([entry], lambda item: item.url)


def _entry(title: str) -> CalendarEntry:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return CalendarEntry(uid="x", title=title, starts_at=start, ends_at=start, url="/x/", kind="k", kind_label="K")


def test_folding_never_cuts_a_character():
    for title in (ARABIC * 5, CHINESE * 5, "é" * 200, "a" * 65 + "\\" * 9, "x" + "€𝄞" * 60, "a" * 74, "a;" * 60):
        body = ical.single_entry(_entry(title), "https://example.org/x/")
        assert_well_formed(body)
        (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == title
    # 74 octets after the name fit one line; one more folds. An escape where the line would fold goes whole
    # on the next line.
    assert b"SUMMARY:" + b"a" * 66 + b"\r\n" in ical.single_entry(_entry("a" * 66), "u")
    assert b"SUMMARY:" + b"a" * 66 + b"\r\n a\r\n" in ical.single_entry(_entry("a" * 67), "u")
    assert b"SUMMARY:" + b"a" * 65 + b"\r\n \\,b\r\n" in ical.single_entry(_entry("a" * 65 + ",b"), "u")


def test_text_is_escaped_by_the_rfc_where_the_library_was_not():
    """Where the library strayed from RFC 5545, the writer does not: a backslash before N stays a backslash
    (the library made it a line break), the controls TEXT may not hold are left out, and NAME (TEXT in RFC
    7986) is escaped as any TEXT."""
    body = ical.feed(
        [_entry("C:\\New folder\x07\x0b\ttabbed")], lambda pk: "", lambda path: path, name="One, two; three"
    )
    assert_well_formed(body)
    assert b"SUMMARY:C:\\\\New folder\ttabbed\r\n" in body
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "C:\\New folder\ttabbed"
    assert b"\r\nNAME:One\\, two\\; three\r\nX-WR-CALNAME:One\\, two\\; three\r\n" in body


# --- through the views --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("limit", [1000, 8, 3])
def test_the_feed_is_the_reference_feed(language, limit, people: People, client, monkeypatch):
    """Through the view: the same events and entries chosen, in the same order, written the same way, in the
    subscriber's language; with room for all, and with room for a few (the nearest to come, then the latest
    past: with 8, the meeting of ten days ago but not the event of last month)."""
    monkeypatch.setattr("platform_app.calendar.views.FEED_MAX_EVENTS", limit)
    user = people.entity
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    now = timezone.now()
    for fields in varied_events(now):
        EventFactory(**{"description": "", "location": "", **fields})
    group = reference_group("BMLE")
    day = now.replace(microsecond=0) + timedelta(days=4)
    MeetingFactory(working_group=group, title="Meeting, first; of two", starts_at=day, ends_at=day + timedelta(hours=2))
    MeetingFactory(
        working_group=group,
        title=ARABIC,
        location="Nairobi",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=2),
    )

    response = client.get(reverse("calendar:feed", kwargs={"token": feed_token_for(user)}))
    assert response.status_code == 200
    request = RequestFactory().get("/")
    with translation.override(language):
        reference = reference_calendar(
            reference_feed_items(user, timezone.now(), limit),
            lambda item: request.build_absolute_uri(
                reverse("calendar:event", kwargs={"pk": item.pk}) if isinstance(item, Event) else item.url
            ),
            translation.gettext(NAME),
        )
    assert_well_formed(response.content)
    assert components(response.content) == components(reference)
    assert response.content == reference
    assert response.content.count(b"BEGIN:VEVENT") == min(limit, 9)


@pytest.mark.django_db
def test_the_downloads_of_one_are_the_reference_files(people: People, client):
    client.force_login(people.entity)
    now = timezone.now()
    request = RequestFactory().get("/")
    for fields in varied_events(now):
        event = EventFactory(**{"description": "", "location": "", **fields})
        event.refresh_from_db()
        response = client.get(reverse("calendar:event_ics", kwargs={"pk": event.pk}))
        assert response.status_code == 200
        assert response.content == reference_calendar(
            [event], lambda item: request.build_absolute_uri(reverse("calendar:event", kwargs={"pk": item.pk}))
        )
    meeting = MeetingFactory(working_group=reference_group("BMLE"), title=CHINESE * 2, location="Genève; salle 3")
    response = client.get(reverse("workinggroups:meeting_ics", args=["BMLE", meeting.pk]))
    assert response.status_code == 200
    entry = meeting_entry(meeting)
    assert response.content == reference_calendar([entry], lambda item: request.build_absolute_uri(item.url))


@pytest.mark.django_db
def test_the_database_writes_the_dates_of_the_record_as_the_writer_would():
    """`ical.event_rows` has the database write created_at and updated_at as DATE-TIME values in UTC: to the
    second, the fraction dropped, whatever zone the moment was given in."""
    moments = [
        datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 12, 0, 59, 999999, tzinfo=UTC),
        datetime(2025, 12, 31, 23, 30, 5, 1, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
        datetime(2024, 2, 29, 0, 0, 0, 500000, tzinfo=zoneinfo.ZoneInfo("Asia/Kathmandu")),
    ]
    for created, updated in zip(moments, reversed(moments), strict=True):
        event = EventFactory(title="Dates")
        Event.objects.filter(pk=event.pk).update(created_at=created, updated_at=updated)
        (row,) = ical.event_rows(Event.objects.filter(pk=event.pk))
        assert (row["created"], row["modified"]) == (utc_text(created), utc_text(updated))
        assert set(row) == {*ical.EVENT_FIELDS, "created", "modified"}


def test_event_addresses_from_one_reverse_are_those_of_reverse():
    for request in (RequestFactory().get("/"), RequestFactory().get("/", secure=True, HTTP_HOST="testserver:8443")):
        address = _event_urls(request)
        for pk in (1, 42, 918273645546372819 - 1, 2**63 - 1):
            assert address(pk) == _event_url(request, Event(pk=pk))


def test_dates_and_times_are_written_as_rfc_5545_values():
    start = datetime(2026, 3, 1, 21, 0, 7, 999999, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    timed = unsaved(7, title="t", starts_at=start, ends_at=start + timedelta(hours=1))
    body = ical.single_event(timed, "u")
    assert b"\r\nDTSTART:20260302T020007Z\r\nDTEND:20260302T030007Z\r\n" in body
    assert b"\r\nDTSTAMP:20260115T093012Z\r\n" in body and b"\r\nLAST-MODIFIED:20260115T093012Z\r\n" in body
    all_day = unsaved(8, title="d", starts_at=start, ends_at=start + timedelta(days=1), all_day=True)
    all_day.time_zone = "America/New_York"
    (vevent,) = icalendar.Calendar.from_ical(ical.single_event(all_day, "u")).walk("VEVENT")
    assert vevent.decoded("DTSTART") == date(2026, 3, 1) and vevent.decoded("DTEND") == date(2026, 3, 3)

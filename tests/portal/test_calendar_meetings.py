"""One joint calendar: the working groups' meetings beside the events (month grid, list, feed, a meeting's
.ics file), and every page writing an entry's time the same way (all-day entries as the dates at their venue)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.db.models import F
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_app.calendar.feeds import feed_token_for
from platform_app.calendar.models import Event
from platform_app.structure.models import Pillar
from tests.factories import EventFactory, MeetingFactory, reference_group
from tests.people import People
from tests.scenario import Scenario
from workinggroups.models import Meeting

pytestmark = pytest.mark.django_db

MEETING_LINK = re.compile(r'href="/working-groups/([^/]+)/meetings/(\d+)/"')
EVENT_LINK = re.compile(r'href="/calendar/events/(\d+)/"')


def linked_meetings(response) -> set[int]:
    return {int(pk) for _group, pk in MEETING_LINK.findall(response.content.decode())}


def linked_events(response) -> set[int]:
    return {int(pk) for pk in EVENT_LINK.findall(response.content.decode())}


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@compact-platform"


def feed_uids(client, user) -> set[str]:
    response = client.get(reverse("calendar:feed", kwargs={"token": feed_token_for(user)}))
    assert response.status_code == 200
    return {str(vevent["UID"]) for vevent in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def meetings(world: Scenario) -> dict[str, Meeting]:
    """The scenario's two meetings (BMLE, which Kenya is invited to read; PCVE, which it is not) in ten
    days, 09:00-11:00 UTC."""
    start = datetime.combine(timezone.now().date() + timedelta(days=10), time(9), tzinfo=UTC)
    for meeting in world.objects["meetings"].values():
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    return {name: Meeting.objects.get(pk=meeting.pk) for name, meeting in world.objects["meetings"].items()}


def _month(meeting: Meeting) -> str:
    return f"{meeting.starts_at:%Y-%m}"


# --- who sees which meeting ------------------------------------------------------------------------


def test_kenya_finds_the_meeting_of_the_group_it_is_invited_to_and_no_other(people: People, meetings, client):
    """The issue's acceptance test: BMLE's meeting is in Kenya's feed, month grid and list; PCVE's is not."""
    bmle, pcve = meetings["bmle"], meetings["pcve"]
    uids = feed_uids(client, people.state)
    assert meeting_uid(bmle) in uids and meeting_uid(pcve) not in uids
    client.force_login(people.state)
    month = client.get(reverse("calendar:month"), {"month": _month(bmle)})
    listing = client.get(reverse("calendar:list"))
    assert linked_meetings(month) == linked_meetings(listing) == {bmle.pk}
    assert f'href="/working-groups/BMLE/meetings/{bmle.pk}/"' in month.content.decode()


def test_norway_finds_no_meeting_of_a_group_it_may_not_read(people: People, meetings, client):
    uids = feed_uids(client, people.other_state)
    assert not {meeting_uid(meeting) for meeting in meetings.values()} & uids
    client.force_login(people.other_state)
    assert linked_meetings(client.get(reverse("calendar:month"), {"month": _month(meetings["bmle"])})) == set()
    assert linked_meetings(client.get(reverse("calendar:list"))) == set()


@pytest.mark.parametrize("role", ["secretariat", "cted", "entity", "state", "other_state", "regional"])
def test_each_role_finds_exactly_the_meetings_of_the_spaces_it_reads(role, people: People, world, meetings, client):
    expected = world.expected_ids("meetings", role)
    user = people.roles()[role]
    assert {uid for uid in feed_uids(client, user) if uid.startswith("meeting-")} == {
        meeting_uid(meeting) for meeting in meetings.values() if meeting.pk in expected
    }
    client.force_login(user)
    assert linked_meetings(client.get(reverse("calendar:month"), {"month": _month(meetings["bmle"])})) == expected
    assert linked_meetings(client.get(reverse("calendar:list"))) == expected


def test_an_expired_invitation_shows_no_meeting(people: People, meetings, client):
    """The African Union's invitation to BMLE ended in 2020."""
    assert meeting_uid(meetings["bmle"]) not in feed_uids(client, people.regional)


def test_the_feed_writes_a_meeting_as_a_timed_entry_with_its_page(people: People, meetings, client):
    bmle = meetings["bmle"]
    response = client.get(reverse("calendar:feed", kwargs={"token": feed_token_for(people.state)}))
    (vevent,) = [
        v for v in icalendar.Calendar.from_ical(response.content).walk("VEVENT") if v["UID"] == meeting_uid(bmle)
    ]
    assert vevent.decoded("DTSTART") == bmle.starts_at and vevent.decoded("DTEND") == bmle.ends_at
    assert str(vevent["SUMMARY"]) == bmle.title
    assert str(vevent["URL"]).endswith(f"/working-groups/BMLE/meetings/{bmle.pk}/")
    assert "Working-group meeting" in vevent["CATEGORIES"].to_ical().decode()


def test_the_feed_keeps_meetings_within_its_bounds(people: People, world, client, monkeypatch):
    """The feed holds FEED_MAX_EVENTS entries in all, events and meetings: the nearest to come first."""
    monkeypatch.setattr("platform_app.calendar.views.FEED_MAX_EVENTS", 3)
    now = timezone.now()
    bmle = reference_group("BMLE")

    def meeting(days: float) -> Meeting:
        return MeetingFactory(
            working_group=bmle, starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=1)
        )

    def event(days: float):
        return EventFactory(starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=1))

    too_old, recent, first, second, third, later = (
        meeting(-200),
        meeting(-3),
        meeting(1),
        event(2),
        meeting(3),
        event(4),
    )
    uids = feed_uids(client, people.state)
    assert uids == {meeting_uid(first), f"event-{second.pk}@compact-platform", meeting_uid(third)}
    monkeypatch.setattr("platform_app.calendar.views.FEED_MAX_EVENTS", 10)
    uids = feed_uids(client, people.state)
    assert meeting_uid(recent) in uids and f"event-{later.pk}@compact-platform" in uids
    assert meeting_uid(too_old) not in uids


# --- a meeting's .ics file -------------------------------------------------------------------------


def test_a_meeting_downloads_as_ics_for_its_readers_only(people: People, meetings, client):
    bmle, pcve = meetings["bmle"], meetings["pcve"]
    client.force_login(people.state)
    page = client.get(reverse("workinggroups:meeting", args=["BMLE", bmle.pk])).content.decode()
    ics_url = reverse("workinggroups:meeting_ics", args=["BMLE", bmle.pk])
    assert f'href="{ics_url}"' in page
    response = client.get(ics_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{bmle.pk}.ics"'
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["UID"]) == meeting_uid(bmle) and vevent.decoded("DTSTART") == bmle.starts_at
    # Another group's meeting, a meeting under another group's name, an unknown one: 404.
    assert client.get(reverse("workinggroups:meeting_ics", args=["PCVE", pcve.pk])).status_code == 404
    assert client.get(reverse("workinggroups:meeting_ics", args=["PCVE", bmle.pk])).status_code == 404
    assert client.get(reverse("workinggroups:meeting_ics", args=["BMLE", 10**12])).status_code == 404
    client.force_login(people.other_state)
    assert client.get(ics_url).status_code == 404
    client.logout()
    assert client.get(ics_url).status_code == 302  # to sign in


# --- the filters -----------------------------------------------------------------------------------


def test_the_filters_apply_to_meetings_where_they_mean_something(people: People, meetings, client):
    bmle, pcve = meetings["bmle"], meetings["pcve"]
    event = EventFactory(starts_at=bmle.starts_at, ends_at=bmle.ends_at, working_group=reference_group("BMLE"))
    event.pillars.set([Pillar.objects.first()])
    # The only event of the month: the scenario's are dated by the factory's sequence, which the tests run
    # before in the same process move on, month after month, into this one.
    away = timedelta(days=3650)
    Event.objects.exclude(pk=event.pk).update(starts_at=F("starts_at") - away, ends_at=F("ends_at") - away)
    client.force_login(people.entity)  # reads every space
    month = _month(bmle)
    # The list over the same days as the month (without them it runs from today on, past the month).
    first = bmle.starts_at.date().replace(day=1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    days = {"from": first.isoformat(), "to": last.isoformat()}

    def shown(**query) -> tuple[set[int], set[int]]:
        found = {}
        for name, extra in (("calendar:month", {"month": month}), ("calendar:list", days)):
            response = client.get(reverse(name), {**extra, **query})
            assert response.status_code == 200
            found[name] = (linked_meetings(response), linked_events(response))
        assert found["calendar:month"] == found["calendar:list"], query
        return found["calendar:list"]

    assert shown() == ({bmle.pk, pcve.pk}, {event.pk})
    assert shown(working_group=reference_group("BMLE").pk) == ({bmle.pk}, {event.pk})
    assert shown(working_group=reference_group("ETCIP").pk) == (set(), set())
    # Kinds: the meetings' own kind shows meetings only; an event's kind, events only.
    assert shown(kind="working_group_meeting") == ({bmle.pk, pcve.pk}, set())
    assert shown(kind="meeting") == (set(), {event.pk})
    # A meeting has no pillar and concerns no Member State: with those filters, no meeting.
    assert shown(pillar=event.pillars.get().number) == (set(), {event.pk})
    assert shown(country="KE") == (set(), set())
    # The search finds meetings by their words too.
    assert shown(q="PCVE plenary") == ({pcve.pk}, set())
    # The list's days.
    day = bmle.starts_at.date()
    listing = client.get(reverse("calendar:list"), {"from": str(day + timedelta(days=1))})
    assert linked_meetings(listing) == set()
    listing = client.get(reverse("calendar:list"), {"from": str(day), "to": str(day)})
    assert linked_meetings(listing) == {bmle.pk, pcve.pk}


def test_the_kind_select_offers_working_group_meetings(people: People, client):
    client.force_login(people.state)
    html = client.get(reverse("calendar:list")).content.decode()
    options = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert '<option value="working_group_meeting">Working-group meeting</option>' in options


def test_the_list_pages_events_and_meetings_in_order_of_start(people: People, client):
    now = timezone.now().replace(microsecond=0)
    bmle = reference_group("BMLE")
    rows = []
    for n in range(30):
        start = now + timedelta(days=1, hours=n)
        if n % 10 == 3:
            rows.append(("meeting", MeetingFactory(working_group=bmle, starts_at=start, ends_at=start).pk))
        else:
            rows.append(("event", EventFactory(starts_at=start, ends_at=start + timedelta(minutes=30)).pk))
    client.force_login(people.entity)  # reads every group's space
    order = []
    for number in ("1", "2"):
        html = client.get(reverse("calendar:list"), {"page": number}).content.decode()
        order += [
            ("meeting", int(m.group(2))) if m.group(2) else ("event", int(m.group(1)))
            for m in re.finditer(r'href="/(?:calendar/events/(\d+)|working-groups/BMLE/meetings/(\d+))/"', html)
        ]
        if number == "1":
            assert re.search(r'role="status">\s*30 events', html), re.findall(r'role="status">[^<]*', html)
    assert order == rows


def test_joint_rows_slice_as_one_list():
    """Any slice of the joint list is the same slice of the merge, an event first at the same start."""
    from platform_app.calendar.entries import CalendarEntry, JointRows

    class Events(list):
        query = SimpleNamespace(combinator=None, distinct=False, values_select=())  # a plain list of rows

        def order_by(self, *args):
            return self

        def values(self, *args):
            return self

        def count(self):
            return len(self)

        def values_list(self, *args, flat=False):
            return Events(item.starts_at for item in self)

        def __getitem__(self, index):
            found = list.__getitem__(self, index)
            return Events(found) if isinstance(index, slice) else found

    base = datetime(2030, 1, 1, tzinfo=UTC)

    def entry(name: str, hour: int) -> CalendarEntry:
        at = base + timedelta(hours=hour)
        return CalendarEntry(uid=name, title=name, starts_at=at, ends_at=at, url="/", kind="k", kind_label="K")

    events = Events(entry(f"e{hour}", hour) for hour in (0, 1, 1, 4, 5, 9))
    others = [entry(f"o{hour}", hour) for hour in (1, 2, 9, 12)]
    merged = sorted([*events, *others], key=lambda item: (item.starts_at, not item.uid.startswith("e")))
    rows = JointRows(events, others, 100, list)
    assert len(rows) == len(merged)
    for start in range(len(merged) + 1):
        for stop in range(start, len(merged) + 2):
            assert [item.uid for item in rows[start:stop]] == [item.uid for item in merged[start:stop]]


def test_the_registry_leaves_sources_out_for_filters_only_events_carry(people: People, meetings):
    from platform_app.calendar.entries import EntryFilters, entries_for

    user = people.secretariat
    assert {entry.uid for entry in entries_for(user, None, None, EntryFilters())} >= {
        f"meeting-{meeting.pk}" for meeting in meetings.values()
    }
    assert entries_for(user, None, None, EntryFilters(events_only=True)) == []
    assert entries_for(user, None, None, EntryFilters(kind="conference")) == []
    assert len(entries_for(user, None, None, EntryFilters(limit=1))) == 1


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_meetings(people: People, client):
    user = people.entity  # reads every group's space
    client.force_login(user)
    start = timezone.now() + timedelta(days=1)
    urls = [
        f"{reverse('calendar:month')}?month={start:%Y-%m}",
        reverse("calendar:list"),
        reverse("calendar:feed", kwargs={"token": feed_token_for(user)}),
    ]
    client.get(urls[0])  # the day's first visit is counted with an insert; later ones with an update

    def add(count: int) -> None:
        for n in range(count):
            at = start + timedelta(hours=n)
            MeetingFactory(working_group=reference_group("BMLE"), starts_at=at, ends_at=at + timedelta(hours=1))

    add(1)
    few = [_queries(client, url) for url in urls]
    add(20)
    assert [_queries(client, url) for url in urls] == few
    assert len(linked_meetings(client.get(urls[1]))) == 21


# --- how every page writes when an entry takes place -------------------------------------------------


def _all_day_event(day: date, **kwargs):
    """An all-day event on `day` at a venue in Los Angeles: midnight to midnight there."""
    zone = ZoneInfo("America/Los_Angeles")
    return EventFactory(
        all_day=True,
        time_zone="America/Los_Angeles",
        starts_at=datetime.combine(day, time.min, tzinfo=zone),
        ends_at=datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
        **kwargs,
    )


@pytest.mark.parametrize("zone", ["Africa/Nairobi", "UTC", "Pacific/Honolulu", "Asia/Tokyo"])
def test_an_all_day_event_shows_its_dates_at_the_venue_and_no_time(zone, people: People, client):
    day = timezone.now().date() + timedelta(days=5)
    event = _all_day_event(day, title="Regional consultation", working_group=reference_group("BMLE"))
    user = people.entity
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    client.force_login(user)
    written = f"{day.day} {day:%b %Y}"
    pages = {
        "home": client.get(reverse("home")),
        "group": client.get(reverse("workinggroups:detail", args=["BMLE"])),
        "list": client.get(reverse("calendar:list")),
        "event": client.get(reverse("calendar:event", args=[event.pk])),
    }
    for name, response in pages.items():
        html = response.content.decode()
        block = _block_of(html, "<dl" if name == "event" else "Regional consultation")
        assert f'<time datetime="{day.isoformat()}">{written}</time>' in block, (zone, name)
        # No time made up from the venue's midnight in the viewer's zone.
        assert not re.search(r"\d\d:\d\d", block), (zone, name, block)


def _block_of(html: str, marker: str) -> str:
    """The list item, table row or description list around `marker`."""
    at = html.index(marker)
    start = max(html.rfind(tag, 0, at + len(marker)) for tag in ("<li", "<tr", "<dl"))
    tag = html[start + 1 : start + 3]
    return html[start : html.index(f"</{tag}>", at) + len(tag) + 3]


def test_the_tag_writes_timed_entries_in_the_active_zone(people: People):
    meeting = MeetingFactory(
        starts_at=datetime(2030, 1, 15, 9, 0, tzinfo=UTC), ends_at=datetime(2030, 1, 15, 11, 0, tzinfo=UTC)
    )
    template = Template(
        "{% load calendar_time tz %}{% timezone 'Africa/Nairobi' %}"
        "[{% when m %}][{% when m style='long' part='end' %}][{% when m style='day' %}]{% endtimezone %}"
    )
    html = template.render(Context({"m": meeting}))
    assert ">15 Jan 2030 12:00</time> \u2013 <time" in html and ">14:00</time>]" in html
    assert ">Tuesday 15 January 2030, 14:00</time>]" in html
    assert '[<time datetime="2030-01-15">15 Jan 2030</time>]' in html


def test_the_tag_writes_a_span_of_days_once_each(people: People):
    event = _all_day_event(date(2030, 3, 2))
    event.ends_at += timedelta(days=2)
    html = Template("{% load calendar_time %}{% when e %}").render(Context({"e": event}))
    assert html == (
        '<time datetime="2030-03-02">2 Mar 2030</time> \u2013 <time datetime="2030-03-04">4 Mar 2030</time>'
        ' <span class="muted">(all day)</span>'
    )

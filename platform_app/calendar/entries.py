"""Entries of the joint calendar: its own events and what other apps put on it, in one shape.

The calendar shows its events and, beside them, the entries of every registered source. An app above the
platform (the working groups' meetings, from workinggroups/plugins.py) registers a source when it starts;
the calendar never imports it. A source is a function `(user, start, end, filters)` answering the entries
`user` may see (through its own `visible_to(user)`) that overlap [start, end): still going on at `start` or
after it, starting before `end` (None leaves that side open), narrowed by `filters` (`EntryFilters`):

- `working_group`: only that group's entries (a source whose entries belong to no group answers none);
- `text`: a search, as the lists' `q` (`platform_app.core.search.apply_search`);
- `limit`: at most that many, the first by start, or with `latest_first` the last by end.

The registry applies the rest itself: a source is asked only when no kind is chosen or its own kind is, and
not at all when a filter that only events carry is set (pillar, Member State, theme): its entries have none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.urls import reverse

from platform_app.calendar.models import Event
from platform_app.core.addresses import by_pk
from platform_app.core.paging import count_up_to
from platform_app.core.translated import reader_order
from platform_app.directory.models import Organization


@dataclass(frozen=True)
class CalendarEntry:
    """One entry as the calendar's pages, feeds and downloads show it. `url` is the entry's page (a path);
    `uid` stays the same across downloads and feeds, so calendar programs update the entry rather than copy
    it. Times are aware; an all-day entry runs from midnight to midnight in `time_zone`, the venue's."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    kind: str
    kind_label: str
    all_day: bool = False
    time_zone: str = "UTC"
    location: str = ""
    online_url: str = ""
    description: str = ""
    working_group: str = ""  # the group's short name
    organizers: tuple[str, ...] = ()
    updated_at: datetime | None = None
    created_at: datetime | None = None
    is_event: bool = False


@dataclass(frozen=True)
class EntryFilters:
    """What a page or feed asks of the sources (see the module's docstring)."""

    working_group: int | None = None
    kind: str = ""
    events_only: bool = False
    text: str = ""
    limit: int | None = None
    latest_first: bool = False


Source = Callable[[object, datetime | None, datetime | None, EntryFilters], Iterable[CalendarEntry]]


@dataclass(frozen=True)
class EntrySource:
    kind: str
    label: str
    entries: Source = field(compare=False)


_sources: dict[str, EntrySource] = {}


def register_source(kind: str, label, entries: Source) -> None:
    """Puts `entries` on the calendar under the kind `kind` (its `label` is offered among the kinds of the
    pages' filters); registering a kind again replaces its source."""
    _sources[kind] = EntrySource(kind, label, entries)


def source_kinds() -> list[tuple[str, str]]:
    """The registered kinds as choices: (value, label), in the order they were registered."""
    return [(source.kind, source.label) for source in _sources.values()]


def entries_for(user, start: datetime | None, end: datetime | None, filters: EntryFilters) -> list[CalendarEntry]:
    """The entries of every registered source that `user` may see, in order of start (or, `latest_first`,
    latest end first), `filters.limit` at most in all."""
    if filters.events_only:
        return []
    found: list[CalendarEntry] = []
    for source in _sources.values():
        if filters.kind and filters.kind != source.kind:
            continue
        found.extend(source.entries(user, start, end, filters))
    if filters.latest_first:
        found.sort(key=lambda entry: (entry.ends_at, entry.uid), reverse=True)
    else:
        found.sort(key=lambda entry: (entry.starts_at, entry.uid))
    return found if filters.limit is None else found[: filters.limit]


def page_filters(values: dict, text: str) -> EntryFilters:
    """The sources' filters for a page's valid filter values (`PageFilters.values`) and search."""
    group = values.get("working_group")
    return EntryFilters(
        working_group=getattr(group, "pk", None),
        kind=values.get("kind") or "",
        events_only=any(name in values for name in ("pillar", "country", "theme")),
        text=text,
    )


# The columns of an event its entry is made of (`event_entries`), the group's short name among them; an
# event's own entry (`from_event`) has when it was made and changed besides, which no page of many shows.
ENTRY_FIELDS = (
    "id",
    "title",
    "starts_at",
    "ends_at",
    "kind",
    "all_day",
    "time_zone",
    "location",
    "online_url",
    "working_group__short_name",
)


def _event_entry(row: dict, url: str, kind_label, organizers: tuple[str, ...] = ()) -> CalendarEntry:
    """An event as an entry, from its columns (ENTRY_FIELDS): the one place that says what of an event an
    entry holds, for `from_event` and `event_entries` alike."""
    return CalendarEntry(
        uid=f"event-{row['id']}",
        title=row["title"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        url=url,
        kind=row["kind"],
        kind_label=kind_label,
        all_day=row["all_day"],
        time_zone=row["time_zone"],
        location=row["location"],
        online_url=row["online_url"],
        working_group=row["working_group__short_name"] or "",
        organizers=organizers,
        updated_at=row.get("updated_at"),
        created_at=row.get("created_at"),
        is_event=True,
    )


def from_event(event: Event) -> CalendarEntry:
    """An event as an entry."""
    row = {name: getattr(event, name) for name in (*ENTRY_FIELDS, "updated_at", "created_at") if "__" not in name}
    row["working_group__short_name"] = event.working_group.short_name if event.working_group_id else ""
    return _event_entry(row, reverse("calendar:event", kwargs={"pk": event.pk}), event.get_kind_display())


def event_entries(events, *, organizers: bool = False) -> list[CalendarEntry]:
    """The entries of `events` (a queryset), read as rows of their columns rather than as model instances,
    and addressed by a route reversed once: what a page listing hundreds of them reads. `organizers` names
    each one's organizers too, read in one more query (`organizers_of`)."""
    address = by_pk("calendar:event")
    labels = dict(Event.Kind.choices)
    rows = list(events.values(*ENTRY_FIELDS))
    named = organizers_of([row["id"] for row in rows]) if organizers else {}
    return [
        _event_entry(row, address(row["id"]), labels.get(row["kind"], row["kind"]), named.get(row["id"], ()))
        for row in rows
    ]


def organizers_of(event_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The organizers of each of `event_ids`, in order of name, each named as an organization names itself
    (its acronym, else its name in the reader's language: `Organization.__str__`)."""
    if not event_ids:
        return {}
    links = Event.organizers.through.objects.filter(event_id__in=event_ids)
    named: dict[int, list[str]] = {}
    for event_id, name in links.order_by(
        reader_order(links.model, "organization__name"), "organization_id"
    ).values_list("event_id", Organization.str_in_sql(links.model, "organization__")):
        named.setdefault(event_id, []).append(name)
    return {event_id: tuple(names) for event_id, names in named.items()}


class JointRows:
    """A page's events (a queryset in order of start) and other entries (a list in order of start) as one
    list in order of start, for a paginator. Its length counts the events up to `limit` + 1; a slice reads
    the events on it (and, when other entries are there to place, the start times of the events before) and
    makes them entries with `as_entries` (`event_entries`, say)."""

    def __init__(self, events, others: list[CalendarEntry], limit: int, as_entries: Callable[..., list[CalendarEntry]]):
        self.events, self.others, self.limit, self.as_entries = events, others, limit, as_entries

    def __len__(self) -> int:
        return count_up_to(self.events, self.limit) + len(self.others)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        if not self.others:
            return self.as_entries(self.events[start:stop])
        starts = list(self.events.values_list("starts_at", flat=True)[:stop])
        # Walk the merge up to `stop`: an event before another entry of the same start.
        taken_events = taken_others = 0
        shown: list[bool] = []  # for each position from `start`: an event?
        while taken_events + taken_others < stop and (taken_events < len(starts) or taken_others < len(self.others)):
            is_event = taken_others >= len(self.others) or (
                taken_events < len(starts) and starts[taken_events] <= self.others[taken_others].starts_at
            )
            if taken_events + taken_others >= start:
                shown.append(is_event)
            if is_event:
                taken_events += 1
            else:
                taken_others += 1
        first_event = taken_events - sum(shown)
        first_other = taken_others - (len(shown) - sum(shown))
        events = iter(self.as_entries(self.events[first_event:taken_events]))
        others = iter(self.others[first_other:taken_others])
        return [next(events) if is_event else next(others) for is_event in shown]


def with_limit(filters: EntryFilters, limit: int | None, *, latest_first: bool = False) -> EntryFilters:
    return replace(filters, limit=limit, latest_first=latest_first)

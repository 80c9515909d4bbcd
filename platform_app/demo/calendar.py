"""The joint calendar: events over 2023-2027, stored in UTC from a local time at their venue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import vocabulary
from .base import Row, SeedContext, first_row_exists, sample_ids, weighted, write_rows

KIND_WEIGHTS = {
    "high_level": 6,
    "meeting": 22,
    "conference": 8,
    "workshop": 18,
    "webinar": 14,
    "side_event": 6,
    "visit": 8,
    "member_state_engagement": 8,
    "civil_society": 6,
    "other": 4,
}
# Kinds that last days rather than hours, and kinds that concern particular countries.
MULTI_DAY = {"conference", "workshop", "visit"}
ABOUT_COUNTRIES = {"visit", "member_state_engagement", "workshop"}
FIRST_DAY = date(2023, 1, 1)
DAYS = (date(2027, 12, 31) - FIRST_DAY).days


def _weekday(day: date) -> date:
    # Saturdays and Sundays move back to Friday, which keeps every event inside the period.
    return day - timedelta(days=max(0, day.weekday() - 4))


def event_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.calendar.models import Event

    rng = ctx.rng("events")
    ref = ctx.ref
    zones = {name: ZoneInfo(name) for _, name in vocabulary.VENUES}
    partners = ref.entities + ref.regional
    for i in range(ctx.plan.events):
        kind = weighted(rng, KIND_WEIGHTS)
        topic = rng.choice(vocabulary.TOPICS)
        venue, zone_name = ("Online", "UTC") if kind == "webinar" else rng.choice(vocabulary.VENUES)
        zone = zones[zone_name]
        day = _weekday(FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1)))
        if kind in MULTI_DAY and rng.random() < 0.7:
            start = datetime.combine(day, time(9, 0), tzinfo=zone)
            end = datetime.combine(day + timedelta(days=rng.randint(1, 3)), time(17, 30), tzinfo=zone)
            all_day = True
        else:
            start = datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 30))), tzinfo=zone)
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 180)))
            all_day = False
        first_organizer = (
            rng.choice(ref.entities) if rng.random() < 0.8 else rng.choice(ref.engaged_states + ref.regional)
        )
        organizers = [first_organizer.id, *sample_ids(rng, partners, 0, 2, exclude=[first_organizer.id])]
        countries = []
        if kind in ABOUT_COUNTRIES and rng.random() < 0.6:
            countries = sample_ids(rng, ref.engaged_states, 1, 3)
        elif first_organizer.kind == "member_state":
            countries = [first_organizer.id]
        group = rng.choice(ref.groups) if rng.random() < 0.25 else None
        visibility = "platform"
        allowed: list[int] = []
        if group and rng.random() < 0.25:
            visibility = "working_group"
        elif rng.random() < 0.05:
            visibility = "restricted"
            allowed = sorted(set(organizers) | set(sample_ids(rng, ref.engaged_states, 1, 2)))
        online = venue == "Online" or rng.random() < 0.3
        event = Event(
            title=vocabulary.event_title(rng, kind, topic=topic),
            description=vocabulary.paragraph(rng, rng.randint(1, 2), topic=topic),
            kind=kind,
            starts_at=start.astimezone(UTC),
            ends_at=end.astimezone(UTC),
            time_zone=zone_name,
            all_day=all_day,
            location="" if venue == "Online" else venue,
            online_url=f"https://meet.example.org/compact/event-{i + 1}" if online else "",
            working_group_id=group.id if group else None,
            visibility=visibility,
            created_by_id=ctx.user_of(rng, first_organizer.id),
        )
        m2m = {
            "organizers": organizers,
            "countries": countries,
            "pillars": sample_ids(rng, ref.pillars, 0, 2),
            "themes": sample_ids(rng, ref.themes, 1, 2),
            "allowed_organizations": allowed,
        }
        yield Row(event, m2m=m2m)


def events_present(ctx: SeedContext) -> bool:
    return first_row_exists(event_rows(ctx), lambda e: {"title": e.title, "starts_at": e.starts_at})


def seed_events(ctx: SeedContext, progress) -> Counter:
    return write_rows(event_rows(ctx), batch_size=ctx.batch_size, progress=progress, written=Counter())

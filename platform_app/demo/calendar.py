"""The joint calendar: events over the three years before the demo's day and the year after it, stored in
UTC from a local time at their venue.

Where an event takes place follows whom it concerns (places.py): a mission to a State goes to that State,
a regional workshop to a State of the region, a duty station or online, and an event that concerns no
State in particular to a duty station or online. Its title names the State or the region, and is drawn
for the theme it is tagged with.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import places, vocabulary
from .base import Org, Row, SeedContext, at_work, before, sample_ids, weighted

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
# Kinds that last days rather than hours.
MULTI_DAY = {"conference", "workshop", "visit"}
# Whom each kind concerns: one State, the States of a region, or none in particular.
SCOPE_WEIGHTS = {
    "visit": {"national": 85, "regional": 15},
    "workshop": {"national": 35, "regional": 35, "global": 30},
    "member_state_engagement": {"national": 30, "global": 70},
    "meeting": {"national": 10, "regional": 20, "global": 70},
    "conference": {"regional": 40, "global": 60},
    "high_level": {"regional": 30, "global": 70},
}
GLOBAL = {"global": 1}
# Events from three years before the demo's day to one year after it.
DAYS_BEFORE, DAYS_AFTER = 3 * 365, 365


def _weekday(day: date) -> date:
    # Saturdays and Sundays move back to Friday.
    return day - timedelta(days=max(0, day.weekday() - 4))


def _duty_station(rng: random.Random) -> tuple[str, str]:
    name = weighted(rng, places.DUTY_STATION_WEIGHTS)
    return next(station for station in places.UN_DUTY_STATIONS if station[0] == name)


def _place(rng: random.Random, kind: str, concerned: list[Org]) -> tuple[str, str]:
    """(city, zone) of an event concerning these States; ("", "UTC") when it is held online."""
    if kind == "webinar" or rng.random() < 0.15:
        return places.ONLINE
    if len(concerned) == 1:
        return rng.choice(places.cities_of(concerned[0].iso2) or (places.ONLINE,))
    if concerned and rng.random() < 0.6:
        return rng.choice(places.cities_of(rng.choice(concerned).iso2) or (places.ONLINE,))
    return _duty_station(rng)


def _region_states(ctx: SeedContext) -> dict[str, list[Org]]:
    """The States each regional phrase speaks of, those with focal points when there are two or more."""
    found = {}
    for phrase, codes in places.REGION_STATES.items():
        engaged = [s for s in ctx.ref.engaged_states if s.iso2 in codes]
        found[phrase] = engaged if len(engaged) >= 2 else [s for s in ctx.ref.member_states if s.iso2 in codes]
    return found


def event_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.calendar.models import Event

    rng = ctx.rng("events")
    ref = ctx.ref
    zones: dict[str, ZoneInfo] = {}
    partners = ref.entities + ref.regional
    first_day = ctx.today - timedelta(days=DAYS_BEFORE)
    regions = _region_states(ctx)
    for i in range(ctx.plan.events):
        kind = weighted(rng, KIND_WEIGHTS)
        first_organizer = (
            rng.choice(ref.entities) if rng.random() < 0.8 else rng.choice(ref.engaged_states + ref.regional)
        )
        scope = weighted(rng, SCOPE_WEIGHTS.get(kind, GLOBAL))
        if first_organizer.kind == "member_state" and scope != "global":
            # A State organizes events at home, or at a duty station for everyone.
            scope = "national"
        region, concerned = "", []
        if scope == "national":
            concerned = [first_organizer if first_organizer.kind == "member_state" else rng.choice(ref.engaged_states)]
        elif scope == "regional":
            region = rng.choice(vocabulary.REGIONS)
            pool = regions[region]
            concerned = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
        group = rng.choice(ref.groups) if rng.random() < 0.25 else None
        theme, topic = ref.subject(rng, group)
        venue, zone_name = _place(rng, kind, concerned)
        zone = zones.setdefault(zone_name, ZoneInfo(zone_name))
        day = _weekday(first_day + timedelta(days=rng.randrange(DAYS_BEFORE + DAYS_AFTER + 1)))
        if kind in MULTI_DAY and rng.random() < 0.7:
            start = datetime.combine(day, time(9, 0), tzinfo=zone)
            end = datetime.combine(day + timedelta(days=rng.randint(1, 3)), time(17, 30), tzinfo=zone)
            all_day = True
        else:
            start = datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 30))), tzinfo=zone)
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 180)))
            all_day = False
        organizers = [first_organizer.id, *sample_ids(rng, partners, 0, 2, exclude=[first_organizer.id])]
        visibility = "platform"
        allowed: list[int] = []
        if group and rng.random() < 0.25:
            visibility = "working_group"
        elif rng.random() < 0.05:
            visibility = "restricted"
            allowed = sorted(set(organizers) | set(sample_ids(rng, ref.engaged_states, 1, 2)))
        online = venue == "" or rng.random() < 0.3
        country = vocabulary.in_text(concerned[0].name) if scope == "national" else ""
        # Announced some weeks ahead, and never after the demo's day.
        announced = before(rng, at_work(rng, day - timedelta(days=rng.randint(14, 120))), ctx.now)
        event = Event(
            title=vocabulary.event_title(rng, kind, topic=topic, region=region, country=country),
            description=vocabulary.paragraph(rng, rng.randint(1, 2), topic=topic, region=region),
            kind=kind,
            starts_at=start.astimezone(UTC),
            ends_at=end.astimezone(UTC),
            time_zone=zone_name,
            all_day=all_day,
            location=venue,
            online_url=f"https://meet.example.org/compact/event-{i + 1}" if online else "",
            working_group_id=group.id if group else None,
            visibility=visibility,
            created_by_id=ctx.user_of(rng, first_organizer.id),
            created_at=announced,
            updated_at=announced,
        )
        m2m = {
            "organizers": organizers,
            "countries": [state.id for state in concerned],
            "pillars": sample_ids(rng, ref.pillars, 0, 2),
            "themes": ref.tags(rng, theme),
            "allowed_organizations": allowed,
        }
        yield Row(event, m2m=m2m)


def event_key(event) -> dict:
    """The fields an event is found by."""
    return {"title": event.title, "starts_at": event.starts_at}

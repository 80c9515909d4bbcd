"""Guests invited to working groups.

Kenya is invited to two groups and the AU to one, Norway to none, so the demo shows a Member
State reading a space it was invited to and one that was not invited. The groups' spaces
(meetings, workplans, posts) are seeded by workinggroups/demo.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .base import Row, SeedContext, sample_ids

FIXED_GUESTS = (("PCVE", "acronym", "AU"), ("BMLE", "iso2", "KE"), ("CJLR-CFT", "iso2", "KE"))
NEVER_INVITED = "NO"
GUESTS_PER_GROUP = 2


def guest_rows(ctx: SeedContext) -> Iterator[Row]:
    from platform_app.structure.models import WorkingGroupGuest

    rng = ctx.rng("guests")
    ref = ctx.ref
    invited_by = ctx.demo_users.get("secretariat")
    candidates = [s for s in ref.engaged_states if s.iso2 != NEVER_INVITED] + ref.regional
    for group in ref.groups:
        members = {org for org, _ in group.memberships}
        fixed = [
            (ref.by_acronym.get(value) if field == "acronym" else ref.by_iso2.get(value))
            for short_name, field, value in FIXED_GUESTS
            if short_name == group.short_name
        ]
        guests = [o.id for o in fixed if o and o.id not in members]
        guests += sample_ids(rng, candidates, GUESTS_PER_GROUP, GUESTS_PER_GROUP, exclude=[*members, *guests])
        for org_id in guests:
            # Some invitations run to the end of next year; none has expired on the demo's day.
            expires = date(ctx.today.year + 1, 12, 31) if rng.random() < 0.3 else None
            yield Row(
                WorkingGroupGuest(
                    working_group_id=group.id, organization_id=org_id, invited_by_id=invited_by, expires_on=expires
                )
            )


def guest_key(guest) -> dict:
    """The fields a guest is found by."""
    return {"working_group_id": guest.working_group_id, "organization_id": guest.organization_id}

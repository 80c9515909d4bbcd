"""Adding an event to the Joint Calendar, with the checks of its group and audience."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platform_app.calendar.models import Event
from platform_app.core.revisions import write_record
from platform_app.directory.models import Organization
from platform_app.directory.sharing import _acting_organization, _check_group_and_visibility
from platform_app.structure.models import ThematicArea


@transaction.atomic
def event_create(
    *,
    user,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = Event.Kind.MEETING,
    description: str = "",
    time_zone: str = "UTC",
    all_day: bool = False,
    location: str = "",
    online_url: str = "",
    working_group=None,
    countries: Iterable[Organization] = (),
    themes: Iterable[ThematicArea] = (),
    pillars: Iterable = (),
    visibility: str = "platform",
    allowed_organizations: Iterable[Organization] = (),
    organization: Organization | None = None,
) -> Event:
    allowed_organizations = list(allowed_organizations)
    _check_group_and_visibility(user, working_group, visibility, allowed_organizations, group_required=True)
    organizer = _acting_organization(user, organization)
    if ends_at < starts_at:
        raise ValidationError({"ends_at": [_("The event cannot end before it starts.")]})
    event = Event(
        title=title,
        description=description,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        all_day=all_day,
        location=location,
        online_url=online_url,
        working_group=working_group,
        visibility=visibility,
        created_by=user,
    )
    named = allowed_organizations if visibility == "restricted" else None
    relations = {"organizers": [organizer], "countries": countries, "themes": themes, "pillars": pillars}
    return write_record(event, relations={**relations, "allowed_organizations": named})

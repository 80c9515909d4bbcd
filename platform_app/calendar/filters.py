"""The API's filters of events."""

from __future__ import annotations

import django_filters as filters

from platform_app.calendar.models import Event
from platform_app.core.filters import ChangeFilterSet, IsoDateTimeFilter
from platform_app.directory.filters import CountryCodeFilter
from platform_app.structure.filters import _theme, pillar_filter, working_group_filter


class EventFilterSet(ChangeFilterSet):
    starts_after = IsoDateTimeFilter(
        field_name="ends_at", lookup_expr="gte", label="Still going on or after this time."
    )
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label="Starting before this time.")
    working_group = working_group_filter()
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    country = CountryCodeFilter(field_name="countries")

    class Meta:
        model = Event
        fields = ["working_group", "kind", "pillar", "theme", "country"]

import django_filters as filters

from platform_app.core.filters import ChangeFilterSet, IntegerFilter, IsoDateTimeFilter
from platform_app.structure.filters import pillar_filter, working_group_filter
from platform_app.structure.models import WorkingGroup
from workinggroups.models import Meeting


class WorkingGroupFilterSet(ChangeFilterSet):
    short_name = filters.CharFilter(lookup_expr="iexact", max_length=32, strip=False, label="PCVE, BMLE, ETCIP…")
    number = IntegerFilter(min_value=1, max_value=1000, label="The group's number.")
    pillar = pillar_filter()

    class Meta:
        model = WorkingGroup
        fields = ["short_name", "number", "pillar"]


class MeetingFilterSet(ChangeFilterSet):
    working_group = working_group_filter()
    starts_after = IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte", label="Starting at or after this time.")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label="Starting before this time.")

    class Meta:
        model = Meeting
        fields = ["working_group"]

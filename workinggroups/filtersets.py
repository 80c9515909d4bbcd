import django_filters as filters

from platform_app.filtersets import IntegerFilter, IsoDateTimeFilter, pillar_filter, working_group_filter

from .models import Meeting, WorkingGroup


class WorkingGroupFilterSet(filters.FilterSet):
    short_name = filters.CharFilter(lookup_expr="iexact", max_length=32, strip=False, label="PCVE, BMLE, ETCIP…")
    number = IntegerFilter(min_value=1, max_value=1000)
    pillar = pillar_filter()

    class Meta:
        model = WorkingGroup
        fields = ["short_name", "number", "pillar"]


class MeetingFilterSet(filters.FilterSet):
    working_group = working_group_filter()
    starts_after = IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["working_group"]

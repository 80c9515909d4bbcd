"""The API's filter of the snapshots' history."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import IsoDateTimeFilter
from platform_app.metrics.models import MetricSnapshot


class MetricHistoryFilterSet(filters.FilterSet):
    source = filters.ChoiceFilter(choices=MetricSnapshot.Source.choices)
    since = IsoDateTimeFilter(field_name="as_of", lookup_expr="gte", label="Snapshots as of this time or later.")

    class Meta:
        model = MetricSnapshot
        fields = ["source", "since"]

"""The API's filters of organizations and focal points."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import BooleanFilter, ChangeFilterSet, CountryCodeFilter, ReferenceFilter, _by_id
from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.filters import _language, _theme


def _organization(field_name: str, label: str, **kwargs):
    return ReferenceFilter(
        field_name=field_name,
        queryset=Organization.objects.all(),
        value_field=_by_id(),
        distinct=False,
        label=label,
        **kwargs,
    )


class OrganizationFilterSet(ChangeFilterSet):
    kind = filters.ChoiceFilter(choices=Organization.Kind.choices)
    compact_status = filters.ChoiceFilter(choices=Organization.CompactStatus.choices)
    acronym = filters.CharFilter(
        lookup_expr="iexact", max_length=32, strip=False, label="Acronym, case-insensitive (UNODC, AU…)."
    )
    region = filters.ChoiceFilter(choices=Organization.Region.choices)

    class Meta:
        model = Organization
        fields = ["kind", "compact_status", "acronym", "region"]


class FocalPointFilterSet(ChangeFilterSet):
    organization = _organization("organization", "Organization id.")
    kind = filters.ChoiceFilter(
        field_name="organization__kind", choices=Organization.Kind.choices, label="Kind of organization."
    )
    expertise = _theme("expertise", "Thematic area slug of expertise.")
    language = _language("languages")
    country = CountryCodeFilter(field_name="organization")
    is_primary = BooleanFilter(label="true: only the main focal point of each organization; false: the others.")

    class Meta:
        model = FocalPoint
        fields = ["organization", "kind", "expertise", "language", "country", "is_primary"]

"""The API's filters of the Member States' pages and entries."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import ChangeFilterSet
from platform_app.countries.models import CountryEntry, CountryPage
from platform_app.directory.filters import CountryCodeFilter
from platform_app.structure.filters import _theme


class CountryPageFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="member_state")

    class Meta:
        model = CountryPage
        fields = ["country"]


class CountryEntryFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="page__member_state")
    kind = filters.ChoiceFilter(choices=CountryEntry.Kind.choices)
    thematic_area = _theme("thematic_area")

    class Meta:
        model = CountryEntry
        fields = ["country", "kind", "thematic_area"]

"""The API's filters of projects and appeals."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import ChangeFilterSet, IntegerFilter
from platform_app.directory.filters import CountryCodeFilter, _organization
from platform_app.projects.models import Appeal, Project
from platform_app.structure.filters import _theme, pillar_filter


class ProjectFilterSet(ChangeFilterSet):
    lead_entity = _organization("lead_entity", "Lead entity id.")
    status = filters.ChoiceFilter(choices=Project.Status.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    beneficiary_country = CountryCodeFilter(field_name="beneficiary_states")

    class Meta:
        model = Project
        fields = ["lead_entity", "status", "pillar", "theme", "beneficiary_country"]


class AppealFilterSet(ChangeFilterSet):
    year = IntegerFilter(method="covering_year", label="Appeals covering this year.", min_value=1900, max_value=2200)

    class Meta:
        model = Appeal
        fields = ["year"]

    def covering_year(self, qs, name, value):
        return qs.filter(start_year__lte=value, end_year__gte=value)

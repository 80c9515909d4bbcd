"""The API's filters of assessments and recommendations."""

from __future__ import annotations

import django_filters as filters

from platform_app.core.filters import MAX_ID, BooleanFilter, ChangeFilterSet, IntegerFilter
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.filters import CountryCodeFilter
from platform_app.structure.filters import _theme


class AssessmentFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="member_state")
    kind = filters.ChoiceFilter(choices=CountryAssessment.Kind.choices)
    shared_with_entities = BooleanFilter(label="Whether the assessed State shares it with Compact entities.")

    class Meta:
        model = CountryAssessment
        fields = ["country", "kind", "shared_with_entities"]


class RecommendationFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="assessment__member_state")
    status = filters.ChoiceFilter(choices=Recommendation.Status.choices)
    priority = filters.ChoiceFilter(choices=Recommendation.Priority.choices)
    thematic_area = _theme("thematic_area")
    assessment = IntegerFilter(field_name="assessment_id", min_value=1, max_value=MAX_ID, label="Assessment id.")

    class Meta:
        model = Recommendation
        fields = ["country", "status", "priority", "thematic_area", "assessment"]

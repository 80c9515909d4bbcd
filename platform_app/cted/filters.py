"""The filters of assessments (the API) and of recommendations (the API, a country's page and the gaps page).

Both CTED pages read their query string through `RecommendationFilterSet`, the API's filter set of
recommendations: a country's page with its `sidebar`, the page of the recommendations no project responds
to yet with `GAP_SIDEBAR` (`gap_filters`), which counts by region and thematic area the rows it lists.
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.fields import MultipleChoiceField

from platform_app.core.filters import MAX_ID, BooleanFilter, ChangeFilterSet, IntegerFilter, ListFilterSet, Offer
from platform_app.core.formhtml import label_options
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.filters import CountryCodeFilter
from platform_app.directory.models import Organization
from platform_app.structure.filters import _theme

# The gaps page lists these unless the reader picks statuses.
OPEN_STATUSES = (Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS)


# The gaps page's sidebar (a country's page has the filter set's own `sidebar`).
GAP_SIDEBAR = {
    "country": Offer(_("Country"), _("Unknown country.")),
    "region": Offer(_("Region"), _("Unknown region.")),
    "thematic_area": Offer(_("Thematic area"), _("Unknown thematic area.")),
    "priority": Offer(_("Priority"), _("Unknown priority.")),
    "status": Offer(_("Status"), _("Unknown status."), filter="statuses"),
}


class AssessmentFilterSet(ChangeFilterSet):
    country = CountryCodeFilter(field_name="member_state")
    kind = filters.ChoiceFilter(choices=CountryAssessment.Kind.choices)
    shared_with_entities = BooleanFilter(label="Whether the assessed State shares it with Compact entities.")

    class Meta:
        model = CountryAssessment
        fields = ["country", "kind", "shared_with_entities"]


class ChoicesField(MultipleChoiceField):
    """Any of the choices, the parameter repeated; an empty value is no value (`?statuses=` filters nothing)."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item not in EMPTY_VALUES]


class ChoicesFilter(filters.MultipleChoiceFilter):
    field_class = ChoicesField


class RecommendationFilterSet(ListFilterSet):
    # A country's page; the gaps page reads the same filters with GAP_SIDEBAR (gap_filters).
    sidebar = {
        "status": Offer(_("Status"), _("Unknown status.")),
        "thematic_area": Offer(_("Thematic area"), _("Unknown thematic area.")),
        "priority": Offer(_("Priority"), _("Unknown priority.")),
    }

    country = CountryCodeFilter(field_name="assessment__member_state")
    status = filters.ChoiceFilter(choices=Recommendation.Status.choices)
    priority = filters.ChoiceFilter(choices=Recommendation.Priority.choices)
    thematic_area = _theme("thematic_area")
    assessment = IntegerFilter(field_name="assessment_id", min_value=1, max_value=MAX_ID, label="Assessment id.")
    region = filters.ChoiceFilter(
        field_name="assessment__member_state__region",
        choices=Organization.Region.choices,
        label="Region of the assessed Member State.",
    )
    statuses = ChoicesFilter(
        field_name="status",
        choices=Recommendation.Status.choices,
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        label="Any of these statuses; repeat the parameter for each (statuses=open&statuses=in_progress).",
    )

    class Meta:
        model = Recommendation
        fields = ["country", "status", "priority", "thematic_area", "assessment", "region", "statuses"]

    def prepare_page_form(self, form: forms.Form) -> None:
        if self.sidebar is not GAP_SIDEBAR:
            return
        # The gaps page offers the countries with an assessment the reader may see, by name, as their ISO 3166
        # alpha-3 codes: any other code is unknown, whether or not the country was assessed.
        user = getattr(self.request, "user", None)
        assessed = CountryAssessment.objects.visible_to(user).values("member_state_id")
        country = form.fields["country"]
        country.queryset = Organization.objects.visible_to(user).filter(pk__in=assessed).named().order_by("name")
        country.to_field_name = "iso_alpha3"
        label_options(country, "name")
        form.fields["status"].help_text = _("None chosen: open and in progress.")


def gap_filters(data=None, queryset=None, **kwargs) -> RecommendationFilterSet:
    """The recommendations' filter set as the gaps page reads it (`core.filters.read_page`): GAP_SIDEBAR,
    where no status chosen (an empty value included) is open and in progress, ticked so the reader sees
    which statuses are listed."""
    data = data.copy() if data is not None else QueryDict(mutable=True)
    chosen = [value for value in data.getlist("status") if value]
    data.setlist("status", chosen or [str(status) for status in OPEN_STATUSES])
    return RecommendationFilterSet(data, queryset, sidebar=GAP_SIDEBAR, **kwargs)

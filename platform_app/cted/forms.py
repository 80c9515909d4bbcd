"""Forms of the CTED pages: filters of recommendations, the assessed State's consent, and progress."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import ISO3, LookupField, choice_filter, lookup_conditions
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.forms import theme_field

# As the API accepts (platform_app/core/api/inputs.py): longer notes are pasted by mistake.
MAX_NOTE = 20_000


# The gaps page shows these unless the reader picks statuses.
OPEN_STATUSES = (Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS)


class RecommendationFilterForm(forms.Form):
    """Filters of a country's recommendations. A malformed or unknown value is reported and left out."""

    status = choice_filter(_("Status"), Recommendation.Status.choices, _("Unknown status."))
    thematic_area = theme_field()
    priority = choice_filter(_("Priority"), Recommendation.Priority.choices, _("Unknown priority."))

    def conditions(self) -> list[Q]:
        data = getattr(self, "cleaned_data", {})
        return lookup_conditions(data, status="status", thematic_area="thematic_area", priority="priority")


class CountryLookupField(LookupField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class GapFilterForm(forms.Form):
    """Filters of the recommendations no project responds to yet."""

    country = CountryLookupField(
        None,
        to_field_name="iso_alpha3",
        label=_("Country"),
        unknown=_("Unknown country."),
        pattern=ISO3,
        upper=True,
    )
    region = choice_filter(_("Region"), Organization.Region.choices, _("Unknown region."))
    thematic_area = theme_field()
    priority = choice_filter(_("Priority"), Recommendation.Priority.choices, _("Unknown priority."))
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=Recommendation.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open and in progress."),
        error_messages={"invalid_choice": _("Unknown status.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only countries with an assessment the reader may see: any other code is "unknown", whether or not
        # the country was assessed.
        assessed = CountryAssessment.objects.visible_to(user).values("member_state_id")
        field = self.fields["country"]
        field.queryset = Organization.objects.visible_to(user).filter(pk__in=assessed).order_by("name")
        field.empty_label = _("Any")

    def statuses(self) -> list[str]:
        chosen = getattr(self, "cleaned_data", {}).get("status")
        return list(chosen) if chosen else [str(status) for status in OPEN_STATUSES]

    def conditions(self) -> list[Q]:
        data = getattr(self, "cleaned_data", {})
        return [
            Q(status__in=self.statuses()),
            *lookup_conditions(
                data,
                country="assessment__member_state",
                region="assessment__member_state__region",
                thematic_area="thematic_area",
                priority="priority",
            ),
        ]


class SharingForm(forms.Form):
    """The assessed State's decision: may Compact entities see this assessment?"""

    shared = forms.TypedChoiceField(
        label=_("Share this assessment with Compact entities"),
        choices=[
            ("true", _("Yes: focal points of Compact entities may read it and its recommendations")),
            ("false", _("No: only the State, CTED and the Secretariat read it")),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose yes or no.")},
    )

    @classmethod
    def for_assessment(cls, assessment: CountryAssessment) -> SharingForm:
        return cls(initial={"shared": "true" if assessment.shared_with_entities else "false"})


class ProgressForm(forms.Form):
    """Where the assessed State stands on one recommendation."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Recommendation.Status.choices,
        error_messages={"invalid_choice": _("Unknown status.")},
    )
    progress_note = forms.CharField(
        label=_("Progress note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What has been done, and what remains. Seen by everyone who may read this recommendation."),
    )

    # The revision the form was filled from: a save by someone else meanwhile makes this one a conflict.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    @classmethod
    def for_recommendation(cls, recommendation: Recommendation) -> ProgressForm:
        return cls(
            initial={
                "status": recommendation.status,
                "progress_note": recommendation.progress_note,
                "revision": recommendation.revision,
            }
        )

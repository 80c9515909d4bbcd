"""Forms of the CTED pages: the assessed State's consent, and progress. The pages' filters of recommendations
are the API's filter set (cted.filters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_app.cted.models import CountryAssessment, Recommendation

# As the API accepts (platform_app/core/api/inputs.py): longer notes are pasted by mistake.
MAX_NOTE = 20_000


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

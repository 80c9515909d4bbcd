"""The CTED recommendations a project of the Matrix responds to: who may set them, how they are set,
the form the project's page offers, and what a reader may see of them.

Only the project's lead entity (and the Secretariat) link it to recommendations, and only to those they
may see: the links to recommendations hidden from them are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_app.core.forms import SearchableSelectMultiple
from platform_app.cted.models import Recommendation
from platform_app.cted.policies import may_set_responses
from platform_app.projects.models import Project


def project_responses_visible_to(user, project: Project) -> QuerySet:
    """The recommendations `project` responds to that `user` may see, by country, assessment and number."""
    return (
        Recommendation.objects.visible_to(user)
        .filter(responding_projects=project)
        .select_related("assessment__member_state", "thematic_area")
        .order_by("assessment__member_state__name", "assessment_id", "number")
    )


@transaction.atomic
def project_set_responses(*, user, project: Project, recommendations: Iterable[Recommendation]) -> Project:
    """The lead entity says which recommendations its project responds to.

    The caller replaces only the links it can see: links to recommendations hidden from it (another
    State's, not shared) are kept as they are.
    """
    may_set_responses(user, project).check()
    visible = Recommendation.objects.visible_to(user)
    chosen = {rec.pk for rec in recommendations}
    not_visible = chosen - set(visible.filter(pk__in=chosen).values_list("pk", flat=True))
    if not_visible:
        raise ValidationError({"responds_to": [_("Unknown recommendation: %(id)s.") % {"id": min(not_visible)}]})
    hidden_links = set(
        project.responds_to.exclude(pk__in=visible.filter(responding_projects=project).values("pk")).values_list(
            "pk", flat=True
        )
    )
    project.responds_to.set(chosen | hidden_links)
    return project


def recommendation_label(recommendation: Recommendation) -> str:
    return _("No. %(number)s (%(area)s): %(text)s") % {
        "number": recommendation.number,
        "area": recommendation.thematic_area.name,
        "text": Truncator(recommendation.text).chars(90),
    }


class ProjectResponsesForm(forms.Form):
    """The CTED recommendations a project responds to, among those the person acting may see.

    The choices are grouped by country, read in one query; a value that is not among them (another
    State's recommendation, a malformed id) is refused like an unknown one.
    """

    recommendations = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Recommendations this project responds to"),
        required=False,
        coerce=int,
        help_text=gettext_lazy("Links to recommendations you cannot see are kept."),
        widget=SearchableSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose among the recommendations listed.")},
    )

    def __init__(self, *args, visible: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = visible
        rows = visible.select_related("assessment__member_state", "thematic_area").order_by(
            "assessment__member_state__name", "assessment_id", "number"
        )
        groups: dict[str, list] = {}
        for recommendation in rows:
            groups.setdefault(recommendation.assessment.member_state.name, []).append(
                (recommendation.pk, recommendation_label(recommendation))
            )
        field = self.fields["recommendations"]
        field.choices = list(groups.items())
        field.widget.attrs["size"] = 12

    def chosen(self) -> QuerySet:
        return self.visible.filter(pk__in=self.cleaned_data["recommendations"])

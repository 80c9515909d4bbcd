"""Forms of the Member States' pages and of requests for tailored support.

Choices are limited to what the person may pick (their State's own recommendations, entities, their
organization's projects), so an id from elsewhere is "not one of the choices", never a silent write.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import INVALID_CHOICE, MAX_TEXT, SearchableSelectMultiple, _model, _models
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.models import AppealProject, Project
from platform_app.structure.forms import pillar_label
from platform_app.structure.models import Pillar, ThematicArea, WorkingGroup
from platform_app.support.models import SupportRequest


class RequestForm(forms.Form):
    """What a State asks for. `state` limits the recommendations to its own."""

    title = forms.CharField(label=_("Title"), max_length=255)
    needs = forms.CharField(
        label=_("What is needed"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What support, for whom, and by when."),
    )
    thematic_area = _model(ThematicArea.objects.order_by("name"), _("Thematic area"))
    pillar = _model(Pillar.objects.order_by("number"), _("Pillar of the Global Strategy"))
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=SupportRequest.Urgency.choices, initial=SupportRequest.Urgency.ROUTINE
    )
    recommendations = _models(
        Recommendation.objects.none(),
        _("CTED recommendations it answers"),
        help_text=_("Your State's own."),
        widget=SearchableSelectMultiple,
    )
    working_groups = _models(WorkingGroup.objects.order_by("number"), _("Working groups it concerns"))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, state: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = (
            Recommendation.objects.filter(assessment__member_state=state)
            .select_related("assessment", "thematic_area")
            .order_by("-assessment__visit_start", "assessment_id", "number")
        )
        self.fields["recommendations"].label_from_instance = lambda r: f"#{r.number} {r.text[:120]}"
        self.fields["pillar"].label_from_instance = pillar_label

    @classmethod
    def for_request(cls, request: SupportRequest) -> RequestForm:
        return cls(
            state=request.member_state,
            initial={
                "title": request.title,
                "needs": request.needs,
                "thematic_area": request.thematic_area_id,
                "pillar": request.pillar_id,
                "urgency": request.urgency,
                "recommendations": list(request.recommendations.values_list("pk", flat=True)),
                "working_groups": list(request.working_groups.values_list("pk", flat=True)),
                "revision": request.revision,
            },
        )


class RouteForm(forms.Form):
    working_groups = _models(WorkingGroup.objects.filter(is_active=True).order_by("number"), _("Working groups"))
    organizations = _models(
        Organization.objects.filter(kind=Organization.Kind.ENTITY, is_active=True).order_by("acronym"),
        _("Compact entities"),
        widget=SearchableSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        # The request's page also holds the form closing it, with a note of its own.
        kwargs.setdefault("auto_id", "route-%s")
        super().__init__(*args, **kwargs)
        self.fields["organizations"].label_from_instance = lambda o: o.display_name

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("working_groups") and not cleaned.get("organizations") and not self.errors:
            raise forms.ValidationError(_("Choose at least one working group or entity."))
        return cleaned


class OfferForm(forms.Form):
    """An entity's offer; the projects are those its organization leads."""

    description = forms.CharField(
        label=_("What your organization can provide"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    project = _model(Project.objects.none(), _("Through the project"), required=False)
    appeal_project = _model(AppealProject.objects.none(), _("Through the Multi-Year Appeal project"), required=False)

    def __init__(self, *args, organization_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.filter(lead_entity_id=organization_id).order_by("code")
        self.fields["project"].queryset = projects
        self.fields["appeal_project"].queryset = AppealProject.objects.filter(
            project__lead_entity_id=organization_id
        ).select_related("appeal", "project")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the offer")), ("decline", _("Decline the offer"))],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class NoteForm(forms.Form):
    """The note of closing or withdrawing; its ids are its own beside the routing form's note."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)

"""Spreadsheet import and export of CTED's recommendations."""

from __future__ import annotations

from import_export import fields

from platform_app.core.resources import CompactResource, KeyListWidget, KeyWidget
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.projects.models import Project
from platform_app.structure.models import ThematicArea


class RecommendationResource(CompactResource):
    """Recommendations keyed by assessment id and number; the theme by name, responding projects by code."""

    assessment = fields.Field(
        attribute="assessment", column_name="assessment", widget=KeyWidget(CountryAssessment, "pk")
    )
    member_state = fields.Field(column_name="member_state", readonly=True)
    thematic_area = fields.Field(
        attribute="thematic_area",
        column_name="thematic_area",
        widget=KeyWidget(ThematicArea, "name", case_insensitive=True),
    )
    responding_projects = fields.Field(
        attribute="responding_projects",
        column_name="responding_projects",
        widget=KeyListWidget(Project, "code"),
    )

    export_select_related = ("assessment__member_state", "thematic_area")
    export_prefetch_related = ("responding_projects",)

    class Meta(CompactResource.Meta):
        model = Recommendation
        fields = (
            "assessment",
            "member_state",
            "number",
            "thematic_area",
            "text",
            "priority",
            "status",
            "progress_note",
            "responding_projects",
        )
        import_id_fields = ("assessment", "number")

    def dehydrate_member_state(self, recommendation: Recommendation) -> str:
        # Read-only, so a reader of the export sees which State an assessment id stands for.
        return recommendation.assessment.member_state.name if recommendation.assessment_id else ""

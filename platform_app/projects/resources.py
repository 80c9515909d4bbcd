"""Spreadsheet import and export of the projects of the Matrix."""

from __future__ import annotations

from import_export import fields

from platform_app.core.resources import CompactResource, KeyListWidget
from platform_app.directory.models import Organization
from platform_app.directory.resources import OrganizationListWidget, OrganizationWidget
from platform_app.projects.models import Project
from platform_app.structure.models import Pillar, ThematicArea


class ProjectResource(CompactResource):
    """Projects keyed by code; the lead entity and partners by acronym, beneficiary States by ISO code."""

    lead_entity = fields.Field(
        attribute="lead_entity",
        column_name="lead_entity",
        widget=OrganizationWidget(kinds=(Organization.Kind.ENTITY,)),
    )
    partners = fields.Field(attribute="partners", column_name="partners", widget=OrganizationListWidget())
    beneficiary_states = fields.Field(
        attribute="beneficiary_states",
        column_name="beneficiary_states",
        widget=OrganizationListWidget(kinds=(Organization.Kind.MEMBER_STATE,)),
    )
    pillars = fields.Field(attribute="pillars", column_name="pillars", widget=KeyListWidget(Pillar, "number"))
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=KeyListWidget(ThematicArea, "name", case_insensitive=True)
    )

    export_select_related = ("lead_entity",)
    export_prefetch_related = ("partners", "beneficiary_states", "pillars", "themes")

    class Meta(CompactResource.Meta):
        model = Project
        fields = (
            "code",
            "title",
            "description",
            "lead_entity",
            "partners",
            "beneficiary_states",
            "pillars",
            "themes",
            "budget",
            "status",
            "start_date",
            "end_date",
        )
        import_id_fields = ("code",)

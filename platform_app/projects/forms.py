"""Forms of the Matrix of UN projects: its filters and their lookup fields."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import (
    ID,
    ISO3,
    PILLAR,
    SLUG,
    FilterForm,
    LookupField,
    choice_filter,
    lookup_conditions,
    search_field,
)
from platform_app.core.viewer import ENTITY, MEMBER_STATE
from platform_app.directory.models import Organization
from platform_app.projects.models import Project
from platform_app.structure.models import Pillar, ThematicArea


class OrganizationLookupField(LookupField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class PillarLookupField(LookupField):
    def label_from_instance(self, obj) -> str:
        return _("Pillar %(roman)s — %(name)s") % {"roman": obj.roman, "name": obj.name}


def theme_field() -> LookupField:
    """A thematic area by its slug, or "Any"."""
    field = LookupField(
        ThematicArea.objects.all(),
        to_field_name="slug",
        label=_("Thematic area"),
        unknown=_("Unknown thematic area."),
        pattern=SLUG,
    )
    field.empty_label = _("Any")
    return field


class ProjectFilterForm(FilterForm):
    """The Matrix's query string. A malformed or unknown value is reported and that filter left out."""

    q = search_field(_("Search the projects"))
    entity = OrganizationLookupField(
        None, label=_("Entity (lead or partner)"), unknown=_("Unknown entity."), pattern=ID
    )
    pillar = PillarLookupField(
        Pillar.objects.all(), to_field_name="number", label=_("Pillar"), unknown=_("Unknown pillar."), pattern=PILLAR
    )
    theme = theme_field()
    country = LookupField(
        None,
        to_field_name="iso_alpha3",
        label=_("Beneficiary country"),
        unknown=_("Unknown country."),
        pattern=ISO3,
        upper=True,
    )
    status = choice_filter(_("Status"), Project.Status.choices, _("Unknown status."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.visible_to(user)
        self.fields["entity"].queryset = organizations.filter(kind=ENTITY).order_by("acronym", "name")
        self.fields["country"].queryset = organizations.filter(kind=MEMBER_STATE).order_by("name")
        self.fields["entity"].empty_label = _("Any")
        self.fields["pillar"].empty_label = _("Any")
        self.fields["country"].empty_label = _("Any")

    def conditions(self) -> list[Q]:
        """The filters of the valid values; each names one object, so no join repeats a project."""
        data = getattr(self, "cleaned_data", {})
        conditions = []
        if entity := data.get("entity"):
            # Partners through a subquery: joining them would list a project once per partner.
            partnered = Project.partners.through.objects.filter(organization_id=entity.pk).values("project_id")
            conditions.append(Q(lead_entity_id=entity.pk) | Q(pk__in=partnered))
        return conditions + lookup_conditions(
            data, pillar="pillars", theme="themes", country="beneficiary_states", status="status"
        )

"""The filters of the Matrix of UN projects (its page, its CSV export and the API) and of appeals (the API)."""

from __future__ import annotations

import django_filters as filters
from django.core.validators import EMPTY_VALUES
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_app.core.filters import (
    UNMATCHED,
    ChangeFilterSet,
    IntegerFilter,
    ListFilterSet,
    Offer,
    ReferenceFilter,
    _by_id,
)
from platform_app.directory.filters import CountryCodeFilter, _organization
from platform_app.directory.models import Organization
from platform_app.projects.models import Appeal, Project
from platform_app.structure.filters import _theme, pillar_filter


def _entities(request):
    """The Compact entities the reader may see, as the Matrix's sidebar lists them."""
    user = getattr(request, "user", None)
    return (
        Organization.objects.visible_to(user).filter(kind=Organization.Kind.ENTITY).named().order_by("acronym", "name")
    )


class LeadOrPartnerFilter(ReferenceFilter):
    """The projects an entity leads or is a partner of, each once."""

    def __init__(self, **kwargs):
        super().__init__(queryset=_entities, value_field=_by_id(), distinct=False, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if value is UNMATCHED:
            return qs.none()
        # Partners through a subquery: joining them would list a project once per partner.
        partnered = Project.partners.through.objects.filter(organization_id=value.pk).values("project_id")
        return qs.filter(Q(lead_entity_id=value.pk) | Q(pk__in=partnered))


class ProjectFilterSet(ListFilterSet):
    sidebar = {
        "entity": Offer(_("Entity (lead or partner)"), _("Unknown entity.")),
        "pillar": Offer(_("Pillar"), _("Unknown pillar.")),
        "theme": Offer(_("Thematic area"), _("Unknown thematic area.")),
        "country": Offer(_("Beneficiary country"), _("Unknown country."), filter="beneficiary_country"),
        "status": Offer(_("Status"), _("Unknown status.")),
    }
    search_label = _("Search the projects")

    lead_entity = _organization("lead_entity", "Lead entity id.")
    status = filters.ChoiceFilter(choices=Project.Status.choices)
    pillar = pillar_filter()
    theme = _theme("themes")
    beneficiary_country = CountryCodeFilter(field_name="beneficiary_states")
    # field_name only tells the schema the value is an organization's id; filter() reads both relations.
    entity = LeadOrPartnerFilter(field_name="lead_entity", label="Lead or partner entity id.")

    class Meta:
        model = Project
        fields = ["lead_entity", "status", "pillar", "theme", "beneficiary_country", "entity"]

    def prepare_page_form(self, form) -> None:
        form.fields["entity"].label_from_instance = lambda entity: entity.display_name
        form.fields["pillar"].label_from_instance = _pillar_label
        # The sidebar offers each country by its ISO 3166 alpha-3 code, as links and bookmarks name it.
        form.fields["country"].to_field_name = "iso_alpha3"


def _pillar_label(pillar) -> str:
    return _("Pillar %(roman)s — %(name)s") % {"roman": pillar.roman, "name": pillar.name}


class AppealFilterSet(ChangeFilterSet):
    year = IntegerFilter(method="covering_year", label="Appeals covering this year.", min_value=1900, max_value=2200)

    class Meta:
        model = Appeal
        fields = ["year"]

    def covering_year(self, qs, name, value):
        return qs.filter(start_year__lte=value, end_year__gte=value)

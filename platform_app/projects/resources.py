"""Spreadsheet import and export of the projects of the Matrix."""

from __future__ import annotations

import re
from collections.abc import Iterable

from import_export import fields

from platform_app.core.resources import LIST_SEPARATOR, CompactResource, KeyListWidget, split_keys
from platform_app.directory.models import Organization
from platform_app.directory.resources import OrganizationListWidget, OrganizationWidget
from platform_app.projects.models import Project
from platform_app.structure.forms import pillar_label
from platform_app.structure.models import Pillar, ThematicArea

# "Pillar III — Building States' capacity…", in any language: a word, the pillar's number (3 or III) and,
# after a dash or a colon, its name.
PILLAR_KEY = re.compile(r"^(?:\w+\s+)?(?P<number>\d+|[IVX]+)(?:\s*[\u2014\u2013:-]\s*(?P<name>.+))?$", re.IGNORECASE)


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def pillars_text(pillars: Iterable[Pillar]) -> str:
    """Pillars as a person reads them in a spreadsheet cell: each with its numeral and name, in order."""
    return f"{LIST_SEPARATOR} ".join(pillar_label(pillar) for pillar in sorted(pillars, key=lambda p: p.number))


class PillarListWidget(KeyListWidget):
    """Pillars written with their names (pillars_text), and read back from that, from their number (3),
    their numeral (III, "Pillar III") or their name alone. A name that is not the numbered pillar's fails
    the row, as an unknown key does: the cell contradicts itself."""

    def __init__(self, **kwargs):
        super().__init__(Pillar, "number", **kwargs)

    @staticmethod
    def _pillar(key: str, by_number: dict[int, Pillar]) -> Pillar | None:
        for pillar in by_number.values():
            if key.casefold() == pillar.name.casefold():
                return pillar
        match = PILLAR_KEY.match(key)
        if match is None:
            return None
        number = match["number"]
        pillar = by_number.get(int(number) if number.isdigit() else ROMAN.get(number.upper(), 0))
        if pillar is None or (match["name"] and match["name"].strip().casefold() != pillar.name.casefold()):
            return None
        return pillar

    def clean(self, value, row=None, **kwargs):
        keys = split_keys(value)
        if not keys:
            return []
        by_number = {pillar.number: pillar for pillar in Pillar.objects.all()}
        found = {key: self._pillar(key, by_number) for key in keys}
        unknown = [key for key, pillar in found.items() if pillar is None]
        if unknown:
            raise ValueError(f"No pillar with number or name: {', '.join(unknown)}")
        return list(dict.fromkeys(found[key] for key in keys))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return pillars_text(value.all())


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
    pillars = fields.Field(attribute="pillars", column_name="pillars", widget=PillarListWidget())
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

"""Spreadsheet import and export of organizations and focal points."""

from __future__ import annotations

from django.db.models import Q
from import_export import fields, widgets

from platform_app.core.resources import (
    LIST_SEPARATOR,
    CompactResource,
    IsoDateTimeWidget,
    KeyListWidget,
    TextListWidget,
    UserWidget,
    split_keys,
)
from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.models import Language, ThematicArea


def organization_key(organization: Organization) -> str:
    # The English acronym, whatever the language of the admin: a file names organizations the same way for all.
    return organization.acronym_en or organization.iso_alpha3 or organization.name


def resolve_organizations(keys: list[str], *, kinds: tuple[str, ...] = ()) -> list[Organization]:
    """The organizations named by acronym or ISO alpha-3 code, in the order given, in one query."""
    if not keys:
        return []
    candidates = Organization.objects.filter(Q(acronym__in=keys) | Q(iso_alpha3__in=[key.upper() for key in keys]))
    if kinds:
        candidates = candidates.filter(kind__in=kinds)
    by_acronym, by_iso3 = {}, {}
    for organization in candidates:
        # By its English acronym, or as the reader's language writes it (ONUDC in French).
        for acronym in (organization.acronym_en, organization.acronym):
            if acronym:
                by_acronym[acronym] = organization
        if organization.iso_alpha3:
            by_iso3[organization.iso_alpha3] = organization
    found, unknown = [], []
    for key in keys:
        organization = by_acronym.get(key) or by_iso3.get(key.upper())
        if organization:
            found.append(organization)
        else:
            unknown.append(key)
    if unknown:
        what = " or ".join(str(Organization.Kind(kind).label) for kind in kinds) if kinds else "organization"
        raise ValueError(f"No {what} with acronym or ISO alpha-3 code: {', '.join(unknown)}")
    return found


class OrganizationWidget(widgets.ForeignKeyWidget):
    """One organization, by acronym (or ISO alpha-3 code for a Member State)."""

    def __init__(self, *, kinds: tuple[str, ...] = (), **kwargs):
        super().__init__(Organization, field="acronym", **kwargs)
        self.kinds = kinds

    def clean(self, value, row=None, **kwargs):
        keys = split_keys(value)
        if len(keys) > 1:
            raise ValueError(f"Expected one organization, got {len(keys)}: {value}")
        return resolve_organizations(keys, kinds=self.kinds)[0] if keys else None

    def render(self, value, obj=None, **kwargs):
        return organization_key(value) if value else ""


class OrganizationListWidget(widgets.ManyToManyWidget):
    """Several organizations in one cell, by acronym or ISO alpha-3 code."""

    def __init__(self, *, kinds: tuple[str, ...] = (), **kwargs):
        super().__init__(Organization, separator=LIST_SEPARATOR, field="acronym", **kwargs)
        self.kinds = kinds

    def clean(self, value, row=None, **kwargs):
        return resolve_organizations(split_keys(value), kinds=self.kinds)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(sorted(organization_key(org) for org in value.all()))


class OrganizationResource(CompactResource):
    """Organizations keyed by acronym, or by ISO alpha-3 code for Member States (which have no acronym)."""

    aliases = fields.Field(attribute="aliases", column_name="aliases", widget=TextListWidget(), default=list)

    class Meta(CompactResource.Meta):
        model = Organization
        fields = (
            "acronym",
            "iso_alpha3",
            "iso_alpha2",
            "kind",
            "name",
            "compact_status",
            "region",
            "subregion",
            "aliases",
            "website",
            "description",
            "is_active",
            "source",
        )
        # Both columns must be in the file; get_instance() decides which one identifies the row.
        import_id_fields = ("acronym", "iso_alpha3")

    def get_instance(self, instance_loader, row):
        iso_alpha3 = str(row.get("iso_alpha3") or "").strip().upper()
        acronym = str(row.get("acronym") or "").strip()
        if iso_alpha3:
            # A State's code is stable; an acronym added later must not turn it into a new row.
            return Organization.objects.filter(iso_alpha3=iso_alpha3).first()
        if acronym:
            return Organization.objects.filter(acronym=acronym).first()
        raise ValueError("Each row needs an acronym, or an ISO alpha-3 code for a Member State.")


class FocalPointResource(CompactResource):
    """Focal points keyed by their user account (username or email); organizations by acronym or ISO code."""

    user = fields.Field(attribute="user", column_name="user", widget=UserWidget())
    first_name = fields.Field(attribute="user__first_name", column_name="first_name", readonly=True)
    last_name = fields.Field(attribute="user__last_name", column_name="last_name", readonly=True)
    organization = fields.Field(attribute="organization", column_name="organization", widget=OrganizationWidget())
    expertise = fields.Field(
        attribute="expertise",
        column_name="expertise",
        widget=KeyListWidget(ThematicArea, "name", case_insensitive=True),
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=KeyListWidget(Language, "code", case_insensitive=True)
    )
    confirmed_at = fields.Field(attribute="confirmed_at", column_name="confirmed_at", widget=IsoDateTimeWidget())

    export_select_related = ("user", "organization")
    export_prefetch_related = ("expertise", "languages")

    class Meta(CompactResource.Meta):
        model = FocalPoint
        fields = (
            "user",
            "first_name",
            "last_name",
            "organization",
            "title",
            "job_title",
            "department",
            "email",
            "phone",
            "mobile",
            "city",
            "hide_email",
            "hide_phone",
            "expertise",
            "languages",
            "is_primary",
            "is_active",
            "confirmed_at",
        )
        import_id_fields = ("user",)

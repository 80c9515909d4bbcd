"""Organizations of the Compact (entities, Member States, regional organizations) and their focal points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.core.cldr import lazy_region_name, subregion_name
from platform_app.core.models import TimeStampedModel
from platform_app.core.querysets import ReferenceQuerySet, VisibleQuerySet
from platform_app.core.translated import reader_value
from platform_app.core.viewer import Viewer
from platform_app.structure.models import Language, ThematicArea


class FocalPointQuerySet(VisibleQuerySet):
    def _visible_filter(self, viewer: Viewer) -> Q:
        # The directory lists people who may use the platform; deactivated ones only for the Secretariat.
        return Q(is_active=True, user__is_active=True)


class OrganizationQuerySet(ReferenceQuerySet):
    def named(self):
        """The organizations with only what names them (`Organization.NAMING_FIELDS`): what a list offering
        them to choose from reads, rather than every column (the aliases' JSON, the description, the
        sources), a tenth of the time for the Member States."""
        return self.only(*Organization.NAMING_FIELDS)


class Organization(TimeStampedModel):
    """A Compact entity, a Member State or an international/regional organization."""

    class Kind(models.TextChoices):
        ENTITY = "entity", _("Compact entity")
        MEMBER_STATE = "member_state", _("Member State")
        REGIONAL_ORG = "regional_org", _("International/regional organization")

    class CompactStatus(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    class Region(models.TextChoices):
        # The UN M49 regions, named by CLDR in the reader's language (platform_app.core.cldr).
        AFRICA = "africa", lazy_region_name("africa")
        AMERICAS = "americas", lazy_region_name("americas")
        ASIA = "asia", lazy_region_name("asia")
        EUROPE = "europe", lazy_region_name("europe")
        OCEANIA = "oceania", lazy_region_name("oceania")

    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=255)
    acronym = models.CharField(max_length=32, blank=True, help_text="Short name, unique where given.")
    compact_status = models.CharField(
        max_length=16, choices=CompactStatus.choices, blank=True, help_text="Compact entities only."
    )
    iso_alpha2 = models.CharField("ISO 3166 alpha-2", max_length=2, blank=True)
    iso_alpha3 = models.CharField("ISO 3166 alpha-3", max_length=3, blank=True)
    region = models.CharField(max_length=16, choices=Region.choices, blank=True)
    subregion = models.CharField(max_length=64, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names found in source documents.")
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    source = models.TextField(blank=True, help_text="Where the reference facts come from.")

    SEARCH_FIELDS = ("name", "acronym", "iso_alpha3")
    # Its codes, acronym and name (modeltranslation reads each language's column of the last two): what its
    # `str`, `display_name` and the filters' values are made of.
    NAMING_FIELDS = ("kind", "iso_alpha2", "iso_alpha3", "acronym", "name")

    objects = OrganizationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organization_kind_name_unique"),
            models.UniqueConstraint(fields=["acronym"], condition=~Q(acronym=""), name="organization_acronym_unique"),
            models.UniqueConstraint(
                fields=["iso_alpha2"], condition=~Q(iso_alpha2=""), name="organization_iso2_unique"
            ),
            models.UniqueConstraint(
                fields=["iso_alpha3"], condition=~Q(iso_alpha3=""), name="organization_iso3_unique"
            ),
            models.CheckConstraint(
                condition=(Q(kind="entity") & Q(compact_status__in=["member", "observer"]))
                | (~Q(kind="entity") & Q(compact_status="")),
                name="organization_status_only_for_entities",
            ),
            models.CheckConstraint(
                condition=~Q(kind="member_state")
                | (Q(iso_alpha2__regex=r"^[A-Z]{2}$") & Q(iso_alpha3__regex=r"^[A-Z]{3}$") & ~Q(region="")),
                name="organization_member_state_has_codes",
            ),
            models.CheckConstraint(
                condition=Q(kind="member_state") | (Q(iso_alpha2="") & Q(iso_alpha3="")),
                name="organization_codes_only_for_states",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    @classmethod
    def str_in_sql(cls, model=None, via: str = ""):
        """What `str()` says of an organization, as an expression: its acronym, else its name in the reader's
        language (else in English). Read from `model` through the relation `via` ("organization__") when the
        query starts elsewhere."""
        return Coalesce(
            NullIf(F(f"{via}acronym"), Value("")),
            reader_value(model or cls, f"{via}name"),
            output_field=models.CharField(),
        )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym and self.acronym != self.name else self.name

    @property
    def subregion_name(self) -> str:
        """The M49 subregion in the reader's language (`subregion` keeps its English name)."""
        return subregion_name(self.subregion)


class FocalPoint(TimeStampedModel):
    """A person nominated by an organization to use the platform."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_point")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="focal_points")
    title = models.CharField(max_length=32, blank=True, help_text="Form of address, e.g. Ms., Mr., Dr.")
    job_title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Work email shown in the directory.")
    phone = models.CharField(max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    city = models.CharField(max_length=100, blank=True)
    hide_email = models.BooleanField(default=False)
    hide_phone = models.BooleanField(default=False)
    expertise = models.ManyToManyField(ThematicArea, blank=True, related_name="focal_points")
    languages = models.ManyToManyField(Language, blank=True, related_name="focal_points")
    is_primary = models.BooleanField(default=False, help_text="The organization's main focal point.")
    is_active = models.BooleanField(default=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="Last time the nomination was confirmed.")
    # SEARCH_FIELDS' text in one column, a line each, for a trigram index: on PostgreSQL database triggers
    # own it (see migrations 0011 and 0019), following edits of the person, the user, the organization, the
    # person's expertise and languages, and the names of themes and languages.
    search_text = models.TextField(editable=False, blank=True, default="")

    # What the directory's search reads: the person, their organization, and what they know (the expertise
    # and languages a colleague looks for: "border police").
    SEARCH_FIELDS = (
        "user__first_name",
        "user__last_name",
        "job_title",
        "department",
        "organization__name",
        "organization__acronym",
        "expertise__name",
        "languages__name",
    )
    SEARCH_TEXT = "search_text"

    objects = FocalPointQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[expertise, languages], excluded_fields=["search_text"])

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        indexes = [models.Index(fields=["updated_at", "id"], name="focal_point_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(is_primary=True), name="focal_point_one_primary_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"

    @property
    def kind(self) -> str:
        return self.organization.kind

"""What a Member State shares of itself, and the support it asks of the Compact.

A State's page carries dated entries (its counter-terrorism priorities, challenges and good practices),
each seen by the audience its authors chose. A request for tailored support goes from the State to the
Secretariat, who routes it to working groups and entities; entities answer with offers the State accepts
or declines. Each of those steps is written down as a SupportStep: what happened, when, who did it, and the
request's status afterwards, so the State reads the whole thread.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage, language_field
from platform_app.core.models import AuditEvent, RevisionedModel, TimeStampedModel
from platform_app.core.querysets import ReferenceQuerySet, VisibleQuerySet
from platform_app.core.storage import StoredFileField
from platform_app.core.uploads import validate_upload
from platform_app.core.viewer import ENTITY, Viewer
from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea


class CountryEntryQuerySet(VisibleQuerySet):
    """A State's entries: all of them to the State itself; to others, those not hidden whose audience
    takes them in (every focal point, Compact entities, or the named organizations)."""

    entry_path = ""

    def _visible_filter(self, viewer: Viewer) -> Q:
        p = self.entry_path
        named = CountryEntry.allowed_organizations.through.objects.filter(organization_id=viewer.organization_id)
        audience = Q(**{f"{p}audience": "platform"}) | Q(
            **{f"{p}audience": "named", f"{p}pk__in": named.values("countryentry_id")}
        )
        if viewer.organization_kind == ENTITY:
            audience |= Q(**{f"{p}audience": "entities"})
        return Q(**{f"{p}page__member_state_id": viewer.organization_id}) | (Q(**{f"{p}is_hidden": False}) & audience)


class EntryAttachmentQuerySet(CountryEntryQuerySet):
    entry_path = "entry__"


class CountryPage(TimeStampedModel):
    """A Member State's own page: an overview its focal points write, and the entries below it."""

    member_state = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="country_page",
        limit_choices_to={"kind": Organization.Kind.MEMBER_STATE},
    )
    overview = models.TextField(blank=True, help_text="The State's counter-terrorism efforts in a few paragraphs.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReferenceQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["member_state__name"]

    def __str__(self) -> str:
        return str(self.member_state.name)


class CountryEntry(DetectsLanguage, RevisionedModel):
    """One dated priority, challenge or good practice of a State, seen by the audience chosen for it.

    The Secretariat may hide an entry, giving its reason; the State keeps seeing it with the reason, and
    the history keeps every hiding and restoring with who did it.
    """

    class Kind(models.TextChoices):
        PRIORITY = "priority", pgettext_lazy("country entry", "Priority")
        CHALLENGE = "challenge", _("Challenge")
        GOOD_PRACTICE = "good_practice", _("Good practice")

    class Audience(models.TextChoices):
        PLATFORM = "platform", _("Every focal point")
        ENTITIES = "entities", _("Compact entities only")
        NAMED = "named", _("Named organizations only")

    page = models.ForeignKey(CountryPage, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=255)
    text = models.TextField()
    language = language_field()
    dated_on = models.DateField(help_text="The date the entry speaks of.")
    pillar = models.ForeignKey(
        "platform_app.Pillar", on_delete=models.PROTECT, null=True, blank=True, related_name="country_entries"
    )
    thematic_area = models.ForeignKey(
        ThematicArea, on_delete=models.PROTECT, null=True, blank=True, related_name="country_entries"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PLATFORM)
    allowed_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="country_entries_shared", help_text="For named organizations only."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(default=False, help_text="Hidden by the Secretariat from all but the State.")
    moderation_reason = models.TextField(blank=True, help_text="Why the entry was hidden or restored.")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    search_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("title", "text")

    objects = CountryEntryQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[allowed_organizations], excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-dated_on", "-id"]
        verbose_name_plural = "country entries"
        indexes = [
            models.Index(fields=["page", "-dated_on", "-id"], name="country_entry_page_date"),
            models.Index(fields=["updated_at", "id"], name="country_entry_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="country_entry_title_not_empty"),
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(moderation_reason=""), name="country_entry_hidden_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def member_state_id(self) -> int:
        return self.page.member_state_id


def entry_file_path(instance: EntryAttachment, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"countries/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class EntryAttachment(models.Model):
    """A file attached to a country entry, seen by whoever sees the entry."""

    entry = models.ForeignKey(CountryEntry, on_delete=models.CASCADE, related_name="attachments")
    file = StoredFileField(upload_to=entry_file_path, max_length=255, validators=[validate_upload])
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntryAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return self.original_filename

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """Downloads of a file whose entry's audience is narrower than every focal point are in the audit
        log (platform_app.core.audit.confidential_kind)."""
        if self.entry.audience != CountryEntry.Audience.PLATFORM:
            return AuditEvent.Kind.ENTRY_FILE_DOWNLOAD
        return None

"""Documents of the Thematic Resource Library and their versions, with who may see them."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_app.core.languages import DetectsLanguage
from platform_app.core.models import AuditEvent, RevisionedModel, Visibility
from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.storage import StoredFileField
from platform_app.core.uploads import validate_upload
from platform_app.core.viewer import Viewer
from platform_app.directory.models import Organization
from platform_app.directory.sharing import SharedObjectQuerySet
from platform_app.library.extraction import Status
from platform_app.structure.models import Language, ThematicArea

# How much of a version's text is searched and quoted: its first 100,000 characters, some 15,000 words, the
# whole of nearly every report. A tsvector records word positions up to 16,383 and holds at most 1 MB, so a
# longer prefix would add words without places to rank or quote them by, and risk the limit; ts_headline and
# the snippets read no further either. Migration 0024 writes the same figure into the database's function.
CONTENT_SEARCHED = 100_000


# What a document's search matches on PostgreSQL (core.search): its title and description (`search_vector`)
# followed by its current text (`content_vector`), joined by the database function `compact_document_searched`
# and stored by the document's trigger rather than joined for each row a search reads; read through
# `compact_searched`, under whose expression the GIN index is, for the price the planner should put on a match
# (migration 0032).
SEARCHED_FUNCTION = "compact_searched"
SEARCHED_VECTOR = Func(F("searched_vector"), function=SEARCHED_FUNCTION, output_field=SearchVectorField())


class DocumentQuerySet(SharedObjectQuerySet):
    creator_field = "uploaded_by_id"

    def _sharer_filter(self, viewer: Viewer) -> Q:
        return Q(organization_id=viewer.organization_id)

    def search_extra(self, word: str) -> Q:
        """Where core.search matches words as substrings (SQLite): the word is also found in the text of the
        document's current version, within what is searched of it."""
        texts = DocumentText.objects.current().annotate(searched=Left("content", CONTENT_SEARCHED))
        holding = texts.filter(searched__icontains=word)
        return Q(pk__in=holding.values("version__document"))


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    """Documents without their `content_vector` and `searched_vector`, which may weigh a hundred kilobytes and
    which no page or answer shows: a document read through `objects` and saved writes only the columns it read."""

    def get_queryset(self):
        return super().get_queryset().defer("content_vector", "searched_vector")


class DocumentVersionQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        return self.filter(document__in=Document.objects.visible_to(user).values("pk"))


class Document(DetectsLanguage, RevisionedModel):
    """An entry of the thematic resource library; its files are its versions."""

    class Type(models.TextChoices):
        REPORT = "report", _("Report")
        PUBLICATION = "publication", _("Publication")
        GUIDANCE = "guidance", _("Guidance and tools")
        POLICY = "policy", _("Policy paper or brief")
        MEETING_SUMMARY = "meeting_summary", _("Meeting summary")
        CONCEPT_NOTE = "concept_note", _("Concept note or agenda")
        PRESENTATION = "presentation", _("Presentation")
        STATEMENT = "statement", _("Statement or speech")
        TRAINING = "training", _("Training material")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    # Indexed with the list's order (Meta.indexes), as are the language and the organization.
    document_type = models.CharField(max_length=32, choices=Type.choices, default=Type.OTHER)
    # Blank in a form: detected from the title and description when saved (core.languages).
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="documents", blank=True, db_index=False
    )
    themes = models.ManyToManyField(ThematicArea, blank=True, related_name="documents")
    pillars = models.ManyToManyField("platform_app.Pillar", blank=True, related_name="documents")
    working_group = models.ForeignKey(
        "platform_app.WorkingGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="The owning organization.",
        db_index=False,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PLATFORM)
    allowed_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="restricted_documents", help_text="For restricted documents."
    )
    published_on = models.DateField(db_index=True, help_text="Date of the document itself.")
    search_vector = SearchVectorField(null=True, editable=False)
    # The current version's text as searched (its first CONTENT_SEARCHED characters, weight C), in the
    # document's language: written by database triggers only (migration 0024), matched with `search_vector`.
    content_vector = SearchVectorField(null=True, editable=False)
    # `search_vector` followed by `content_vector`, as searched: written by the document's trigger only, from
    # the two as it leaves them (migration 0032), under the GIN index the search uses.
    searched_vector = SearchVectorField(null=True, editable=False)

    SEARCH_FIELDS = ("title", "description")
    # On PostgreSQL the search matches this rather than `search_vector` alone (core.search); the ranking
    # still reads `search_vector`, so a match in the title or description ranks above one in the text only.
    SEARCH_VECTOR = SEARCHED_VECTOR

    # Lists showing these are counted in the audit log too (platform_app.core.audit.note_shown).
    AUDIT_LISTS = True

    objects = DocumentManager()

    history = HistoricalRecords(
        m2m_fields=[themes, allowed_organizations],
        excluded_fields=["search_vector", "content_vector", "searched_vector"],
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["visibility", "-published_on", "-id"]),
            # A group's documents, newest first (its section of the space), and their count up to the cap read
            # from this index alone: it holds every other column the rule of who may see a document reads.
            models.Index(
                fields=["working_group", "-published_on", "-id"],
                include=["visibility", "organization", "uploaded_by"],
                name="document_group_visible",
            ),
            # A facet's documents newest first (the library's, and the API's filters of the same name): a
            # list or search filtered by one walks that value's documents only. Walking the date index and
            # filtering each row, a common word in a language that seldom holds it read the whole library.
            # They also serve every lookup by the column alone (the foreign keys' checks).
            models.Index(fields=["language", "-published_on", "-id"], name="document_language_newest"),
            models.Index(fields=["document_type", "-published_on", "-id"], name="document_type_newest"),
            models.Index(fields=["organization", "-published_on", "-id"], name="document_organization_newest"),
            models.Index(fields=["updated_at", "id"], name="document_updated"),
            # Every column the rule of who may see a document reads (core.querysets, `visible_to`), so that a
            # list counts what its reader may see from this index alone rather than from the rows, which
            # hold the title, the description and both search vectors (3 KB a row at scale 100).
            models.Index(
                fields=["visibility", "organization", "uploaded_by", "working_group", "id"], name="document_visible"
            ),
        ]
        constraints = [
            # A document shared with a working group must name the group; otherwise nobody could see it.
            models.CheckConstraint(
                condition=~Q(visibility="working_group") | Q(working_group__isnull=False),
                name="document_wg_visibility_needs_group",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """Reads and downloads of a document shared with named organizations only are in the audit log
        (platform_app.core.audit.confidential_kind); other documents' are not."""
        if self.visibility == Visibility.RESTRICTED:
            return AuditEvent.Kind.DOCUMENT_DOWNLOAD if download else AuditEvent.Kind.DOCUMENT_READ
        return None

    @property
    def current_version(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()


def document_file_path(instance: DocumentVersion, filename: str) -> str:
    """Storage names are generated by the server; the uploaded name is kept only as metadata."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = StoredFileField(upload_to=document_file_path, max_length=255, validators=[validate_upload])
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=500, blank=True, help_text="What changed in this version.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def audit_read_kind(self, *, download: bool = False) -> str | None:
        """A version is read as its document is (platform_app.core.audit.confidential_kind)."""
        return self.document.audit_read_kind(download=download)

    @property
    def audit_subject(self) -> Document:
        """The record the audit log names for a read of this version: its document."""
        return self.document


class DocumentTextQuerySet(VisibleQuerySet):
    def visible_to(self, user):
        return self.filter(version__document__in=Document.objects.visible_to(user).values("pk"))

    def current(self):
        """The texts of the documents' current versions (the highest number of each document)."""
        newest = DocumentVersion.objects.filter(document=OuterRef("version__document")).order_by("-number")
        return self.filter(version__number=Subquery(newest.values("number")[:1]))

    def finished(self):
        return self.exclude(status=DocumentText.Status.PENDING)


class DocumentText(models.Model):
    """What is read from a version's file: its text, which the library searches, its counts of pages and words,
    and a picture of its first page. A table of its own, so that the text, up to a million characters, is never
    read with the versions. Written by `library.texts`."""

    Status = Status

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, primary_key=True, related_name="text")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.CharField(max_length=1000, blank=True, help_text="Why the text is missing or incomplete.")
    content = models.TextField(blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    words = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, help_text="The digest of the file the text was read from.")
    extracted_at = models.DateTimeField(null=True, blank=True)
    thumbnail = StoredFileField(
        upload_to="thumbnails/%Y/%m/",
        max_length=255,
        blank=True,
        help_text="A PNG of the file's first page, made from it (extraction.pictures); empty when it has none.",
    )

    objects = DocumentTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("text of a document version")
        verbose_name_plural = _("texts of document versions")

    def __str__(self) -> str:
        return f"{self.version_id}: {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status != Status.PENDING

"""The library in the API: documents, their versions, and their files."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from platform_app.core.api.base import MAX_VERSION, FileNegotiation, VisibleViewSet
from platform_app.core.api.exports import is_export
from platform_app.core.api.inputs import MAX_TEXT, SlugRelatedField
from platform_app.core.api.rows import shown
from platform_app.core.api.serializers import CompiledSerializer, described, prefetched_list, shown_columns
from platform_app.core.audit import record_read
from platform_app.core.uploads import (
    UNKNOWN_TYPE,
    served_types,
    stored_file_response,
    stored_picture_response,
    validate_upload,
)
from platform_app.directory.api import OrganizationRefSerializer, SharedObjectInput
from platform_app.library.filters import DocumentFilterSet
from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.library.selectors import snippets
from platform_app.library.services import document_create
from platform_app.library.texts import thumbnail_of
from platform_app.structure.api import PillarRefSerializer, ThemeRefSerializer, WorkingGroupRefSerializer
from platform_app.structure.models import Language, Pillar, ThematicArea


class DocumentCreateInput(SharedObjectInput):
    title = serializers.CharField(max_length=500, help_text="The document's title.")
    description = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default="", help_text="What the document is about."
    )
    document_type = serializers.ChoiceField(
        choices=Document.Type.choices, default=Document.Type.OTHER, help_text="The kind of document."
    )
    language = SlugRelatedField(
        slug_field="code",
        queryset=Language.objects.all(),
        required=False,
        help_text="Code of its language (en, fr, ar…); left out, it is detected from the title and description.",
    )
    published_on = serializers.DateField(help_text="The date of the document itself.")
    version_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="A note kept with the file."
    )
    file = serializers.FileField(
        max_length=255,
        allow_empty_file=False,
        validators=[validate_upload],
        help_text=f"PDF, Office, OpenDocument, RTF, image or text; at most {settings.API_MAX_UPLOAD_BYTES:,} bytes.",
    )


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        extra_kwargs = described(
            number="The version's number, from 1; the highest is the current file.",
            original_filename="The file's name when it was uploaded.",
            content_type="The type its content was checked to be when it came in, e.g. application/pdf.",
            size="Size in bytes.",
            sha256="SHA-256 digest of the file, in hexadecimal.",
            created_at="When this version was uploaded.",
        )
        fields = ["number", "original_filename", "content_type", "size", "sha256", "note", "created_at"]


# A page of the list reads its documents' newest versions in its own query, a column each
# (`_current_number`…); an export, whose rows are many, reads each chunk's newest versions in one query
# (a list of the one version, empty for none). Neither reads the versions no answer shows. A document's
# own page prefetches every version.
_NEWEST = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
CURRENT_VERSION_COLUMNS = {
    f"_current_{name}": Subquery(_NEWEST.values(name)[:1]) for name in DocumentVersionSerializer.Meta.fields
}
NEWEST_VERSION_LIST = "_newest_version"
_NEWER = DocumentVersion.objects.filter(document=OuterRef("document"), number__gt=OuterRef("number"))
NEWEST_VERSIONS = Prefetch(
    "versions",
    shown(DocumentVersion.objects.filter(~Exists(_NEWER)).only(*DocumentVersionSerializer.Meta.fields, "document")),
    to_attr=NEWEST_VERSION_LIST,
)


class CurrentVersionSerializer(DocumentVersionSerializer):
    """The document's newest version."""

    # Its get_attribute reads the document alone (CompiledSerializer calls it as DRF does).
    reads_only_the_instance = True

    # A nested field of the list's serializer, so its fields are built once per response rather than
    # once per document (building a ModelSerializer's fields costs more than filling them). It reads the
    # newest version the list's row carries: its columns on a page (a version's number is never null, so
    # a null one is no version), its one-version list in an export; else the versions the viewset
    # prefetched, newest first.
    def get_attribute(self, instance: Document):
        carried = instance.__dict__
        if "_current_number" in carried:
            if carried["_current_number"] is None:
                return None
            return SimpleNamespace(**{name: carried[f"_current_{name}"] for name in self.Meta.fields})
        versions = carried.get(NEWEST_VERSION_LIST)
        if versions is None:
            versions = instance.versions.all()
        return versions[0] if versions else None


class DocumentSerializer(CompiledSerializer, serializers.ModelSerializer):
    language = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the document's language (en, fr, ar…)."
    )
    themes = ThemeRefSerializer(many=True, help_text="The thematic areas it is tagged with.")
    pillars = PillarRefSerializer(many=True, help_text="The pillars of the Strategy it concerns.")
    working_group = WorkingGroupRefSerializer(
        allow_null=True, help_text="The working group it was shared in; null if shared with none."
    )
    organization = OrganizationRefSerializer(help_text="The owning organization.")
    current_version = CurrentVersionSerializer(
        allow_null=True, read_only=True, help_text="The newest version; null if the document has none."
    )
    download_url = serializers.SerializerMethodField(help_text="Where to download the current file.")
    snippet = serializers.SerializerMethodField(
        help_text=(
            "With `search=`, the passage where the words were found: in the text of the current file, else in the "
            "description. HTML: escaped text, the words found in <mark> elements and no other markup. Null "
            "without `search=`, in exports and on a single document."
        )
    )

    class Meta:
        model = Document
        extra_kwargs = described(
            title="The document's title.",
            description="What the document is about; blank if not written.",
            document_type="The kind of document.",
            visibility="Who may see it besides the Secretariat.",
        )
        fields = [
            "id",
            "title",
            "description",
            "document_type",
            "language",
            "themes",
            "pillars",
            "working_group",
            "organization",
            "visibility",
            "published_on",
            "current_version",
            "download_url",
            "snippet",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj: Document) -> str:
        # The absolute address of the documents is the same for every row: made once per serializer.
        prefix = self.__dict__.get("_documents_uri")
        if prefix is None:
            prefix = self._documents_uri = self.context["request"].build_absolute_uri("/api/v1/documents/")
        return f"{prefix}{obj.pk}/download/"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, obj: Document) -> str | None:
        return self.context.get("snippets", {}).get(obj.pk)


class VersionReadSerializer(DocumentVersionSerializer):
    """A version with what was read from its file (`library.texts`): its counts and the picture of its first
    page, all null until it is read."""

    pages = serializers.SerializerMethodField(
        help_text="Its pages as read from the file (a presentation's slides); null when not known."
    )
    words = serializers.SerializerMethodField(help_text="The words of its text; null until the text is read.")
    thumbnail_url = serializers.SerializerMethodField(
        help_text="Where to get a PNG of its first page (PDFs, images, Office files that keep one); else null."
    )

    class Meta(DocumentVersionSerializer.Meta):
        fields = [*DocumentVersionSerializer.Meta.fields, "pages", "words", "thumbnail_url"]

    @staticmethod
    def _read(version: DocumentVersion) -> DocumentText | None:
        try:
            return version.text
        except DocumentText.DoesNotExist:
            return None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pages(self, version: DocumentVersion) -> int | None:
        read = self._read(version)
        return read.pages if read is not None else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_words(self, version: DocumentVersion) -> int | None:
        read = self._read(version)
        return read.words if read is not None and read.finished else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_thumbnail_url(self, version: DocumentVersion) -> str | None:
        read = self._read(version)
        if read is None or not read.thumbnail:
            return None
        path = reverse("api:document-thumbnail", args=[version.document_id])
        return self.context["request"].build_absolute_uri(f"{path}?version={version.number}")


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionReadSerializer(many=True, help_text="Every version, newest first.")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]


# The version a file's action answers for (`DocumentViewSet._version`), and how such an action answers: its
# file, or an error in JSON, whatever the client asks.
VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": MAX_VERSION},
    description="A version number; the newest by default.",
)
FILE_ACTION = {
    "detail": True,
    "methods": ["get"],
    "renderer_classes": [renderers.JSONRenderer],
    "content_negotiation_class": FileNegotiation,
    "filter_backends": [],
}


@extend_schema_view(
    list=extend_schema(summary="Documents of the library you may see"),
    retrieve=extend_schema(summary="A document with its versions", responses=DocumentDetailSerializer),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VisibleViewSet):
    """The thematic resource library."""

    queryset = Document.objects.select_related("language", "working_group", "organization").prefetch_related(
        "themes",
        "pillars",
        Prefetch("versions", DocumentVersion.objects.select_related("text").defer("text__content").order_by("-number")),
    )
    # The list (and its export) reads the columns it shows with the newest version, the language's code
    # as the key the row holds, and its themes and pillars as plain lists: no queryset per row.
    list_queryset = shown(
        Document.objects.select_related("working_group", "organization")
        .only(
            *shown_columns(
                Document,
                "title",
                "description",
                "document_type",
                "language",
                "working_group__number",
                "working_group__short_name",
                "organization__acronym",
                "organization__name",
                "visibility",
                "published_on",
                "created_at",
                "updated_at",
            )
        )
        .prefetch_related(
            prefetched_list("themes", ThematicArea.objects.only("slug", "name")),
            prefetched_list("pillars", Pillar.objects.only("number", "name")),
        )
    )
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["published_on", "title", "created_at"]
    parser_classes = [MultiPartParser, FormParser]

    def base_queryset(self):
        if self.action != "list":
            return self.queryset.all()
        if is_export(getattr(self.request, "accepted_renderer", None)):
            return self.list_queryset.prefetch_related(NEWEST_VERSIONS)
        return self.list_queryset.annotate(**CURRENT_VERSION_COLUMNS)

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    def paginate_queryset(self, queryset):
        """A page of the list; when searched, the passage where each of its documents matched is read for the
        page alone, in one query (`selectors.snippets`)."""
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            self._snippets = snippets(page, self.request.query_params.get("search", ""))
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "snippets": getattr(self, "_snippets", {})}

    @extend_schema(
        summary="Share a document (multipart upload) with a working group your organization belongs to",
        description=(
            "The file and what it is, as multipart/form-data; the file's type is checked against its content. "
            "Focal points share on behalf of their own organization, in a working group it belongs to or with "
            "no group; the Secretariat may name the organization (`organization`). The answer is the new "
            "document, the file being its version 1."
        ),
        request={"multipart/form-data": DocumentCreateInput},
        responses={201: DocumentDetailSerializer},
        examples=[
            OpenApiExample(
                "A report for a working group",
                value={
                    "title": "Border management in East Africa: lessons from the Nairobi workshop",
                    "description": "Findings of the regional workshop on border security and management.",
                    "document_type": "report",
                    "language": "en",
                    "published_on": "2025-11-14",
                    "working_group": 2,
                    "visibility": "working_group",
                    "themes": ["border-management", "law-enforcement"],
                    "pillars": [2],
                    "version_note": "First edition.",
                    "file": "border-management-lessons.pdf",
                },
                request_only=True,
                media_type="multipart/form-data",
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        document = document_create(user=request.user, **self.read_input(DocumentCreateInput))
        return self.answer(document, status.HTTP_201_CREATED, DocumentDetailSerializer)

    @extend_schema(
        summary="Download the current file, or another version",
        description="The file of the newest version, or of `version`, as an attachment.",
        parameters=[VERSION_PARAMETER],
        responses={
            (200, *served_types()): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, in the type of its extension (checked when it came in), as an attachment.",
            )
        },
    )
    @action(**FILE_ACTION)
    def download(self, request, pk=None):
        document = self.get_object()
        version = self._version(request, document)
        record_read(request, document, download=True)
        try:
            return stored_file_response(version)
        except Http404:
            raise NotFound("The file of this version is missing from storage.") from None

    def _version(self, request, document: Document) -> DocumentVersion:
        """The version `?version=` names, else the newest: the one rule of the file and of its picture."""
        versions = DocumentVersion.objects.filter(document=document).order_by("-number")
        raw = request.query_params.get("version")
        if raw not in (None, ""):
            # ASCII digits only: str.isdigit() also takes "²", which int() then refuses with a 500.
            if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= MAX_VERSION:
                raise ValidationError({"version": [f"A version number is a whole number from 1 to {MAX_VERSION}."]})
            versions = versions.filter(number=int(raw))
        version = versions.first()
        if version is None:
            raise NotFound("This document has no such version.")
        return version

    @extend_schema(
        summary="A picture of the first page of the current file, or of another version",
        description=(
            "A PNG of at most 480 pixels on its longer side, made by the server from the file once its text was "
            "read; 404 when the version has none (a kind of file without one, or not read yet)."
        ),
        parameters=[VERSION_PARAMETER],
        responses={
            # The generic type first, as for downloads: generated clients read it as bytes.
            (200, UNKNOWN_TYPE, "image/png"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The picture, always sent as image/png."
            )
        },
    )
    @action(**FILE_ACTION)
    def thumbnail(self, request, pk=None):
        picture = thumbnail_of(self._version(request, self.get_object()))
        if picture is None:
            raise NotFound("This version has no picture of its first page.")
        try:
            return stored_picture_response(picture)
        except Http404:
            raise NotFound("The picture of this version is missing from storage.") from None

"""The Secretariat's admin of documents and their versions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from platform_app.core.admin import (
    CompactTabularInline,
    HistoryModelAdmin,
    ReadOnlyRecordAdmin,
    RecordsCreatorMixin,
    RevisionCheckMixin,
)
from platform_app.core.l10n import figure
from platform_app.core.uploads import check_upload
from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.library.texts import queue_extraction


def take_upload(request, form, version: DocumentVersion) -> bool:
    """A file newly chosen in `form` is the version's, uploaded by the user: keeps the checked facts of the
    upload (name, type, size, digest), not the type the browser claimed; the stored name is generated. The
    model's validator has already refused a file that fails the check. Without a new file nothing changes.
    Answers whether there was a new file, whose text is then to be read once the version is saved."""
    if "file" not in form.changed_data or not form.cleaned_data.get("file"):
        return False
    checked = check_upload(form.cleaned_data["file"])
    version.original_filename = checked.original_filename
    version.content_type = checked.content_type
    version.size = checked.size
    version.sha256 = checked.sha256
    version.uploaded_by = request.user
    return True


class TextColumns:
    """The extraction of each version's text, read-only: its status, its counts and the reason of a failure,
    read as annotations of the versions, never with the text itself."""

    TEXT_COLUMNS = ("text_status", "text_counts", "text_reason")

    def with_text(self, queryset):
        return queryset.annotate(
            extraction_status=F("text__status"),
            extraction_reason=F("text__reason"),
            extraction_pages=F("text__pages"),
            extraction_words=F("text__words"),
        )

    @admin.display(description=_("text"))
    def text_status(self, version) -> str:
        status = getattr(version, "extraction_status", None)
        return DocumentText.Status(status).label if status else _("Not read")

    @admin.display(description=_("pages, words"))
    def text_counts(self, version) -> str:
        if not getattr(version, "extraction_status", None):
            return ""
        words = figure(version.extraction_words)
        # A file whose pages are not known (plain text, a spreadsheet) has its words only.
        return words if version.extraction_pages is None else f"{figure(version.extraction_pages)}, {words}"

    @admin.display(description=_("why"))
    def text_reason(self, version) -> str:
        return getattr(version, "extraction_reason", None) or ""


class DocumentVersionInline(TextColumns, CompactTabularInline):
    model = DocumentVersion
    fields = (
        "number",
        "file",
        "note",
        "original_filename",
        "size",
        "content_type",
        "uploaded_by",
        "created_at",
        *TextColumns.TEXT_COLUMNS,
    )
    readonly_fields = ("original_filename", "size", "content_type", "uploaded_by", *TextColumns.TEXT_COLUMNS)
    select_related = ("document", "uploaded_by")
    show_change_link = True

    def get_queryset(self, request):
        return self.with_text(super().get_queryset(request))


@admin.register(Document)
class DocumentAdmin(RevisionCheckMixin, RecordsCreatorMixin, HistoryModelAdmin):
    creator_field = "uploaded_by"
    list_display = (
        "title",
        "document_type",
        "organization",
        "working_group",
        "visibility",
        "language",
        "published_on",
    )
    list_filter = ("visibility", "document_type", "language", "working_group", "organization__kind")
    list_select_related = ("organization", "working_group", "language")
    search_fields = ("title", "description", "organization__acronym", "organization__name")
    date_hierarchy = "published_on"
    autocomplete_fields = ("organization", "working_group", "themes", "allowed_organizations", "uploaded_by")
    filter_horizontal = ("pillars",)
    fieldsets = (
        (None, {"fields": ("title", "description", "document_type", "language", "published_on")}),
        (_("Owner and audience"), {"fields": ("organization", "visibility", "working_group", "allowed_organizations")}),
        (_("Tags"), {"fields": ("themes", "pillars")}),
        (_("Record"), {"fields": ("uploaded_by", "created_at", "updated_at")}),
    )
    inlines = [DocumentVersionInline]
    actions = ["extract_text_again"]

    @admin.action(description=_("Extract the text again"), permissions=["change"])
    def extract_text_again(self, request, queryset):
        versions = list(DocumentVersion.objects.filter(document__in=queryset.values("pk")))
        with transaction.atomic():
            for version in versions:
                queue_extraction(version, again=True)
        count = len(versions)
        self.message_user(
            request,
            ngettext(
                "The text of %d version will be extracted again.",
                "The texts of %d versions will be extracted again.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not DocumentVersion:
            return super().save_formset(request, form, formset, change)
        new_files = [
            version_form.instance
            for version_form in formset.forms
            if take_upload(request, version_form, version_form.instance)
        ]
        super().save_formset(request, form, formset, change)
        for version in new_files:
            if version.pk:  # not deleted by the same form
                queue_extraction(version)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(TextColumns, HistoryModelAdmin):
    list_display = (
        "document",
        "number",
        "original_filename",
        "file_size",
        "content_type",
        "text_status",
        "uploaded_by",
        "created_at",
    )
    list_select_related = ("document", "uploaded_by")
    search_fields = ("document__title", "original_filename", "sha256")
    date_hierarchy = "created_at"
    autocomplete_fields = ("document",)
    readonly_fields = ("original_filename", "content_type", "size", "sha256", "uploaded_by", *TextColumns.TEXT_COLUMNS)

    def get_queryset(self, request):
        return self.with_text(super().get_queryset(request))

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, version):
        return filesizeformat(version.size)

    def save_model(self, request, obj, form, change):
        new_file = take_upload(request, form, obj)
        super().save_model(request, obj, form, change)
        if new_file:
            queue_extraction(obj)


@admin.register(DocumentText)
class DocumentTextAdmin(ReadOnlyRecordAdmin):
    """The text read from each version's file, as the platform wrote it: looked at, never edited (the
    document's action "Extract the text again" reads it anew)."""

    list_display = ("version", "status", "pages", "words", "extracted_at")
    list_filter = ("status",)
    list_select_related = ("version__document",)
    search_fields = ("version__document__title", "version__original_filename", "reason")
    date_hierarchy = "extracted_at"

    exclude = ("thumbnail",)

    def get_queryset(self, request):
        # The text, up to a million characters, is read only by the page of one record.
        return super().get_queryset(request).defer("content")

    def get_readonly_fields(self, request, obj=None):
        # The picture is shown through the library's own address (the stored file has none of its own).
        fields = [name for name in super().get_readonly_fields(request, obj) if name != "thumbnail"]
        return [*fields, "first_page"]

    @admin.display(description=_("First page"))
    def first_page(self, text: DocumentText):
        if not text.thumbnail:
            return _("None")
        address = reverse("library:thumbnail", args=[text.version.document_id])
        return format_html('<img src="{}?version={}" alt="" width="160">', address, text.version.number)

    def has_change_permission(self, request, obj=None):
        return False

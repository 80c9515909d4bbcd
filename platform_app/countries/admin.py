"""The Secretariat's admin of the Member States' pages and entries."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_app.core.admin import (
    CompactTabularInline,
    HistoryModelAdmin,
    ReadOnlyRecordAdmin,
    RecordsCreatorMixin,
    RevisionCheckForm,
    RevisionCheckMixin,
)
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment

# --- Member States' pages and requests for tailored support ------------------------------------------


@admin.register(CountryPage)
class CountryPageAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    creator_field = "updated_by"
    list_display = ("member_state", "entry_count", "updated_at", "updated_by")
    list_select_related = ("member_state", "updated_by")
    search_fields = ("member_state__name", "member_state__iso_alpha3", "overview")
    autocomplete_fields = ("member_state",)
    readonly_fields = ("updated_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, page):
        return page.entry_count


class EntryAttachmentInline(CompactTabularInline):
    model = EntryAttachment
    fields = ("original_filename", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = fields
    select_related = ("entry", "uploaded_by")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # files are checked on upload from the State's page


@admin.register(EntryAttachment)
class EntryAttachmentAdmin(ReadOnlyRecordAdmin):
    list_display = ("original_filename", "entry", "content_type", "size", "created_at")
    list_select_related = ("entry",)
    search_fields = ("original_filename", "entry__title")


class CountryEntryForm(RevisionCheckForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_hidden") and not (cleaned.get("moderation_reason") or "").strip():
            self.add_error("moderation_reason", _("Give the reason for hiding the entry; the State will read it."))
        return cleaned


@admin.register(CountryEntry)
class CountryEntryAdmin(RevisionCheckMixin, HistoryModelAdmin):
    form = CountryEntryForm
    list_display = ("title", "member_state", "kind", "dated_on", "audience", "is_hidden")
    list_filter = ("kind", "audience", "is_hidden", "page__member_state__region")
    list_select_related = ("page__member_state",)
    search_fields = ("title", "text", "page__member_state__name")
    autocomplete_fields = ("page", "thematic_area", "allowed_organizations")
    readonly_fields = ("created_by", "moderated_by", "moderated_at")
    date_hierarchy = "dated_on"
    inlines = [EntryAttachmentInline]
    fieldsets = (
        (None, {"fields": ("page", "kind", "title", "text", "dated_on", "pillar", "thematic_area", "created_by")}),
        (_("Audience"), {"fields": ("audience", "allowed_organizations")}),
        (_("Moderation"), {"fields": ("is_hidden", "moderation_reason", "moderated_by", "moderated_at")}),
    )

    @admin.display(description=_("Member State"), ordering="page__member_state__name")
    def member_state(self, entry):
        return entry.page.member_state

    def save_model(self, request, obj, form, change):
        if {"is_hidden", "moderation_reason"} & set(form.changed_data):
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
            obj._change_reason = obj.moderation_reason
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

"""The admin's view of failed background tasks and of the deletions kept for the API's copies."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from platform_app.core.admin import ReadOnlyRecordAdmin
from platform_app.core.models import Deletion, DeletionReader, TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyRecordAdmin):
    list_display = ("task_name", "failed_at", "exception", "retries", "resolved")
    list_filter = ("resolved", "task_name")
    search_fields = ("task_name", "exception", "task_id")
    date_hierarchy = "failed_at"
    editable_fields = ("resolved",)
    actions = ["mark_resolved"]

    @admin.action(description=_("Mark as resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.update(resolved=True)
        self.message_user(
            request,
            ngettext("%(count)d failure marked resolved.", "%(count)d failures marked resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class DeletionReaderInline(admin.TabularInline):
    model = DeletionReader
    fields = ("organization_kind", "organization_id", "user_id")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deletion)
class DeletionAdmin(ReadOnlyRecordAdmin):
    """Records deleted from the API's lists, kept so that the systems copying them delete them too
    (/api/v1/deletions/); with who could read each. Written by the platform, never edited."""

    list_display = ("deleted_at", "kind", "object_id")
    list_filter = ("kind",)
    search_fields = ("object_id",)
    date_hierarchy = "deleted_at"
    inlines = [DeletionReaderInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeletionReader)
class DeletionReaderAdmin(ReadOnlyRecordAdmin):
    list_display = ("deletion", "organization_kind", "organization_id", "user_id")
    list_filter = ("organization_kind",)
    list_select_related = ("deletion",)

    def has_change_permission(self, request, obj=None):
        return False

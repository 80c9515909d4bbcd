"""The Secretariat's admin of organizations and focal points, with invitations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.utils import bulk_update_with_history

from platform_app.core.admin import CompactTabularInline, SpreadsheetHistoryModelAdmin
from platform_app.directory.invitations import focal_point_invite
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.resources import FocalPointResource, OrganizationResource

# --- organizations and focal points -------------------------------------------------------------


class FocalPointInline(CompactTabularInline):
    """The organization's people at a glance; they are edited on their own page."""

    model = FocalPoint
    fields = ("user", "job_title", "email", "is_primary", "is_active", "confirmed_at")
    readonly_fields = fields
    select_related = ("user", "organization")
    show_change_link = True
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


# The name and acronym are edited in a tab per official language (platform_app/translation.py); the tabs'
# class comes last, so that the platform's admin classes keep their say (see structure/admin.py).
@admin.register(Organization)
class OrganizationAdmin(SpreadsheetHistoryModelAdmin, TabbedTranslationAdmin):
    resource_classes = [OrganizationResource]
    list_display = (
        "name",
        "acronym",
        "kind",
        "compact_status",
        "iso_alpha3",
        "region",
        "focal_point_count",
        "is_active",
    )
    list_filter = ("kind", "compact_status", "region", "is_active")
    search_fields = ("name", "acronym", "iso_alpha2", "iso_alpha3", "subregion")
    fieldsets = (
        (None, {"fields": ("kind", "name", "acronym", "compact_status", "is_active")}),
        (_("Member State"), {"fields": ("iso_alpha2", "iso_alpha3", "region", "subregion")}),
        (_("Details"), {"fields": ("aliases", "website", "description", "source")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [FocalPointInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(focal_point_count=Count("focal_points"))

    @admin.display(description=_("focal points"), ordering="focal_point_count")
    def focal_point_count(self, organization):
        return organization.focal_point_count


@admin.register(FocalPoint)
class FocalPointAdmin(SpreadsheetHistoryModelAdmin):
    resource_classes = [FocalPointResource]
    list_display = ("person", "organization", "job_title", "email", "is_primary", "is_active", "confirmed_at")
    list_filter = ("organization__kind", "is_primary", "is_active", "hide_email", "hide_phone")
    list_select_related = ("user", "organization")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "email",
        "organization__acronym",
        "organization__name",
        "organization__iso_alpha3",
    )
    autocomplete_fields = ("user", "organization", "expertise")
    filter_horizontal = ("languages",)
    date_hierarchy = "created_at"
    actions = ["confirm_nominations", "deactivate", "send_invitations"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new focal point whose account has no password yet is invited to choose one.
        if not change and not obj.user.has_usable_password():
            self._invite(request, [obj])

    def _invite(self, request, focal_points) -> None:
        sent = 0
        for focal_point in focal_points:
            try:
                focal_point_invite(focal_point=focal_point, base_url=request.build_absolute_uri("/"))
                sent += 1
            except ValidationError as exc:
                self.message_user(request, f"{focal_point.user}: {' '.join(exc.messages)}", messages.WARNING)
        if sent:
            self.message_user(
                request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent, messages.SUCCESS
            )

    @admin.action(description=_("Send an invitation to choose a password"), permissions=["change"])
    def send_invitations(self, request, queryset):
        self._invite(request, list(queryset.select_related("user", "organization")))

    @admin.display(description=_("person"), ordering="user__last_name")
    def person(self, focal_point):
        return focal_point.user

    @admin.action(description=_("Record the selected nominations as confirmed today"), permissions=["change"])
    def confirm_nominations(self, request, queryset):
        focal_points = list(queryset)
        now = timezone.now()
        for focal_point in focal_points:
            focal_point.confirmed_at = focal_point.updated_at = now
        bulk_update_with_history(focal_points, FocalPoint, ["confirmed_at", "updated_at"], default_user=request.user)
        count = len(focal_points)
        self.message_user(
            request, ngettext("%d nomination confirmed.", "%d nominations confirmed.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Deactivate the selected focal points"), permissions=["change"])
    def deactivate(self, request, queryset):
        # Saved one by one, like every other change of a nomination, so that each person's access ends
        # (platform_app.accounts.access.nomination_ended) and the history says who made the change.
        focal_points = list(queryset.filter(is_active=True).select_related("user"))
        for focal_point in focal_points:
            focal_point.is_active = focal_point.is_primary = False
            focal_point.save(update_fields=["is_active", "is_primary", "updated_at"])
        count = len(focal_points)
        self.message_user(
            request, ngettext("%d focal point deactivated.", "%d focal points deactivated.", count) % count
        )

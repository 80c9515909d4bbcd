"""The Secretariat's admin of requests for tailored support and what hangs off them."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from platform_app.core.admin import CompactTabularInline, HistoryModelAdmin, ReadOnlyRecordAdmin, RevisionCheckMixin
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep


class SupportRecordInline(CompactTabularInline):
    """What the request's page writes (routes, offers, steps): read here, so no step goes unrecorded."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SupportRoutingInline(SupportRecordInline):
    model = SupportRouting
    fk_name = "request"
    fields = ("working_group", "organization", "routed_by", "routed_at")
    readonly_fields = fields
    select_related = ("request", "working_group", "organization", "routed_by")


class SupportOfferInline(SupportRecordInline):
    model = SupportOffer
    fields = ("organization", "description", "project", "status", "decided_at")
    readonly_fields = fields
    select_related = ("request", "organization", "project")


class SupportStepInline(SupportRecordInline):
    model = SupportStep
    fields = ("at", "action", "status", "actor", "organization", "note")
    readonly_fields = fields
    select_related = ("request", "actor", "organization")


@admin.register(SupportRequest)
class SupportRequestAdmin(RevisionCheckMixin, HistoryModelAdmin):
    list_display = ("title", "member_state", "thematic_area", "urgency", "status", "created_at", "first_offer_at")
    list_filter = ("status", "urgency", "pillar", "thematic_area", "member_state__region")
    list_select_related = ("member_state", "thematic_area")
    search_fields = ("title", "needs", "member_state__name", "member_state__iso_alpha3")
    autocomplete_fields = ("member_state", "thematic_area", "recommendations", "working_groups")
    # The status moves only through the request's page, where each move is a recorded, announced step.
    readonly_fields = ("status", "filed_by", "first_offer_at", "closed_at")
    date_hierarchy = "created_at"
    inlines = [SupportRoutingInline, SupportOfferInline, SupportStepInline]
    fieldsets = (
        (None, {"fields": ("member_state", "title", "needs", "thematic_area", "pillar", "urgency")}),
        (_("Related"), {"fields": ("recommendations", "working_groups")}),
        (_("Record"), {"fields": ("status", "filed_by", "first_offer_at", "closed_at", "created_at", "updated_at")}),
    )


@admin.register(SupportOffer)
class SupportOfferAdmin(RevisionCheckMixin, HistoryModelAdmin):
    list_display = ("request", "organization", "project", "status", "created_at", "decided_at")
    list_filter = ("status", "organization")
    list_select_related = ("request", "organization", "project")
    search_fields = ("description", "request__title", "organization__acronym", "organization__name")
    autocomplete_fields = ("request", "organization", "project", "appeal_project")
    readonly_fields = ("status", "offered_by", "decided_by", "decided_at", "decision_note")


@admin.register(SupportRouting)
class SupportRoutingAdmin(ReadOnlyRecordAdmin):
    list_display = ("request", "working_group", "organization", "routed_by", "routed_at")
    list_filter = ("working_group",)
    list_select_related = ("request", "working_group", "organization", "routed_by")
    search_fields = ("request__title", "organization__acronym")


@admin.register(SupportStep)
class SupportStepAdmin(ReadOnlyRecordAdmin):
    list_display = ("at", "request", "action", "status", "actor", "organization")
    list_filter = ("action", "status")
    list_select_related = ("request", "actor", "organization")
    search_fields = ("request__title", "note")
    date_hierarchy = "at"

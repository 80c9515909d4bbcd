"""The Secretariat's admin for pillars, working groups and their spaces, and the Coordination Committee."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from platform_app.core.admin import CompactTabularInline, HistoryModelAdmin, RecordsCreatorMixin

from .models import (
    AgendaItem,
    CoordinationCommittee,
    CoordinationCommitteeMeeting,
    Meeting,
    Pillar,
    Post,
    ShowcaseRequest,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
    WorkplanActivity,
)


@admin.register(Pillar)
class PillarAdmin(HistoryModelAdmin):
    list_display = ("__str__", "number", "name")
    list_display_links = ("__str__", "number")
    search_fields = ("name",)


class MembershipInline(CompactTabularInline):
    model = WorkingGroupMembership
    fields = ("organization", "role", "since", "source", "note")
    autocomplete_fields = ("organization",)
    select_related = ("working_group", "organization")


class GuestInline(CompactTabularInline):
    model = WorkingGroupGuest
    fields = ("organization", "expires_on", "invited_by", "invited_at")
    readonly_fields = ("invited_by",)
    autocomplete_fields = ("organization",)
    select_related = ("working_group", "organization", "invited_by")
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryModelAdmin):
    list_display = ("number", "short_name", "name", "membership_count", "is_active")
    list_display_links = ("number", "short_name")
    list_filter = ("is_active", "pillars")
    search_fields = ("short_name", "name", "objective")
    filter_horizontal = ("pillars",)
    inlines = [MembershipInline, GuestInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(membership_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="membership_count")
    def membership_count(self, working_group):
        return working_group.membership_count

    def save_formset(self, request, form, formset, change):
        if formset.model is WorkingGroupGuest:
            for guest_form in formset.extra_forms:
                if guest_form.has_changed() and guest_form.instance.invited_by_id is None:
                    guest_form.instance.invited_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(HistoryModelAdmin):
    list_display = ("organization", "working_group", "role", "organization_kind", "since")
    list_filter = ("working_group", "role", "organization__kind")
    list_select_related = ("working_group", "organization")
    search_fields = ("organization__acronym", "organization__name", "working_group__short_name", "working_group__name")
    autocomplete_fields = ("working_group", "organization")

    @admin.display(description=_("kind"), ordering="organization__kind")
    def organization_kind(self, membership):
        return membership.organization.get_kind_display()


@admin.register(WorkingGroupGuest)
class WorkingGroupGuestAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    creator_field = "invited_by"
    list_display = ("organization", "working_group", "invited_by", "invited_at", "expires_on")
    list_filter = ("working_group", "organization__kind")
    list_select_related = ("working_group", "organization", "invited_by")
    search_fields = ("organization__acronym", "organization__name", "organization__iso_alpha3")
    autocomplete_fields = ("working_group", "organization")
    readonly_fields = ("invited_by",)
    date_hierarchy = "invited_at"


class AgendaItemInline(CompactTabularInline):
    model = AgendaItem
    fields = ("position", "title", "presenter", "duration_minutes")
    autocomplete_fields = ("presenter",)
    select_related = ("meeting", "presenter")
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    list_display = ("title", "working_group", "starts_at", "ends_at", "location")
    list_filter = ("working_group",)
    list_select_related = ("working_group",)
    search_fields = ("title", "location", "agenda", "summary", "working_group__short_name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("working_group", "documents")
    readonly_fields = ("created_by",)
    inlines = [AgendaItemInline]


@admin.register(WorkplanActivity)
class WorkplanActivityAdmin(HistoryModelAdmin):
    list_display = ("title", "working_group", "lead_organization", "status", "priority", "due_on", "position")
    list_filter = ("working_group", "status", "priority")
    list_select_related = ("working_group", "lead_organization")
    search_fields = ("title", "description", "lead_organization__acronym")
    date_hierarchy = "due_on"
    autocomplete_fields = ("working_group", "lead_organization")


@admin.register(Post)
class PostAdmin(HistoryModelAdmin):
    list_display = ("__str__", "working_group", "author", "parent", "created_at", "edited_at")
    list_filter = ("working_group",)
    # A reply's name is its author's, so the parent's author is joined too.
    list_select_related = ("working_group", "author", "parent__author")
    search_fields = ("title", "body", "author__username", "author__last_name")
    date_hierarchy = "created_at"
    autocomplete_fields = ("working_group", "author", "parent")


class CommitteeMeetingInline(CompactTabularInline):
    model = CoordinationCommitteeMeeting
    fields = ("number", "title", "held_on", "location", "documents")
    autocomplete_fields = ("documents",)
    show_change_link = True


@admin.register(CoordinationCommittee)
class CoordinationCommitteeAdmin(HistoryModelAdmin):
    list_display = ("name", "chair_title", "chair_organization")
    list_select_related = ("chair_organization",)
    search_fields = ("name", "chair_title")
    autocomplete_fields = ("chair_organization",)
    inlines = [CommitteeMeetingInline]


@admin.register(CoordinationCommitteeMeeting)
class CoordinationCommitteeMeetingAdmin(HistoryModelAdmin):
    list_display = ("title", "number", "committee", "held_on", "location")
    list_filter = ("committee",)
    list_select_related = ("committee",)
    search_fields = ("title", "location", "summary")
    date_hierarchy = "held_on"
    autocomplete_fields = ("documents",)


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryModelAdmin):
    list_display = ("title", "meeting", "position", "presenter", "duration_minutes")
    list_filter = ("meeting__working_group",)
    list_select_related = ("meeting__working_group", "presenter")
    search_fields = ("title", "meeting__title", "presenter__acronym", "presenter__name")
    autocomplete_fields = ("meeting", "presenter")


@admin.register(ShowcaseRequest)
class ShowcaseRequestAdmin(HistoryModelAdmin):
    list_display = ("title", "member_state", "working_group", "status", "created_at", "decided_at")
    list_filter = ("status", "working_group")
    list_select_related = ("member_state", "working_group")
    search_fields = ("title", "summary", "member_state__name", "member_state__iso_alpha3")
    date_hierarchy = "created_at"
    autocomplete_fields = ("member_state", "working_group", "requested_by", "decided_by", "agenda_item")

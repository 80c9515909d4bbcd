"""The Secretariat's admin for pillars, working groups and their spaces, and the Coordination Committee."""

from django.contrib import admin

from platform_app.core.admin import CompactTabularInline, HistoryModelAdmin, RecordsCreatorMixin
from workinggroups.models import (
    AgendaItem,
    CoordinationCommittee,
    CoordinationCommitteeMeeting,
    Meeting,
    Post,
    ShowcaseRequest,
    WorkplanActivity,
)


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

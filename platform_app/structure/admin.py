"""The Secretariat's admin of languages, thematic areas, pillars, working groups, memberships and guests."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from platform_app.core.admin import CompactModelAdmin, CompactTabularInline, HistoryModelAdmin, RecordsCreatorMixin
from platform_app.structure.models import (
    Language,
    Pillar,
    ThematicArea,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)

# The names of languages, themes, pillars and groups are edited in a tab per official language
# (platform_app/translation.py). TabbedTranslationAdmin comes last among the bases, so that the platform's
# admin classes (read-only timestamps, history) keep their say; its tabs run on the admin's own jQuery with
# jQuery UI from static/vendor (settings.JQUERY_UI_URL).

# --- reference lists ----------------------------------------------------------------------------


@admin.register(Language)
class LanguageAdmin(CompactModelAdmin, TabbedTranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ThematicArea)
class ThematicAreaAdmin(HistoryModelAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Pillar)
class PillarAdmin(HistoryModelAdmin, TabbedTranslationAdmin):
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
class WorkingGroupAdmin(HistoryModelAdmin, TabbedTranslationAdmin):
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

"""The Secretariat's admin of events."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from platform_app.calendar.models import Event
from platform_app.core.admin import HistoryModelAdmin, RecordsCreatorMixin, choice_formfield, time_zone_choices


@admin.register(Event)
class EventAdmin(RecordsCreatorMixin, HistoryModelAdmin):
    list_display = ("title", "kind", "starts_at", "ends_at", "location", "working_group", "visibility")
    list_filter = ("kind", "visibility", "all_day", "working_group")
    list_select_related = ("working_group",)
    search_fields = ("title", "description", "location")
    date_hierarchy = "starts_at"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            return choice_formfield(db_field, time_zone_choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    autocomplete_fields = (
        "organizers",
        "countries",
        "working_group",
        "themes",
        "allowed_organizations",
        "created_by",
    )
    filter_horizontal = ("pillars",)
    fieldsets = (
        (None, {"fields": ("title", "kind", "description")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "time_zone", "all_day", "location", "online_url")}),
        (_("Who"), {"fields": ("organizers", "countries", "working_group")}),
        (_("Tags"), {"fields": ("themes", "pillars")}),
        (_("Audience"), {"fields": ("visibility", "allowed_organizations")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )

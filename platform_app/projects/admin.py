"""The Secretariat's admin of projects, appeals and the projects each appeal includes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from platform_app.core.admin import CompactTabularInline, HistoryModelAdmin, SpreadsheetHistoryModelAdmin
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.projects.resources import ProjectResource

# --- projects and the appeal ---------------------------------------------------------------------


@admin.register(Project)
class ProjectAdmin(SpreadsheetHistoryModelAdmin):
    resource_classes = [ProjectResource]
    list_display = ("code", "title", "lead_entity", "status", "budget", "start_date", "end_date")
    list_filter = ("status", "pillars", "themes")
    list_select_related = ("lead_entity",)
    search_fields = ("code", "title", "description", "lead_entity__acronym", "lead_entity__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("lead_entity", "partners", "beneficiary_states", "themes")
    filter_horizontal = ("pillars",)


class AppealProjectInline(CompactTabularInline):
    model = AppealProject
    fields = ("project", "requirement", "funds_received")
    autocomplete_fields = ("project",)
    select_related = ("appeal", "project")


@admin.register(Appeal)
class AppealAdmin(HistoryModelAdmin):
    list_display = ("title", "start_year", "end_year", "launched_on", "project_count", "requirement", "funds_received")
    search_fields = ("title", "description")
    inlines = [AppealProjectInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                project_count=Count("appeal_projects"),
                total_requirement=Sum("appeal_projects__requirement"),
                total_funds_received=Sum("appeal_projects__funds_received"),
            )
        )

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, appeal):
        return appeal.project_count

    @admin.display(description=_("requirement (USD)"), ordering="total_requirement")
    def requirement(self, appeal):
        return appeal.total_requirement

    @admin.display(description=_("funds received (USD)"), ordering="total_funds_received")
    def funds_received(self, appeal):
        return appeal.total_funds_received


@admin.register(AppealProject)
class AppealProjectAdmin(HistoryModelAdmin):
    list_display = ("project", "appeal", "requirement", "funds_received")
    list_filter = ("appeal",)
    list_select_related = ("appeal", "project")
    search_fields = ("project__code", "project__title", "appeal__title")
    autocomplete_fields = ("appeal", "project")

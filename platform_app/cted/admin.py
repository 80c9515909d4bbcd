"""The admin of CTED's assessments and recommendations."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from platform_app.core.admin import (
    CompactTabularInline,
    HistoryModelAdmin,
    RevisionCheckMixin,
    SpreadsheetHistoryModelAdmin,
)
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.cted.resources import RecommendationResource

# --- CTED ---------------------------------------------------------------------------------------


class RecommendationInline(CompactTabularInline):
    model = Recommendation
    fields = ("number", "thematic_area", "priority", "status", "text", "progress_note", "responding_projects")
    autocomplete_fields = ("thematic_area", "responding_projects")
    select_related = ("assessment__member_state", "thematic_area")


@admin.register(CountryAssessment)
class CountryAssessmentAdmin(HistoryModelAdmin):
    list_display = (
        "__str__",
        "member_state",
        "kind",
        "visit_start",
        "adopted_on",
        "shared_with_entities",
        "recommendation_count",
    )
    list_filter = ("kind", "shared_with_entities", "member_state__region")
    list_select_related = ("member_state",)
    search_fields = ("title", "member_state__name", "member_state__iso_alpha3", "summary")
    date_hierarchy = "visit_start"
    autocomplete_fields = ("member_state",)
    readonly_fields = ("sharing_decided_by", "sharing_decided_at")
    fieldsets = (
        (None, {"fields": ("member_state", "kind", "title", "summary")}),
        (_("Dates"), {"fields": ("visit_start", "visit_end", "adopted_on")}),
        (
            _("Sharing with Compact entities"),
            {"fields": ("shared_with_entities", "sharing_decided_by", "sharing_decided_at")},
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    @admin.display(description=_("recommendations"), ordering="recommendation_count")
    def recommendation_count(self, assessment):
        return assessment.recommendation_count

    def save_model(self, request, obj, form, change):
        # Consent is the State's decision, recorded by whoever enters it; keep who and when.
        if "shared_with_entities" in form.changed_data:
            obj.sharing_decided_by = request.user
            obj.sharing_decided_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Recommendation)
class RecommendationAdmin(RevisionCheckMixin, SpreadsheetHistoryModelAdmin):
    resource_classes = [RecommendationResource]
    list_display = ("member_state", "assessment", "number", "thematic_area", "priority", "status", "excerpt")
    list_display_links = ("member_state", "number")
    list_filter = ("status", "priority", "thematic_area", "assessment__member_state__region")
    list_select_related = ("assessment__member_state", "thematic_area")
    search_fields = ("text", "progress_note", "assessment__member_state__name", "assessment__member_state__iso_alpha3")
    autocomplete_fields = ("assessment", "thematic_area", "responding_projects")
    actions = ["mark_implemented"]

    @admin.display(description=_("Member State"), ordering="assessment__member_state__name")
    def member_state(self, recommendation):
        return recommendation.assessment.member_state

    @admin.display(description=_("text"))
    def excerpt(self, recommendation):
        text = recommendation.text
        return text if len(text) <= 100 else f"{text[:99]}…"

    @admin.action(description=_("Mark the selected recommendations as implemented"), permissions=["change"])
    def mark_implemented(self, request, queryset):
        recommendations = list(queryset.exclude(status=Recommendation.Status.IMPLEMENTED))
        now = timezone.now()
        for recommendation in recommendations:
            recommendation.status = Recommendation.Status.IMPLEMENTED
            recommendation.updated_at = now
            recommendation.revision += 1  # a change form opened before this is now out of date
        bulk_update_with_history(
            recommendations, Recommendation, ["status", "updated_at", "revision"], default_user=request.user
        )
        count = len(recommendations)
        self.message_user(
            request,
            ngettext("%d recommendation marked implemented.", "%d recommendations marked implemented.", count) % count,
        )

"""The admin's view of visit counts and of the snapshots of the Compact in numbers."""

from __future__ import annotations

from django.contrib import admin

from platform_app.core.admin import CompactModelAdmin
from platform_app.metrics.models import FIGURES, DailyVisitor, DailyVisitTotal, MetricSnapshot

# --- metrics ------------------------------------------------------------------------------------


@admin.register(DailyVisitTotal)
class DailyVisitTotalAdmin(CompactModelAdmin):
    list_display = ("date", "visits", "unique_visitors")
    date_hierarchy = "date"


@admin.register(DailyVisitor)
class DailyVisitorAdmin(CompactModelAdmin):
    """The database's own visit counter, used only where there is no Redis."""

    list_display = ("date", "user", "visits")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "date"


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(CompactModelAdmin):
    list_display = ("__str__", "as_of", "source", *(key for key, _label in FIGURES))
    list_filter = ("source",)
    search_fields = ("label", "reference", "note")
    date_hierarchy = "as_of"

from __future__ import annotations

from django.contrib import admin

from platform_app.core.admin import CompactModelAdmin, HistoryModelAdmin
from platform_app.structure.models import Language, ThematicArea

# --- reference lists ----------------------------------------------------------------------------


@admin.register(Language)
class LanguageAdmin(CompactModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ThematicArea)
class ThematicAreaAdmin(HistoryModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

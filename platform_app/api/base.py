"""The base every API viewset builds on: querysets always pass through `visible_to(user)`, and reads of
confidential records are in the audit log."""

from __future__ import annotations

from rest_framework import viewsets

from platform_app.audit import note_shown, record_read


class VisibleViewSet(viewsets.GenericViewSet):
    """Subclasses give `queryset` (with its select/prefetch) or override `base_queryset()`.

    `get_queryset()` applies the caller's visibility, so list, detail, filters, search, counts and
    any action built on `get_object()` see the same rows; an object outside them is a 404.
    """

    lookup_value_regex = r"[0-9]{1,18}"
    searchable = True
    ordering_fields: list[str] = []

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        queryset = self.base_queryset().visible_to(self.request.user)
        if any(field.name == "search_vector" for field in queryset.model._meta.concrete_fields):
            # The stored search vector serves the WHERE clause; no answer shows it, so it is not fetched.
            queryset = queryset.defer("search_vector")
        return queryset

    def get_object(self):
        """The object of a detail route; a detail read (`retrieve`) of a confidential record is audited
        here, so no viewset can leave it out. Actions that serve a file record their download themselves."""
        instance = super().get_object()
        if self.action == "retrieve":
            record_read(self.request, instance)
        return instance

    def paginate_queryset(self, queryset):
        """A page of a list; the confidential records on it are counted into one audit event per kind."""
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            note_shown(self.request, page)
        return page

    def write_context(self) -> dict:
        return {"request": self.request, "view": self}

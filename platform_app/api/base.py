"""The base every API viewset builds on: querysets always pass through `visible_to(user)`."""

from __future__ import annotations

from rest_framework import viewsets


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

    def write_context(self) -> dict:
        return {"request": self.request, "view": self}

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
        return self.base_queryset().visible_to(self.request.user)

    def write_context(self) -> dict:
        return {"request": self.request, "view": self}

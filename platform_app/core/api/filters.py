"""Filter backends shared by every list: full-text `search` and a strict, stable `ordering`."""

from __future__ import annotations

from rest_framework import filters
from rest_framework.exceptions import ValidationError

from platform_app.core.filters import SPACE
from platform_app.core.search import SEARCH_MAX_LENGTH, apply_search, rank, ranked_first

# What apply_search accepts: no NUL, and at most SEARCH_MAX_LENGTH characters once the spaces around are
# stripped (so no maxLength, which would count them).
SEARCH_PATTERN = rf"^[{SPACE}]*([^{SPACE}\u0000]([^\u0000]{{0,{SEARCH_MAX_LENGTH - 2}}}[^{SPACE}\u0000])?)?[{SPACE}]*$"


class FullTextSearchFilter(filters.BaseFilterBackend):
    """`search=` words: a stored, GIN-indexed vector on PostgreSQL, word matching elsewhere. Without an
    `ordering=`, the best matches come first, as on the list's page (`core.search.search`)."""

    param = "search"

    def filter_queryset(self, request, queryset, view):
        if not getattr(view, "searchable", True):
            return queryset
        text = request.query_params.get(self.param, "")
        return rank(apply_search(queryset, text), text) if text else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "searchable", True) or getattr(view, "action", "list") != "list":
            return []
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Words that must all appear (at most 200 characters, not counting spaces around).",
                "schema": {"type": "string", "pattern": SEARCH_PATTERN},
            }
        ]


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=field,-other` over the names a list offers; the primary key always breaks ties.

    A view's `ordering_fields` maps public names to lookups (a list means the same names). An unknown
    name is refused with a 400 instead of being ignored, so a client learns of its typo.
    """

    @staticmethod
    def _fields(view) -> dict[str, str]:
        fields = getattr(view, "ordering_fields", None) or {}
        return dict(fields) if isinstance(fields, dict) else {name: name for name in fields}

    def get_ordering(self, request, queryset, view):
        allowed = self._fields(view)
        params = request.query_params.get(self.ordering_param)
        if params:
            requested = [part.strip() for part in params.split(",") if part.strip()]
            if not requested or any(name.lstrip("-") not in allowed for name in requested):
                choices = ", ".join(sorted(allowed)) or "none"
                raise ValidationError({self.ordering_param: [f"Unknown field; choose among: {choices}."]})
            ordering = [("-" if name.startswith("-") else "") + allowed[name.lstrip("-")] for name in requested]
        else:
            default = getattr(view, "ordering", None) or queryset.query.order_by or queryset.model._meta.ordering
            ordering = ranked_first(queryset, default)
        if not any(str(f).lstrip("-") in ("pk", "id") for f in ordering):
            descending = bool(ordering) and str(ordering[-1]).startswith("-")
            ordering.append("-pk" if descending else "pk")
        return ordering

    def get_schema_operation_parameters(self, view):
        if getattr(view, "action", "list") != "list" or not self._fields(view):
            return []
        choices = [choice for name in self._fields(view) for choice in (name, f"-{name}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by this field; prefix with - for descending. Ties are broken by id.",
                "schema": {"type": "string", "enum": choices},
            }
        ]

"""Filter backends shared by every list: full-text `search` and a strict, stable `ordering`."""

from __future__ import annotations

from rest_framework import filters
from rest_framework.exceptions import ValidationError

from platform_app.core.filters import SPACE
from platform_app.core.search import SEARCH_MAX_LENGTH, apply_search, ranked_first, search

# What apply_search accepts: no NUL, and at most SEARCH_MAX_LENGTH characters once the spaces around are
# stripped (so no maxLength, which would count them).
SEARCH_PATTERN = rf"^[{SPACE}]*([^{SPACE}\u0000]([^\u0000]{{0,{SEARCH_MAX_LENGTH - 2}}}[^{SPACE}\u0000])?)?[{SPACE}]*$"


class FullTextSearchFilter(filters.BaseFilterBackend):
    """`search=` words: a stored, GIN-indexed vector on PostgreSQL, word matching elsewhere. Without an
    `ordering=`, the best matches come first, as on the list's page (`core.search.search`: among the matches
    its pages reach; an export, which has no pages, ranks every match)."""

    param = "search"

    def filter_queryset(self, request, queryset, view):
        if not getattr(view, "searchable", True):
            return queryset
        text = request.query_params.get(self.param, "")
        if not text:
            return queryset
        if request.query_params.get(StableOrderingFilter.ordering_param):
            return apply_search(queryset, text)
        from platform_app.core.api.exports import is_export  # it imports DRF's views, which import this module

        exporting = is_export(getattr(request, "accepted_renderer", None))
        return search(queryset, text, StableOrderingFilter.default_ordering(view, queryset), every_match=exporting)

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


def with_tie_break(ordering: list[str]) -> list[str]:
    """`ordering`, then the primary key (the way the last field goes) unless it is there already."""
    if not any(str(f).lstrip("-") in ("pk", "id") for f in ordering):
        descending = bool(ordering) and str(ordering[-1]).startswith("-")
        ordering = [*ordering, "-pk" if descending else "pk"]
    return ordering


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
            ordering = ranked_first(queryset, self.default_ordering(view, queryset))
        return with_tie_break(ordering)

    @staticmethod
    def default_ordering(view, queryset) -> list[str]:
        """The list's order without `ordering=`: the view's, the queryset's or the model's, ties broken by id."""
        default = getattr(view, "ordering", None) or queryset.query.order_by or queryset.model._meta.ordering
        # A searched queryset is already ordered best match first (core.search.search): its own order follows.
        return with_tie_break([field for field in default if str(field).lstrip("-") != "rank"])

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

"""The API's pages of results, with counts capped on long lists."""

import functools

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField, Value
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from platform_app.core.paging import CappedPaginator, count_limit, counted

# The annotation of a page's rows with the list's count (`PageCountingPaginator`).
FOUND = "_capped_count"


def _standalone(query, using: str, template: str = "%s", output_field=None, empty=None):
    """An uncorrelated subquery (a Subquery, or a queryset's query) as the SQL it compiles to on its own,
    inside `template`. Django would otherwise resolve it inside the outer query, relabelling every table of
    it and of its own subqueries (a list's visibility among them), which costs more than the round trip
    it saves. The SQL is Django's, its values parameters as ever. A query Django knows to find nothing is
    `empty` (what the subquery's SQL would give)."""
    field = output_field or query.output_field
    try:
        sql, params = query.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:
        return Value(empty, output_field=field)
    return RawSQL(template % sql, params, output_field=field)  # noqa: S611 - compiled by Django, not written


def count_of(queryset, limit: int):
    """How many rows `queryset` holds, up to `limit` + 1, as `CappedPaginator.count` counts them (COUNT(*)
    over `paging.counted`), as a value another query of the same database reads."""
    rows = counted(queryset, limit)
    return _standalone(rows, queryset.db, "SELECT COUNT(*) FROM (%s) AS counted", IntegerField(), empty=0)


def _counts_in_its_page(queryset) -> bool:
    """Whether a list's count can be read with its page: a plain query of model rows, which an annotation
    neither groups, nor makes distinct, nor changes otherwise."""
    query = getattr(queryset, "query", None)
    return (
        query is not None
        and issubclass(getattr(queryset, "_iterable_class", object), ModelIterable)
        and not query.combinator
        and not query.distinct
        and query.group_by is None
        and not query.is_sliced
        and not query.select_for_update
        and not query.extra
        and not any(getattr(value, "contains_aggregate", False) for value in query.annotations.values())
    )


class PageCountingPaginator(CappedPaginator):
    """A CappedPaginator that reads the page and the count in one query: the page's rows are annotated with
    the count (COUNT(*) over the first `limit` + 1 matches, as `CappedPaginator.count` counts them), so the
    list costs one query less. The page asked for is read first, then checked against the count as
    Paginator.page checks it; a page past the end (no rows) is counted on its own, as before.

    `also`: more values the page's query reads (uncorrelated subqueries by name, the same on every row);
    `also_read` holds them, in that order, once read (empty for an empty list), and stays None when the page
    was read otherwise."""

    _found = None
    also_read = None

    def __init__(self, *args, also: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.also = also or {}

    @cached_property
    def count(self) -> int:
        if self._found is None:
            return CappedPaginator.count.func(self)
        limit = count_limit() if self.limit is None else self.limit
        self._capped = self._found > limit
        return min(self._found, limit)

    def page(self, number):
        if "count" in self.__dict__ or not _counts_in_its_page(self.object_list):
            return super().page(number)
        if {FOUND, *self.also} & set(self.object_list.query.annotations):
            return super().page(number)  # names the list's query holds already
        try:
            asked = int(number)
        except (TypeError, ValueError):
            return super().page(number)
        limit = count_limit() if self.limit is None else self.limit
        bottom = (asked - 1) * self.per_page
        if asked < 1 or isinstance(number, float) or bottom >= limit:
            # No such page (the count says so without reading rows to skip), or one Paginator refuses.
            return super().page(number)
        also = {name: _standalone(expression, self.object_list.db) for name, expression in self.also.items()}
        annotated = self.object_list.annotate(**{FOUND: count_of(self.object_list, limit)}, **also)
        rows = list(annotated[bottom : bottom + self.per_page])
        if not rows and asked > 1:
            return super().page(number)
        self._found = getattr(rows[0], FOUND) if rows else 0
        self.also_read = tuple(getattr(rows[0], name) for name in self.also) if rows else ()
        number = self.validate_number(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows[: max(top - bottom, 0)], number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size` (1 to 200). A page size out of range is refused rather than silently changed.

    `count` is exact up to LIST_COUNT_LIMIT matches (SEARCH_COUNT_LIMIT for a full-text search, whose
    matches are many and read from the top); past it, `count_capped` is true and the pages stop there
    (platform_app/core/paging.py).
    """

    django_paginator_class = CappedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    # Values the view asks to be read with the page (PageCountingPaginator's `also`), for this request.
    read_with_page: dict | None = None

    def paginate_queryset(self, queryset, request, view=None):
        searching = getattr(view, "searchable", True) and bool(request.query_params.get("search", "").strip())
        limit = count_limit(searching=searching)
        # One instance per request: the paginator DRF makes counts up to this request's limit.
        self.django_paginator_class = functools.partial(PageCountingPaginator, limit=limit, also=self.read_with_page)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            if self._past_the_limit(request, limit) and self.django_paginator_class(queryset, 1).capped:
                raise NotFound(
                    f"Lists page through their first {limit:,} matches; narrow the filters or the search to "
                    "reach the others."
                ) from exc
            raise

    def read_with_the_page(self) -> tuple | None:
        """The values of `read_with_page` as the page's query read them; None if it read none."""
        page = getattr(self, "page", None)
        return getattr(getattr(page, "paginator", None), "also_read", None)

    def check_parameters(self, request) -> None:
        """For a list answered without pages (an export): `page` and `page_size` do not apply, but a value
        the schema calls invalid is refused as a list refuses it, a page size with a 400, a page with a 404."""
        self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw in self.last_page_strings:
            return
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise NotFound(self.invalid_page_message)

    def _past_the_limit(self, request, limit: int) -> bool:
        try:
            number = int(request.query_params.get(self.page_query_param, 1))
        except (TypeError, ValueError):
            return False
        return (number - 1) * self.get_page_size(request) >= limit

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_capped": self.page.paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            },
            headers={"Link": self.get_link_header()},
        )

    def get_link_header(self) -> str:
        """The other pages as an RFC 8288 Link header: `first` and `last` always, `prev` and `next` when
        there are such pages. The last is the last the list reaches: pages stop at the count limit."""
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        links = {
            "first": remove_query_param(url, self.page_query_param),
            "prev": self.get_previous_link(),
            "next": self.get_next_link(),
            "last": replace_query_param(url, self.page_query_param, last) if last > 1 else None,
        }
        links["last"] = links["last"] or links["first"]
        return ", ".join(f'<{target}>; rel="{relation}"' for relation, target in links.items() if target)

    def get_page_size(self, request):
        from rest_framework.exceptions import ValidationError

        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except (TypeError, ValueError):
            raise ValidationError({"page_size": ["Must be a whole number from 1 to 200."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({"page_size": ["Must be a whole number from 1 to 200."]})
        return size

    def get_paginated_response_schema(self, schema):
        # Written out for OpenAPI 3.1: "next" and "previous" are null on the last and first pages.
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": (
                        f"How many objects match, of those you may see, counted up to {count_limit():,} "
                        f"({count_limit(searching=True):,} for a `search`)."
                    ),
                },
                "count_capped": {
                    "type": "boolean",
                    "description": "True when more objects match than `count` says; pages stop there.",
                },
                "next": {"type": ["string", "null"], "format": "uri", "description": "The next page, if any."},
                "previous": {"type": ["string", "null"], "format": "uri", "description": "The previous page, if any."},
                "results": {**schema, "description": "The objects of this page, in the list's order."},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Objects per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

"""The API's pages of results, with counts capped on long lists."""

import functools

from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from platform_app.core.paging import CappedPaginator, count_limit


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

    def paginate_queryset(self, queryset, request, view=None):
        searching = getattr(view, "searchable", True) and bool(request.query_params.get("search", "").strip())
        limit = count_limit(searching=searching)
        # One instance per request: the paginator DRF makes counts up to this request's limit.
        self.django_paginator_class = functools.partial(CappedPaginator, limit=limit)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            if self._past_the_limit(request, limit) and self.django_paginator_class(queryset, 1).capped:
                raise NotFound(
                    f"Lists page through their first {limit:,} matches; narrow the filters or the search to "
                    "reach the others."
                ) from exc
            raise

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

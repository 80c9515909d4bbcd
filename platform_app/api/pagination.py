from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`page` and `page_size` (1 to 200). A page size out of range is refused rather than silently changed."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

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
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "How many objects match, of those you may see."},
                "next": {"type": ["string", "null"], "format": "uri", "description": "The next page, if any."},
                "previous": {"type": ["string", "null"], "format": "uri", "description": "The previous page, if any."},
                "results": schema,
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

"""The base every API viewset builds on: querysets always pass through `visible_to(user)`, reads of
confidential records are in the audit log, and lists and records answer conditional GETs (ETag, 304:
platform_app/core/api/conditional.py)."""

from __future__ import annotations

import re

from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from platform_app.core.api import conditional
from platform_app.core.api.exports import BulkExportMixin
from platform_app.core.api.schema import REVISION_TAG
from platform_app.core.audit import note_shown, record_read


class VisibleViewSet(BulkExportMixin, viewsets.GenericViewSet):
    """Subclasses give `queryset` (with its select/prefetch) or override `base_queryset()`.

    `get_queryset()` applies the caller's visibility, so list, detail, filters, search, counts and
    any action built on `get_object()` see the same rows; an object outside them is a 404. The list's
    export (`?format=csv`, `?format=ndjson`: platform_app/core/api/exports.py) reads the same rows, all of them.
    """

    lookup_value_regex = r"[0-9]{1,18}"
    searchable = True
    ordering_fields: list[str] = []
    # What moves when a record changes: the ETag is made of it, and every list can be ordered by it.
    changed_field = "updated_at"
    schema = conditional.ConditionalGetSchema()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = getattr(cls.queryset, "model", None)
        if model is not None and any(field.name == cls.changed_field for field in model._meta.concrete_fields):
            fields = cls.ordering_fields
            named = dict(fields) if isinstance(fields, dict) else {name: name for name in fields}
            cls.ordering_fields = {**named, cls.changed_field: cls.changed_field}

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        queryset = self.base_queryset().visible_to(self.request.user)
        if any(field.name == "search_vector" for field in queryset.model._meta.concrete_fields):
            # The stored search vector serves the WHERE clause; no answer shows it, so it is not fetched.
            queryset = queryset.defer("search_vector")
        if self._answers_conditionally() and self.action == "retrieve":
            queryset = queryset.annotate(**conditional.named_inside())
        return queryset

    def get_object(self):
        """The object of a detail route; a detail read (`retrieve`) of a confidential record is audited
        here, so no viewset can leave it out. Actions that serve a file record their download themselves.

        A read of a record the caller holds already (If-None-Match) is a 304, audited like any read."""
        instance = super().get_object()
        if self.action == "retrieve":
            record_read(self.request, instance)
            if self._answers_conditionally():
                named = [getattr(instance, name) for name in conditional.named_inside()]
                changed = getattr(instance, self.changed_field)
                self._validator = conditional.headers_for(
                    conditional.etag_of(self, "record", instance.pk, changed, named), [changed, *named]
                )
                if conditional.matches(self.request, self._validator["ETag"]):
                    raise conditional.NotModified(self._validator)
        return instance

    def paginate_queryset(self, queryset):
        """A page of a list; the confidential records on it are counted into one audit event per kind.

        A page the caller holds already (If-None-Match) is a 304, found without counting the list; a page
        answered in full carries its ETag, made of the rows read for it, and of the list's markers, which
        the page's own query reads when it can (`conditional.marker_expressions`)."""
        markers = None
        conditional_list = self.action == "list" and self._answers_conditionally()
        if conditional_list:
            asked = conditional.requested_page(self)
            if asked is not None and self.request.headers.get("If-None-Match"):
                markers = conditional.list_markers(self, queryset)
                keys = conditional.page_keys(self, queryset, *asked)
                validator = self._list_validator(markers, keys)
                if conditional.matches(self.request, validator["ETag"]):
                    raise conditional.NotModified(validator)
        paginator = self.paginator
        reads_markers = conditional_list and markers is None and hasattr(paginator, "read_with_the_page")
        if reads_markers:
            paginator.read_with_page = conditional.marker_expressions(self, queryset)
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            note_shown(self.request, page)
            if conditional_list:
                if markers is None and reads_markers:
                    markers = paginator.read_with_the_page()
                if markers is None:
                    markers = conditional.list_markers(self, queryset)
                keys = [[row.pk, getattr(row, self.changed_field)] for row in page]
                self._validator = self._list_validator(markers, keys)
        return page

    def _list_validator(self, markers: tuple, keys: list) -> dict:
        return conditional.headers_for(conditional.etag_of(self, "page", list(markers), keys), markers)

    def _answers_conditionally(self) -> bool:
        return self.request.method in ("GET", "HEAD") and conditional.answers_conditionally(self)

    def handle_exception(self, exc):
        if isinstance(exc, conditional.NotModified):
            return exc.response()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validator = getattr(self, "_validator", None)
        if validator and response.status_code == 200:
            for name, value in validator.items():
                response[name] = value
        return response

    def write_context(self) -> dict:
        return {"request": self.request, "view": self}

    def read_input(self, input_class, instance=None, *, partial: bool = False) -> dict:
        """What the caller sent, validated by `input_class` (a 400 naming the fields at fault). A write asks
        its policy first, so a caller who may not act is refused whatever they sent."""
        data = input_class(instance, data=self.request.data, partial=partial, context=self.write_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    def read_change(self, input_class, instance=None) -> tuple[dict, int | None]:
        """A PATCH: the fields sent, validated by `input_class`, and the revision the change starts from
        (`revision` in the body, taken out of the fields, or If-Match)."""
        fields = dict(self.read_input(input_class, instance, partial=True))
        return fields, expected_revision(self.request, fields.pop("revision", None))

    def answer(self, record, code: int = status.HTTP_200_OK, serializer_class=None) -> Response:
        """The record a write made or changed, read again as the viewset shows it."""
        record = self.base_queryset().get(pk=record.pk)
        if serializer_class is None:
            return Response(self.get_serializer(record).data, status=code)
        return Response(serializer_class(record, context=self.get_serializer_context()).data, status=code)


MAX_VERSION = 999_999_999


def expected_revision(request, in_body: int | None) -> int | None:
    """The revision a change starts from: `revision` in the body, or an `If-Match: "N"` header."""
    if in_body is not None:
        return in_body
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    match = re.fullmatch(REVISION_TAG, header)
    if match is None:
        raise ValidationError({"If-Match": ['Send the revision you read, e.g. If-Match: "3".']})
    return int(match.group(1))


class FileNegotiation(BaseContentNegotiation):
    """A download is its file, in the type its content was checked against, and an error is JSON, whatever
    the Accept header or a `format` parameter ask: nothing there is for a client to choose."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

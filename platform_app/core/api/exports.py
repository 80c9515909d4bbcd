"""Bulk reads: everything a caller may see of a resource in one answer, as CSV for spreadsheets or as
newline-delimited JSON (NDJSON) for programs.

Any list answers `?format=csv` (or `Accept: text/csv`) and `?format=ndjson` (or `Accept: application/x-ndjson`)
with the rows of the list: the same visible queryset, filters, search and ordering, each row as the list
shows it in `results`; but all of them in one answer, with no pages and no count limit (LIST_COUNT_LIMIT
caps only what is paged). The answer is streamed: rows are read CHUNK_SIZE at a time, each chunk with the
list's prefetches, so neither memory nor the number of queries grows with the number of rows. It counts
as one request against the rate limit.

CSV is UTF-8 with a BOM (platform_app.core.portal.csv_response), a header row of the list's field names and one
row per object. A nested value (an object or a list, e.g. `organizers`) is written as its JSON text in one
cell, so that nothing is lost and a program can read it back; null is an empty cell; true and false are
written as in JSON; text a spreadsheet program would run as a formula is escaped as in every file the
platform writes (platform_app/core/spreadsheets.py). NDJSON has one JSON object per line, text as it is.

Confidential records exported are in the audit log as a list's are (platform_app.core.audit.note_shown): one
event per kind naming how many, written when the stream ends, or when it stops because the client went
away, counting then the rows read for it.
"""

from __future__ import annotations

import json
import re
from itertools import chain, islice

from django.http import StreamingHttpResponse
from rest_framework import renderers
from rest_framework.mixins import ListModelMixin
from rest_framework.settings import api_settings
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.viewsets import ViewSetMixin

from platform_app.core.audit import note_shown, record_shown
from platform_app.core.portal import csv_response

# Rows read, prefetched and serialized at a time.
CHUNK_SIZE = 500


_API_ROOT = re.compile(r"^/api/v[0-9]+/")


def _json_text(value) -> str:
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def csv_value(value):
    """A value of a row as its CSV cell is made from it (csv_response then escapes text and writes null
    as an empty cell): nested values as JSON text, true and false as in JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return _json_text(value)
    return value


class ExportRenderer(renderers.BaseRenderer):
    """Chosen by content negotiation for a list. Its rows are streamed by `BulkExportMixin.export`; an error
    of the request is answered in JSON like any other (`BulkExportMixin.finalize_response`)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data, accepted_media_type, renderer_context)

    def stream(self, rows, fields: list[str], name: str) -> StreamingHttpResponse:
        raise NotImplementedError


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"

    def stream(self, rows, fields, name):
        return csv_response(f"{name}.csv", fields, ([csv_value(row.get(field)) for field in fields] for row in rows))


class NDJSONRenderer(ExportRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"

    def stream(self, rows, fields, name):
        response = StreamingHttpResponse(
            (_json_text(row) + "\n" for row in rows), content_type=f"{self.media_type}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.ndjson"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


def is_export(renderer) -> bool:
    return isinstance(renderer, ExportRenderer)


class BulkExportMixin:
    """Gives a list view its exports: the export formats among its renderers, and `export` to answer with
    them in place of a page."""

    export_renderer_classes = (CSVRenderer, NDJSONRenderer)

    def lists_rows(self) -> bool:
        """Whether the request is for the list (not an object, nor an action of the viewset)."""
        if isinstance(self, ViewSetMixin):
            return getattr(self, "action", None) == "list"
        method = getattr(getattr(self, "request", None), "method", None)
        return isinstance(self, ListModelMixin) and method in ("GET", "HEAD")

    def get_renderers(self):
        found = super().get_renderers()
        if self.lists_rows():
            found += [renderer() for renderer in self.export_renderer_classes]
        return found

    def perform_content_negotiation(self, request, force=False):
        # An export is a read of the list. Another method (one the route does not answer: a 405; OPTIONS, a
        # write) answers in JSON whatever format was asked, rather than a 404 for a renderer it lacks.
        handled = request.method.lower() in self.http_method_names and hasattr(self, request.method.lower())
        asked = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        exporting = asked in {renderer.format for renderer in self.export_renderer_classes}
        if not handled or (exporting and request.method not in ("GET", "HEAD")):
            force = True
        return super().perform_content_negotiation(request, force)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if is_export(request.accepted_renderer) and request.method in ("GET", "HEAD"):
            # The list's own handler answers a page: an export is answered by `export` instead.
            setattr(self, request.method.lower(), self.export)

    def export(self, request, *args, **kwargs):
        if hasattr(self.paginator, "check_parameters"):
            self.paginator.check_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        rows = queryset.iterator(chunk_size=CHUNK_SIZE)
        # The first chunk is read here, so that a query that fails is an error answer, not a cut stream.
        first = list(islice(rows, CHUNK_SIZE))
        fields = [name for name, field in self.get_serializer().fields.items() if not field.write_only]
        name = "-".join(part for part in _API_ROOT.sub("", request.path).split("/") if part) or "export"
        return request.accepted_renderer.stream(self._serialized(first, rows), fields, name)

    def _serialized(self, first: list, rest):
        """The rows as the list shows them, a chunk at a time; the confidential ones are noted as they are
        read for the stream, and the audit event is written when it ends or stops."""
        request = self.request
        chunks = chain([first] if first else [], iter(lambda: list(islice(rest, CHUNK_SIZE)), []))
        try:
            for chunk in chunks:
                note_shown(request, chunk)
                yield from self.get_serializer(chunk, many=True).data
        finally:
            record_shown(request._request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if is_export(getattr(response, "accepted_renderer", None)):
            # Only errors reach a renderer here (an export streams its rows itself): they are JSON.
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = response.accepted_renderer.media_type
        return response

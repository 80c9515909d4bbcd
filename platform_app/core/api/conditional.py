"""Conditional GET for the API's lists and objects: an `ETag` and a `Last-Modified` on every page of a list
of records and on every record, and 304 Not Modified, with no body, to a request whose `If-None-Match`
names the current ETag. A copy asking again what it already holds costs neither side the page.

The ETag is not a hash of the body, which would need the page, its prefetches and the list's COUNT before
it could be compared. It is a weak validator computed from what the body is made of:

- who asks, as the visibility rules see them (`Viewer`: the person, their organization and its kind, their
  roles), and the request (path, query, format, language, and the day, since invitations expire by date);
- for a page: its rows as (id, `updated_at`) in their order, read by the page's own query with no COUNT;
  the newest `updated_at` of all the rows the list holds for this caller (a row changed, added, or come
  into the caller's view after this page changes `count`); and the newest of the deletions of the list's
  resource that the caller may see (a row deleted after this page);
- for a record: its id and `updated_at`;
- for both, the newest `updated_at` of the records named by name inside others (organizations, working
  groups, projects), which every platform user may read.

`updated_at` moves whenever what the API shows of a record changes (platform_app.core.sync), so the ETag
changes whenever the body would, with two exceptions left on purpose: a row that leaves the caller's view
(its audience narrowed) beyond the page asked for changes that page's `count` only, which the validator
could tell only by counting or by looking at rows the caller may not see; and the names of thematic areas,
languages and pillars, reference data that has no `updated_at`.

Cost: on a page answered in full, nothing but subqueries of the page's own query (`marker_expressions`);
on a 304 one query (one row, by the `updated_at` index) and the page's ids, never the COUNT. A record's
validator comes with the record itself.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re

from django.apps import apps
from django.db.models import Subquery
from django.utils import timezone, translation
from django.utils.http import http_date, parse_etags
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.response import Response

from platform_app.core.api.schema import CompactAutoSchema
from platform_app.core.sync import kind_of
from platform_app.core.viewer import viewer_for

# Records named inside the representations of others (an organization's name, a group's short name, a
# project's code and title): every platform user may read them, so their newest change tells nobody
# anything they could not read.
NAMED_INSIDE = ("platform_app.Organization", "platform_app.WorkingGroup", "platform_app.Project")


# Bumped when what the validator is made of changes, so that no earlier ETag matches by accident.
VERSION = 1


class NotModified(Exception):
    """Raised where the answer is found to be what the caller holds; the view answers 304."""

    def __init__(self, headers: dict):
        super().__init__("not modified")
        self.headers = headers

    def response(self) -> Response:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=self.headers)


def answers_conditionally(view) -> bool:
    """Lists and records of a model with the view's `changed_field` (not tokens, which have none)."""
    model = getattr(getattr(view, "queryset", None), "model", None)
    field = getattr(view, "changed_field", None)
    return model is not None and any(f.name == field for f in model._meta.concrete_fields)


def _newest(label: str) -> Subquery:
    model = apps.get_model(label)
    return Subquery(model._base_manager.order_by("-updated_at").values("updated_at")[:1])


def named_inside() -> dict:
    """Annotations: the newest change of each kind of record named inside others."""
    return {f"sync_named_{n}": _newest(label) for n, label in enumerate(NAMED_INSIDE)}


def _outside_markers(view, queryset) -> dict:
    """The markers that are not the list's own rows: the records named inside them, and the deletions."""
    annotations = named_inside()
    kind = kind_of(queryset.model)
    if kind is not None:
        Deletion = apps.get_model("platform_app", "Deletion")
        deletions = Deletion.objects.visible_to(view.request.user).filter(kind=kind).order_by("-deleted_at")
        annotations["sync_deleted"] = Subquery(deletions.values("deleted_at")[:1])
    return annotations


def list_markers(view, queryset) -> tuple:
    """The newest change among the list's rows (for this caller, with these filters), the newest of the
    deletions of its resource the caller may see, and the newest change of the records named inside them:
    one query, reading one row by the `updated_at` index. Empty for an empty list."""
    field = view.changed_field
    annotations = _outside_markers(view, queryset)
    newest = (
        queryset.prefetch_related(None)
        .order_by(f"-{field}", "-pk")
        .annotate(**annotations)
        .values_list(field, *annotations)[:1]
    )
    row = next(iter(newest), None)
    return tuple(row) if row is not None else ()


def marker_expressions(view, queryset) -> dict:
    """The values of `list_markers`, in its order, as expressions another query of the list's rows reads
    with them (each row of a page, then, holds them all): a page costs no query of its own for them. A
    query that finds no row (an empty list) has none, as `list_markers` has none."""
    field = view.changed_field
    newest = queryset.prefetch_related(None).order_by(f"-{field}", "-pk").values(field)[:1]
    return {"sync_newest": Subquery(newest), **_outside_markers(view, queryset)}


def page_keys(view, queryset, number: int, size: int) -> list:
    """The (id, changed) of the rows of page `number`, in the list's order, without counting the list."""
    field = view.changed_field
    start = (number - 1) * size
    return [list(row) for row in queryset.prefetch_related(None).values_list("pk", field)[start : start + size]]


def requested_page(view) -> tuple[int, int] | None:
    """The page number and size asked for, when the page can be found without counting the list."""
    paginator = view.paginator
    if paginator is None:
        return None
    raw = view.request.query_params.get(paginator.page_query_param, "1")
    if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1:
        return None  # "last", or malformed: the paginator answers
    return int(raw), paginator.get_page_size(view.request)


def etag_of(view, *parts) -> str:
    request = view.request
    viewer = viewer_for(request.user)
    accepted = getattr(request, "accepted_media_type", "")
    query = sorted((key, sorted(values)) for key, values in request.query_params.lists())
    made_of = [
        VERSION,
        [viewer.user_id, viewer.is_secretariat, viewer.is_cted, viewer.organization_id, viewer.organization_kind],
        [request.path, query, accepted, translation.get_language(), timezone.now().date().isoformat()],
        *parts,
    ]
    digest = hashlib.sha256(json.dumps(made_of, default=str, separators=(",", ":")).encode()).hexdigest()
    return f'W/"{digest[:40]}"'


def headers_for(etag: str, times) -> dict:
    headers = {"ETag": etag}
    known = [t for t in times if isinstance(t, datetime.datetime)]
    if known:
        headers["Last-Modified"] = http_date(max(known).timestamp())
    return headers


def matches(request, etag: str) -> bool:
    """Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 has it for GET) or is *."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


# --- OpenAPI ----------------------------------------------------------------------------------------

HEADERS = {
    "ETag": {
        "description": (
            "A weak validator of this answer, for this caller. Send it back in If-None-Match: if nothing you "
            "would be shown has changed, the answer is 304 with no body."
        ),
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When what this answer shows last changed, as far as the platform records it.",
        "schema": {"type": "string"},
    },
}


class ConditionalGetSchema(CompactAutoSchema):
    """Documents `If-None-Match`, the 304, and the ETag and Last-Modified headers of lists and records."""

    def _conditional(self) -> bool:
        return (
            self.method == "GET"
            and getattr(self.view, "action", None) in ("list", "retrieve")
            and answers_conditionally(self.view)
        )

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._conditional():
            parameters = [
                *parameters,
                OpenApiParameter(
                    "If-None-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="The ETag of the answer you hold: if it is still current, the answer is 304.",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not self._conditional() or "200" not in responses:
            return responses
        headers = {name: self._validator_header(name) for name in HEADERS}
        listed = responses["200"]
        responses["200"] = {**listed, "headers": {**listed.get("headers", {}), **headers}}
        responses["304"] = {
            "description": "What you hold (its ETag in If-None-Match) is current: no body.",
            "headers": headers,
        }
        return dict(sorted(responses.items()))

    def _validator_header(self, name: str) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.HEADER, schema=HEADERS[name], object=name)
        self.registry.register_on_missing(component)
        return component.ref

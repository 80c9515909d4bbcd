"""Bulk reads: every list answers `?format=csv` and `?format=ndjson` (or the Accept header) with every row the
caller may see, streamed, with the filters, search and ordering of the list and no count limit."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.core.api.throttling import TokenRateThrottle
from platform_app.core.models import AuditEvent
from platform_app.core.spreadsheets import escape_cell
from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.metrics.models import MetricSnapshot
from platform_app.structure.models import Pillar, ThematicArea, WorkingGroup, WorkingGroupMembership
from tests import scenario as sc
from tests.factories import (
    CountryAssessmentFactory,
    EventFactory,
    OrganizationFactory,
    RecommendationFactory,
    reference_org,
)

from .openapi import openapi_schema
from .test_access import LISTS, path_of
from .test_query_counts import AUDIT_WRITE, MAX_QUERIES, OVER_BUDGET, add_rich_rows

pytestmark = pytest.mark.shared_world

MEDIA_TYPES = {"csv": "text/csv", "ndjson": "application/x-ndjson"}


def every_page(api, url: str, **params) -> list[dict]:
    """The rows of a list, all its pages joined."""
    rows, response = [], api.get(url, {**params, "page_size": 200})
    while True:
        assert response.status_code == 200, response.content[:300]
        rows += response.json()["results"]
        if response.json()["next"] is None:
            return rows
        response = api.get(response.json()["next"])


def download(api, url: str, fmt: str, *, via_accept: bool = False, **params):
    """The answer to an export, and its content read to the end."""
    if via_accept:
        response = api.get(url, params, HTTP_ACCEPT=MEDIA_TYPES[fmt])
    else:
        response = api.get(url, {**params, "format": fmt})
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    assert response["Content-Type"].split(";")[0] == MEDIA_TYPES[fmt]
    return response, b"".join(response.streaming_content).decode("utf-8")


def ndjson_rows(text: str) -> list[dict]:
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "a BOM, so that spreadsheet programs read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def cell(value) -> str:
    """A JSON value as the CSV writes it: nested values as JSON text, null empty, text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return escape_cell(str(value))


@pytest.fixture
def small_chunks(monkeypatch):
    """Rows are read two at a time, so that every export crosses chunks and their prefetches."""
    monkeypatch.setattr("platform_app.core.api.exports.CHUNK_SIZE", 2)


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize(("name", "resource"), LISTS)
def test_an_export_holds_exactly_the_rows_of_the_list(api, people, role, name, resource, small_chunks):
    api.as_user(people.roles()[role])
    url = path_of(name)
    listed = every_page(api, url)

    _, text = download(api, url, "ndjson")
    assert ndjson_rows(text) == listed

    _, text = download(api, url, "csv")
    header, *rows = csv_rows(text)
    fields = list(listed[0]) if listed else header
    assert header == fields
    assert rows == [[cell(row[field]) for field in fields] for row in listed]


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_the_accept_header_asks_for_an_export_as_the_format_parameter_does(api, people, fmt):
    api.as_user(people.cted)
    url = reverse("api:recommendation-list")
    assert download(api, url, fmt, via_accept=True)[1] == download(api, url, fmt)[1]


FILTERED = [
    ("document-list", {"search": sc.MARKER, "ordering": "title"}),
    ("event-list", {"ordering": "-starts_at"}),
    ("organization-list", {"kind": "member_state", "ordering": "-name"}),
    ("recommendation-list", {"ordering": "-number", "status": "open"}),
    ("focal-point-list", {"ordering": "organization"}),
]


@pytest.mark.parametrize(("name", "params"), FILTERED)
def test_an_export_has_the_filters_search_and_ordering_of_the_list(api, people, name, params):
    api.as_user(people.cted)
    url = reverse(f"api:{name}")
    listed = every_page(api, url, **params)
    assert listed, "the filters must match something for the test to mean anything"
    exported = ndjson_rows(download(api, url, "ndjson", **params)[1])
    # A searched list quotes where each hit matched, for its page alone; an export leaves the passage out.
    assert all(row.get("snippet") is None for row in exported)
    assert exported == [{**row, "snippet": None} if "snippet" in row else row for row in listed]
    assert [row[0] for row in csv_rows(download(api, url, "csv", **params)[1])[1:]] == [
        str(row["id"]) for row in listed
    ]


def test_an_export_is_not_cut_at_the_count_limit(api, people, settings):
    settings.LIST_COUNT_LIMIT = 3
    api.as_user(people.state)
    url = reverse("api:organization-list")
    page = api.get(url, {"page_size": 2}).json()
    assert page["count"] == 3 and page["count_capped"] is True
    visible = Organization.objects.visible_to(people.state).count()
    assert visible > 3
    assert len(ndjson_rows(download(api, url, "ndjson")[1])) == visible
    assert len(csv_rows(download(api, url, "csv")[1])) == visible + 1


def test_a_cell_that_would_run_as_a_formula_is_escaped_and_nested_values_are_json(api, people):
    event = EventFactory(title="=1+1", location="@SUM(A1)", organizers=[reference_org("UNOCT")])
    api.as_user(people.state)
    url = reverse("api:event-list")
    response, text = download(api, url, "csv")
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    header, *rows = csv_rows(text)
    row = dict(zip(header, next(r for r in rows if r[0] == str(event.pk)), strict=True))
    assert row["title"] == "'=1+1" and row["location"] == "'@SUM(A1)"
    assert json.loads(row["organizers"])[0]["acronym"] == "UNOCT"
    assert row["all_day"] == "false"
    # The JSON lines carry the text as it is: escaping is a rule of spreadsheets.
    (as_json,) = [r for r in ndjson_rows(download(api, url, "ndjson")[1]) if r["id"] == event.pk]
    assert as_json["title"] == "=1+1"


def count_export_queries(api, url) -> tuple[int, int]:
    """The queries an export makes, to its last row, without its audit event; and how many rows it held."""
    with CaptureQueriesContext(connection) as captured:
        _, text = download(api, url, "ndjson")
    sql = [q["sql"] for q in captured.captured_queries]
    return len([q for q in sql if not q.startswith(AUDIT_WRITE)]), len(ndjson_rows(text))


@pytest.mark.parametrize(("name", "resource"), LISTS)
def test_an_export_costs_the_same_queries_for_few_rows_and_for_many(api, people, world, name, resource):
    api.as_user(people.cted)
    url = path_of(name)
    api.get(url)  # the first request of a token records its last use; measure the steady state
    few, before = count_export_queries(api, url)
    add_rich_rows(people, world)
    # Rows of the lists the rich rows leave alone.
    OrganizationFactory.create_batch(2)
    CountryAssessmentFactory.create_batch(2)
    for day in (1, 2):
        MetricSnapshot.objects.create(as_of=datetime(2031, 1, day, tzinfo=UTC), entities=46, focal_points=900)
    for number in (91, 92):
        group = WorkingGroup.objects.create(
            number=number, short_name=f"WG{number}", name=f"Working group {number}", objective="Tests."
        )
        group.pillars.set(Pillar.objects.all()[:2])
        WorkingGroupMembership.objects.create(working_group=group, organization=reference_org("UNODC"))
    many, after = count_export_queries(api, url)
    assert after > before, "the test needs more rows to mean anything"
    assert few == many, f"{name}: {few} queries for {before} rows, {many} for {after}"
    assert many <= OVER_BUDGET.get(name, MAX_QUERIES)


def test_rows_are_read_by_chunks_with_their_prefetches(api, people, monkeypatch):
    EventFactory.create_batch(
        3,
        organizers=[reference_org("UNOCT")],
        countries=[reference_org("KE")],
        themes=list(ThematicArea.objects.all()[:2]),
    )
    api.as_user(people.cted)
    url = reverse("api:event-list")
    api.get(url)
    one_chunk, rows = count_export_queries(api, url)
    assert rows >= 5
    monkeypatch.setattr("platform_app.core.api.exports.CHUNK_SIZE", 1)
    by_row, _ = count_export_queries(api, url)
    # Each further chunk reads its organizers, countries, pillars and themes: four queries, whatever its size.
    assert by_row - one_chunk == 4 * (rows - 1)


def test_an_export_counts_as_one_request(api, people, monkeypatch, small_chunks):
    monkeypatch.setattr(TokenRateThrottle, "rate", "5/minute", raising=False)
    cache.clear()
    api.as_user(people.secretariat)
    response, _ = download(api, reverse("api:organization-list"), "csv")
    assert (response["RateLimit-Limit"], response["RateLimit-Remaining"]) == ("5", "4")
    assert api.get(reverse("api:organization-list"))["RateLimit-Remaining"] == "3"


@pytest.mark.parametrize("method", ["put", "delete", "trace", "options"])
def test_an_export_is_read_only_and_another_method_is_what_the_list_answers(api, people, method):
    api.as_user(people.state)
    url = reverse("api:working-group-list")
    plain = getattr(api, method)(url)
    for asked in ({"format": "csv"}, {"format": "ndjson"}):
        answer = getattr(api, method)(url + "?" + "&".join(f"{k}={v}" for k, v in asked.items()))
        assert answer.status_code == plain.status_code, (method, asked)
        assert answer["Content-Type"] == "application/json"


def test_the_errors_of_an_export_are_json(api, people):
    api.as_user(people.state)
    invalid = api.get(reverse("api:recommendation-list"), {"format": "csv", "status": "not-a-status"})
    assert invalid.status_code == 400
    assert invalid["Content-Type"] == "application/json" and invalid.json()["code"] == "invalid"
    assert "RateLimit-Remaining" in invalid
    # Pages do not apply to an export, but what a list refuses is refused alike.
    url = reverse("api:organization-list")
    assert api.get(url, {"format": "csv", "page_size": 0}).status_code == 400
    assert api.get(url, {"format": "ndjson", "page": "0"}).status_code == 404
    every = Organization.objects.visible_to(people.state).count()
    assert len(ndjson_rows(download(api, url, "ndjson", page=2, page_size=10)[1])) == every
    # A single object has no export.
    recommendation = Recommendation.objects.visible_to(people.state).first()
    detail = reverse("api:recommendation-detail", args=[recommendation.pk])
    assert api.get(detail, {"format": "csv"}).status_code == 404
    refused = api.get(detail, HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406 and refused["Content-Type"] == "application/json"


# --- the audit log ------------------------------------------------------------------------------------------


def list_events(user) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(user=user, object_id="")
        .exclude(kind=AuditEvent.Kind.SIGN_IN)
        .values_list("kind", "object_type", "object_repr")
    )


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_an_export_of_recommendations_is_one_audit_event_with_its_count(api, people, world, fmt, small_chunks):
    RecommendationFactory.create_batch(60, assessment=world.objects["assessments"]["kenya"])
    api.as_user(people.state)
    url = reverse("api:recommendation-list")
    _, text = download(api, url, fmt)
    exported = len(ndjson_rows(text)) if fmt == "ndjson" else len(csv_rows(text)) - 1
    assert exported == Recommendation.objects.visible_to(people.state).count() > 60
    event = AuditEvent.objects.get(user=people.state, object_id="")
    assert (event.kind, event.object_type, event.object_repr) == (
        AuditEvent.Kind.RECOMMENDATION_READ,
        "platform_app.recommendation",
        f"{exported} shown in a list",
    )
    assert event.via_api and event.path.startswith(url)


def test_an_export_left_unread_records_what_it_sent(api, people, world, monkeypatch):
    monkeypatch.setattr("platform_app.core.api.exports.CHUNK_SIZE", 5)
    RecommendationFactory.create_batch(12, assessment=world.objects["assessments"]["kenya"])
    api.as_user(people.state)
    response = api.get(reverse("api:recommendation-list"), {"format": "ndjson"})
    stream = iter(response.streaming_content)
    next(stream)  # the client reads one row and goes away
    # The stream is closed as a server closes it; the test client's wrapper of the stream then closes the
    # response without the signal that would close the test's own database connection.
    response._iterator.close()
    assert list_events(people.state) == [
        (AuditEvent.Kind.RECOMMENDATION_READ, "platform_app.recommendation", "5 shown in a list")
    ]


def test_an_export_of_records_the_log_does_not_follow_writes_nothing(api, people):
    api.as_user(people.state)
    download(api, reverse("api:organization-list"), "csv")
    download(api, reverse("api:event-list"), "ndjson")
    assert list_events(people.state) == []


# --- the schema ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "resource"), LISTS)
def test_the_schema_documents_the_export_of_every_list(name, resource):
    template = path_of(name)
    operation = openapi_schema()["paths"][template]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", *MEDIA_TYPES.values()}
    for status, response in operation["responses"].items():
        if status != "200" and "content" in response:
            assert set(response["content"]) == {"application/json"}, (template, status)
    (fmt,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert set(fmt["schema"]["enum"]) == {"json", "csv", "ndjson"}
    detail = openapi_schema()["paths"].get(template + "{id}/")
    if detail is not None:
        assert set(detail["get"]["responses"]["200"]["content"]) == {"application/json"}
        assert "format" not in {p["name"] for p in detail["get"].get("parameters", [])}

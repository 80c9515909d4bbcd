"""The API's lists and exports read their rows cheaply and answer exactly what DRF's own path answers.

The documents' and recommendations' lists (and their exports) read only the columns they show, with rows
built without Model.__init__ (platform_app/core/api/rows.py), their serializers run a plan of the declared
fields (CompiledSerializer), and a page reads its count and the list's ETag markers in its own query
(platform_app/core/api/pagination.py). Each answer must be the one DRF's plain path gives: the same bytes,
the same ETag.
"""

from __future__ import annotations

import json
import zoneinfo
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.models.query import ModelIterable
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from drf_spectacular.plumbing import get_doc
from rest_framework import serializers
from rest_framework.test import APIClient

from platform_app.accounts.tokens import token_create
from platform_app.core.api import exports
from platform_app.core.api.base import VisibleViewSet
from platform_app.core.api.pagination import PageCountingPaginator
from platform_app.core.api.rows import ShownRows, _buildable, shown
from platform_app.core.api.serializers import _FIELD, CompiledSerializer, _plan, _Reading
from platform_app.core.paging import CappedPaginator
from platform_app.cted.api import RecommendationSerializer, RecommendationViewSet
from platform_app.directory.models import Organization
from platform_app.library.api import DocumentDetailSerializer, DocumentSerializer, DocumentViewSet
from platform_app.library.models import Document, DocumentVersion
from platform_app.structure.models import Pillar, ThematicArea
from tests.api.test_query_counts import add_rich_rows
from tests.factories import DocumentFactory, DocumentVersionFactory, OrganizationFactory, reference_group

DOCUMENTS = "/api/v1/documents/"
RECOMMENDATIONS = "/api/v1/recommendations/"


def add_rows(people, world):
    """The rich rows of the query-count tests, and documents with what a representation may lack or hold
    in several: no version, three versions, no working group, names missing in French (which fall back to
    English), themes and pillars several."""
    add_rich_rows(people, world)
    unnamed = ThematicArea.objects.create(name="Zz untranslated theme", slug="zz-untranslated", name_fr="")
    plain = OrganizationFactory(name="Plain entity", acronym="PLE")
    Organization.objects.filter(pk=plain.pk).update(name_fr="", acronym_fr="")
    themes = [unnamed, *ThematicArea.objects.order_by("slug")[:2]]
    pillars = list(Pillar.objects.all()[:3])
    DocumentFactory(title="Without any version", version=None, organization=plain, themes=themes)
    several = DocumentFactory(title="Three versions", pillars=pillars, working_group=reference_group("BMLE"))
    DocumentVersionFactory(document=several, note="second")
    DocumentVersionFactory(document=several, note="third")
    DocumentFactory(title="Published long ago", published_on=date(2001, 2, 3), themes=themes, pillars=pillars)


pytestmark = pytest.mark.shared_world(add=add_rows)


def client_of(user) -> APIClient:
    client = APIClient()
    _, key = token_create(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def drf_path(monkeypatch):
    """Turns the reading of the lists back into DRF's plain path: DRF's to_representation, the viewsets'
    own querysets (Django's instances and prefetches), and a count and markers of their own queries."""

    def plain():
        monkeypatch.setattr(CompiledSerializer, "to_representation", serializers.Serializer.to_representation)
        monkeypatch.setattr(DocumentViewSet, "base_queryset", VisibleViewSet.base_queryset)
        monkeypatch.setattr(RecommendationViewSet, "base_queryset", VisibleViewSet.base_queryset)
        monkeypatch.setattr(PageCountingPaginator, "page", CappedPaginator.page)

    return plain


READS = [
    (DOCUMENTS, {}),
    (DOCUMENTS, {"page_size": 2, "page": 2}),
    (DOCUMENTS, {"page_size": 200, "lang": "fr"}),
    (DOCUMENTS, {"page_size": 200, "lang": "ar"}),
    (DOCUMENTS, {"ordering": "title", "page_size": 5, "page": "last"}),
    (DOCUMENTS, {"updated_after": "2000-01-01T00:00:00Z"}),
    (DOCUMENTS, {"search": "versions"}),
    (DOCUMENTS, {"format": "ndjson"}),
    (DOCUMENTS, {"format": "csv", "lang": "fr"}),
    (RECOMMENDATIONS, {}),
    (RECOMMENDATIONS, {"page_size": 1, "lang": "ru"}),
    (RECOMMENDATIONS, {"format": "ndjson"}),
]


@pytest.mark.parametrize("role", ["secretariat", "state", "entity"])
@pytest.mark.parametrize(("url", "params"), READS)
def test_a_list_answers_what_drfs_plain_path_answers(people, drf_path, role, url, params):
    client = client_of(getattr(people, role))
    response = client.get(url, params)
    fast = body_of(response), response.get("ETag"), response.get("Link")
    drf_path()
    response = client.get(url, params)
    assert (body_of(response), response.get("ETag"), response.get("Link")) == fast
    if "format" not in params:
        assert json.loads(fast[0])["results"], "the read must show rows for the comparison to mean something"


def test_a_document_answers_what_drfs_plain_path_answers(people, drf_path):
    client = client_of(people.secretariat)
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    fast = [body_of(client.get(f"{DOCUMENTS}{pk}/")) for pk in ids]
    drf_path()
    assert [body_of(client.get(f"{DOCUMENTS}{pk}/")) for pk in ids] == fast


@pytest.mark.parametrize("zone", ["UTC", "Africa/Nairobi", "America/Caracas", "Asia/Kathmandu"])
@pytest.mark.parametrize("language", ["en", "fr", "zh-hans"])
@pytest.mark.parametrize("serializer", [DocumentSerializer, DocumentDetailSerializer, RecommendationSerializer])
def test_a_compiled_serializer_represents_rows_as_drf(people, rf, serializer, language, zone):
    model = serializer.Meta.model
    rows = list(
        model.objects.select_related(*(["organization", "working_group"] if model is Document else []))
        .prefetch_related(*(["versions", "themes", "pillars"] if model is Document else ["responding_projects"]))
        .order_by("pk")
    )
    assert rows
    context = {"request": rf.get("/api/v1/")}
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        compiled = serializer(rows, many=True, context=context).data
        plain = [serializers.Serializer.to_representation(serializer(context=context), row) for row in rows]
    assert json.dumps(compiled) == json.dumps(plain)


def test_a_missing_translation_falls_back_as_the_model_reads_it(people):
    plain = Organization.objects.get(acronym_en="PLE")
    response = client_of(people.secretariat).get(DOCUMENTS, {"page_size": 200, "lang": "fr"})
    rows = [row for row in response.json()["results"] if row["title"] == "Without any version"]
    with translation.override("fr"):
        expected = Organization.objects.get(pk=plain.pk).name
    assert [row["organization"]["name"] for row in rows] == [expected] == ["Plain entity"]
    assert rows[0]["current_version"] is None


class Row:
    """An object whose attributes a serializer reads, not a model."""

    def __init__(self, **values):
        self.__dict__.update(values)


class Probe(CompiledSerializer):
    number = serializers.IntegerField()
    text = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    nested = serializers.DictField(required=False)
    method = serializers.SerializerMethodField()

    def get_method(self, obj) -> str:
        return f"{self.context['prefix']}{obj['number'] if isinstance(obj, dict) else obj.number}"


@pytest.mark.parametrize(
    "row",
    [
        Row(number=1, text="a", at=datetime(2025, 1, 2, 3, 4, 5, 600, tzinfo=UTC), nested={"x": 1}),
        Row(number=2, text=None, at=datetime(2025, 6, 1, 12, 0, tzinfo=UTC)),  # no `nested`: left out
        {"number": 3, "text": "mapping", "at": datetime(2025, 1, 1, tzinfo=UTC), "nested": {}},  # a mapping
        Row(number=4, text=lambda: "called", at=datetime(2025, 1, 1, tzinfo=UTC), nested={}),  # a function
        Row(number=5, text="naive", at=datetime(2025, 1, 1, 8, 30), nested={}),
    ],
)
def test_rows_the_plan_cannot_read_are_represented_by_drf(db, row):
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        compiled = Probe(context={"prefix": "n"}).to_representation(row)
        plain = serializers.Serializer.to_representation(Probe(context={"prefix": "n"}), row)
    assert compiled == plain


def test_the_lists_serializers_read_every_field_with_their_plan(db):
    """No field of these lists is left to DRF's walk, row after row (a new field of another kind would be)."""
    for serializer in (DocumentSerializer, RecommendationSerializer):
        plan = _plan(serializer(), _Reading.now())
        assert [name for kind, name, *_ in plan if kind == _FIELD] == [], serializer


def queries_of(client, url, params) -> list[str]:
    """The queries of a read, but its audit event (written when the page holds confidential rows: how many
    rows it holds does not matter) and the transaction around it."""
    client.get(url, params)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    return [
        q
        for q in sql
        if "platform_app_auditevent" not in q and q.split()[0] not in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    ]


def test_a_page_reads_its_count_and_its_etag_markers_with_its_rows(people):
    sql = queries_of(client_of(people.secretariat), DOCUMENTS, {"page_size": 3})
    page = [q for q in sql if 'FROM "platform_app_document"' in q and "COUNT(*)" in q]
    assert len(page) == 1, sql
    assert "sync_newest" in page[0] and "LIMIT 3" in page[0]
    # The versions are columns of the page, the themes and pillars a query each: nothing else reads documents.
    assert [
        q
        for q in sql
        if "platform_app_document" in q and q is not page[0] and "_themes" not in q and "_pillars" not in q
    ] == []


def test_a_page_of_documents_costs_as_many_queries_as_its_floor_and_not_more_with_rows(people):
    client = client_of(people.secretariat)
    one = queries_of(client, DOCUMENTS, {"page_size": 1})
    many = queries_of(client, DOCUMENTS, {"page_size": 200})
    assert len(one) == len(many)
    reading = [q for q in many if "platform_app_document" in q]
    assert len(reading) == 3, reading  # the page (with its count, markers and versions), themes, pillars


def test_an_export_reads_each_chunk_in_three_queries(people, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    client = client_of(people.secretariat)
    rows = Document.objects.count()
    body_of(client.get(DOCUMENTS, {"format": "ndjson"}))  # read to its end: its cursor closes with it
    with CaptureQueriesContext(connection) as captured:
        body = body_of(client.get(DOCUMENTS, {"format": "ndjson"}))
    assert body.count(b"\n") == rows > 4
    chunks = -(-rows // 2)
    versions = [q["sql"] for q in captured.captured_queries if 'FROM "platform_app_documentversion"' in q["sql"]]
    themes = [q["sql"] for q in captured.captured_queries if 'FROM "platform_app_thematicarea"' in q["sql"]]
    assert len(versions) == len(themes) == chunks


def test_rows_built_without_init_hold_what_from_db_gives(people):
    queryset = Document.objects.select_related("organization", "working_group").order_by("pk")
    built = list(shown(queryset))
    usual = list(queryset)
    assert len(built) == len(usual) > 3
    for mine, theirs in zip(built, usual, strict=True):
        assert type(mine) is type(theirs)
        state = {k: v for k, v in vars(mine).items() if k != "_state"}
        assert state == {k: v for k, v in vars(theirs).items() if k not in ("_state", "_mt_init")}
        assert (mine._state.adding, mine._state.db) == (False, theirs._state.db)
        assert vars(mine.organization).keys() - {"_state"} == vars(theirs.organization).keys() - {"_state", "_mt_init"}
        assert mine.organization.name == theirs.organization.name
        assert getattr(mine, "_sync_read", None) == getattr(theirs, "_sync_read", None)  # post_init was sent
    by_organization = {}
    for document in built:
        by_organization.setdefault(document.organization_id, set()).add(id(document.organization))
    assert all(len(copies) == 1 for copies in by_organization.values())  # one object per organization


def test_a_model_whose_fields_do_more_than_store_is_built_as_django_builds_it(people):
    # A version's file is a FieldFile made by its descriptor: read, it is built the usual way; deferred, not.
    assert not _buildable(DocumentVersion, ("id", "document_id", "number", "file"))
    assert _buildable(DocumentVersion, ("id", "document_id", "number"))
    version = DocumentVersion.objects.exclude(file="").first()
    assert version is not None
    loaded = next(iter(shown(DocumentVersion.objects.filter(pk=version.pk))))
    assert loaded.file.name == version.file.name
    assert issubclass(ShownRows, ModelIterable)


@pytest.mark.parametrize("limit", [1, 3, 1000])
@pytest.mark.parametrize("size", [1, 2, 4])
def test_a_page_read_with_its_count_is_the_page_django_gives(people, limit, size):
    queryset = Document.objects.order_by("-published_on", "-pk")
    total = queryset.count()
    for number in [*range(1, total // size + 3), "last", "0", "x", -1, 2.5]:
        outcomes = []
        for paginator_class in (PageCountingPaginator, CappedPaginator):
            paginator = paginator_class(queryset, size, limit=limit)
            try:
                page = paginator.page(paginator.num_pages if number == "last" else number)
                outcomes.append(([row.pk for row in page], paginator.count, paginator.capped, page.number))
            except Exception as exc:  # noqa: BLE001 - the same refusal is what is compared
                outcomes.append((type(exc), str(exc)))
        assert outcomes[0] == outcomes[1], (number, outcomes)


def test_the_compiled_serializers_leave_the_schema_as_it_was(db):
    """Their schema components are described as before: by nothing the compiling base class says."""
    assert get_doc(DocumentSerializer) == get_doc(RecommendationSerializer) == ""

"""Filters, ordering and pagination of the lists, and the documentation pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from platform_app.structure.models import Language, Pillar, ThematicArea
from tests.factories import (
    CountryAssessmentFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    RecommendationFactory,
    reference_group,
    reference_org,
)
from tests.people import african_union


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def themes(reference):
    return list(ThematicArea.objects.order_by("slug")[:2])


def test_document_filters(api, people, themes):
    api.as_user(people.secretariat)
    french = Language.objects.get(code="fr")
    pillar = Pillar.objects.get(number=2)
    a = DocumentFactory(themes=[themes[0]], pillars=[pillar], published_on=date(2024, 5, 1), document_type="guidance")
    b = DocumentFactory(
        themes=[themes[1]],
        language=french,
        organization=reference_org("UNODC"),
        working_group=reference_group("BMLE"),
        published_on=date(2025, 5, 1),
    )
    url = reverse("api:document-list")
    ours = {a.pk, b.pk}
    assert ids(api.get(url, {"theme": themes[0].slug})) & ours == {a.pk}
    assert ids(api.get(url, {"pillar": 2})) & ours == {a.pk}
    assert ids(api.get(url, {"working_group": reference_group("BMLE").pk})) & ours == {b.pk}
    assert ids(api.get(url, {"organization": reference_org("UNODC").pk})) & ours == {b.pk}
    assert ids(api.get(url, {"document_type": "guidance"})) & ours == {a.pk}
    assert ids(api.get(url, {"language": "fr"})) & ours == {b.pk}
    assert ids(api.get(url, {"published_after": "2025-01-01"})) & ours == {b.pk}
    assert ids(api.get(url, {"published_before": "2024-12-31"})) & ours == {a.pk}
    assert ids(api.get(url, {"theme": themes[0].slug, "language": "fr"})) & ours == set()


def test_recommendation_filters(api, people, themes):
    api.as_user(people.cted)
    kenya = CountryAssessmentFactory(member_state=reference_org("KE"))
    norway = CountryAssessmentFactory(member_state=reference_org("NO"))
    a = RecommendationFactory(assessment=kenya, number=1, thematic_area=themes[0], status="open", priority="high")
    b = RecommendationFactory(
        assessment=norway, number=1, thematic_area=themes[1], status="implemented", priority="low"
    )
    url = reverse("api:recommendation-list")
    assert ids(api.get(url, {"country": "KE"})) == {a.pk}
    assert ids(api.get(url, {"country": "nor"})) == {b.pk}
    assert ids(api.get(url, {"status": "implemented"})) == {b.pk}
    assert ids(api.get(url, {"priority": "high"})) == {a.pk}
    assert ids(api.get(url, {"thematic_area": themes[1].slug})) == {b.pk}
    assert ids(api.get(url, {"assessment": kenya.pk})) == {a.pk}
    assert ids(api.get(url, {"country": "KE", "status": "implemented"})) == set()


def test_a_state_filtering_for_another_state_gets_nothing(api, people):
    RecommendationFactory(assessment=CountryAssessmentFactory(member_state=reference_org("NO")), number=1)
    response = api.as_user(people.state).get(reverse("api:recommendation-list"), {"country": "NO"})
    assert response.json()["count"] == 0


def test_event_filters(api, people):
    api.as_user(people.secretariat)
    a = EventFactory(
        kind="workshop",
        starts_at=datetime(2026, 1, 10, 9, tzinfo=UTC),
        ends_at=datetime(2026, 1, 10, 17, tzinfo=UTC),
        working_group=reference_group("PCVE"),
    )
    b = EventFactory(
        kind="webinar",
        starts_at=datetime(2026, 3, 10, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 12, 17, tzinfo=UTC),
        countries=[reference_org("KE")],
    )
    url = reverse("api:event-list")
    ours = {a.pk, b.pk}
    assert ids(api.get(url, {"kind": "workshop"})) & ours == {a.pk}
    assert ids(api.get(url, {"working_group": reference_group("PCVE").pk})) & ours == {a.pk}
    assert ids(api.get(url, {"country": "KEN"})) & ours == {b.pk}
    # An event still going on at the start of the range is in it.
    window = {"starts_after": "2026-03-11T00:00:00Z", "starts_before": "2026-04-01T00:00:00Z"}
    assert ids(api.get(url, window)) & ours == {b.pk}


def test_organization_filters_and_counts(api, people):
    api.as_user(people.regional)
    url = reverse("api:organization-list")
    assert api.get(url, {"kind": "entity", "page_size": 1}).json()["count"] == 46
    assert api.get(url, {"kind": "member_state", "page_size": 1}).json()["count"] == 193
    assert api.get(url, {"kind": "entity", "compact_status": "observer", "page_size": 1}).json()["count"] == 7
    assert [o["name"] for o in api.get(url, {"acronym": "unodc"}).json()["results"]] == [
        "United Nations Office on Drugs and Crime"
    ]


def test_focal_point_filters(api, people, themes):
    api.as_user(people.entity)
    expert = FocalPointFactory(organization=african_union(), expertise=[themes[0]])
    url = reverse("api:focal-point-list")
    assert ids(api.get(url, {"organization": african_union().pk})) == {expert.pk, people.regional.focal_point.pk}
    assert expert.pk in ids(api.get(url, {"kind": "regional_org"}))
    assert ids(api.get(url, {"expertise": themes[0].slug})) == {expert.pk}
    assert people.state.focal_point.pk in ids(api.get(url, {"kind": "member_state"}))


def test_working_groups_by_short_name(api, people):
    body = api.as_user(people.state).get(reverse("api:working-group-list"), {"short_name": "bmle"}).json()
    assert [g["short_name"] for g in body["results"]] == ["BMLE"]


def test_ordering_is_stable_and_chosen_among_the_offered_fields(api, people):
    api.as_user(people.secretariat)
    same_day = [DocumentFactory(published_on=date(2030, 1, 1)) for _ in range(3)]
    url = reverse("api:document-list")
    newest = api.get(url, {"page_size": 3}).json()["results"]
    assert [d["id"] for d in newest] == sorted((d.pk for d in same_day), reverse=True)  # ties: newest id first
    oldest_first = api.get(url, {"ordering": "published_on", "page_size": 200}).json()["results"]
    dates = [d["published_on"] for d in oldest_first]
    assert dates == sorted(dates)


def test_pages_walk_every_row_once(api, people):
    api.as_user(people.entity)
    url = reverse("api:organization-list")
    seen, page = [], api.get(url, {"page_size": 50}).json()
    while True:
        seen += [o["id"] for o in page["results"]]
        if not page["next"]:
            break
        page = api.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == page["count"]


def test_counts_and_pages_stop_at_the_list_limit(api, people, settings):
    api.as_user(people.entity)
    url = reverse("api:organization-list")
    everything = api.get(url, {"page_size": 200}).json()
    assert everything["count"] > 25 and everything["count_capped"] is False

    settings.LIST_COUNT_LIMIT = 25
    first = api.get(url, {"page_size": 10}).json()
    assert (first["count"], first["count_capped"]) == (25, True)
    assert [o["id"] for o in first["results"]] == [o["id"] for o in everything["results"][:10]]
    last = api.get(url, {"page_size": 10, "page": 3}).json()
    assert len(last["results"]) == 5 and last["next"] is None
    past = api.get(url, {"page_size": 10, "page": 4})
    assert past.status_code == 404
    assert "first 25 matches; narrow the filters" in past.json()["detail"]
    # A short list past its end is just an invalid page.
    few = api.get(url, {"page_size": 10, "page": 4, "kind": "regional_org"})
    assert few.status_code == 404 and "narrow" not in few.json()["detail"]


def test_a_search_counts_up_to_the_search_limit(api, people, settings):
    api.as_user(people.entity)
    url = reverse("api:organization-list")
    everyone = api.get(url, {"page_size": 200, "search": "united"}).json()
    matches = everyone["count"]
    assert matches > 3 and everyone["count_capped"] is False

    settings.SEARCH_COUNT_LIMIT = 3
    searched = api.get(url, {"page_size": 2, "search": "united"}).json()
    assert (searched["count"], searched["count_capped"]) == (3, True)
    assert [o["id"] for o in searched["results"]] == [o["id"] for o in everyone["results"][:2]]
    past = api.get(url, {"page_size": 2, "page": 3, "search": "united"})
    assert past.status_code == 404 and "first 3 matches" in past.json()["detail"]
    # Without a search, the list limit applies.
    listed = api.get(url, {"page_size": 2}).json()
    assert listed["count_capped"] is False and listed["count"] > 3
    # A blank search is no search.
    assert api.get(url, {"page_size": 2, "search": "  "}).json()["count_capped"] is False


def test_the_browsable_api_works_with_the_portal_session(client, people):
    client.force_login(people.entity)
    response = client.get(reverse("api:organization-list"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Organization" in response.content


def test_a_session_write_needs_the_csrf_token(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.cted)
    response = client.post(reverse("api:assessment-list"), {"member_state": reference_org("KE").pk})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_schema_and_the_docs_are_served_from_here(client, reference):
    schema = client.get(reverse("api:schema") + "?format=json")
    assert schema.status_code == 200
    assert "/api/v1/documents/{id}/download/" in schema.json()["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"):
        assert asset in page
    static = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert static.status_code == 200


def test_the_schema_validates(reference):
    from drf_spectacular.validation import validate_schema

    from .openapi import openapi_schema

    schema = openapi_schema()
    validate_schema(schema)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert "description" in operation or "summary" in operation or path.endswith("/{id}/"), (path, method)
            if path not in ("/api/v1/auth/token/",):
                assert {"401", "403", "429"} <= set(operation["responses"]), (path, method)

"""A PATCH changes the fields it names and nothing else, whoever sends it and whatever client made it.

Clients generated from the schema (openapi-python-client among them) send, on every PATCH, each field to
which the schema gives a default. `generated_client_body` sends what they would, so a default in a
partial-update schema shows here as a field that changed although it was not named. A client that sends
back what it read sends fields its role may not set, at their stored values: that is no change, not an error.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from platform_app.countries.models import CountryEntry
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.structure.models import Pillar, ThematicArea
from platform_app.support.models import SupportRequest
from tests.factories import (
    CountryAssessmentFactory,
    CountryEntryFactory,
    RecommendationFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)
from tests.people import african_union

from .openapi import openapi_schema, operation_for

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

# What every change moves along: when and in which revision it was made, and the thread of a request.
BOOKKEEPING = {"updated_at", "revision", "steps"}


def _request_component(path: str) -> dict:
    _template, operation = operation_for(path, "patch")
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return openapi_schema()["components"]["schemas"][ref.rsplit("/", 1)[1]]


def generated_client_body(path: str, changes: dict) -> dict:
    """What a client generated from the schema sends to make `changes`: also each field with a default."""
    properties = _request_component(path)["properties"]
    return {name: spec["default"] for name, spec in properties.items() if "default" in spec} | changes


def _other_theme(current: ThematicArea | None) -> str:
    return ThematicArea.objects.exclude(pk=getattr(current, "pk", None)).order_by("slug").first().slug


@pytest.fixture
def records(world):
    """One record of each kind with a PATCH, each field that has a default on create set to another value."""
    kenya = reference_org("KE")
    assessment = CountryAssessmentFactory(
        member_state=kenya, kind=CountryAssessment.Kind.FOCUSED, shared_with_entities=True
    )
    recommendation = RecommendationFactory(
        assessment=assessment,
        number=3,
        priority=Recommendation.Priority.HIGH,
        status=Recommendation.Status.IN_PROGRESS,
        progress_note="Bill drafted.",
        responding_projects=[world.objects["projects"]["unodc"]],
    )
    entry = CountryEntryFactory(
        page=world.objects["country-pages"]["kenya"],
        kind=CountryEntry.Kind.CHALLENGE,
        audience=CountryEntry.Audience.NAMED,
        allowed_organizations=[african_union()],
        pillar=Pillar.objects.get(number=1),
        thematic_area=ThematicArea.objects.order_by("slug").first(),
    )
    request = SupportRequestFactory(
        urgency=SupportRequest.Urgency.URGENT,
        recommendations=[recommendation],
        working_groups=[reference_group("BMLE")],
    )
    return SimpleNamespace(
        assessment=assessment,
        other_assessment=CountryAssessmentFactory(member_state=kenya, kind=CountryAssessment.Kind.DESK_REVIEW),
        recommendation=recommendation,
        entry=entry,
        request=request,
        project=world.objects["projects"]["unodc"],
        unoct_project=world.objects["projects"]["unoct"],
    )


# (record, role, field, new value, other fields of the representation that follow it)
CHANGES = [
    ("assessment", "cted", "member_state", lambda r: reference_org("NO").pk, set()),
    ("assessment", "cted", "kind", lambda r: CountryAssessment.Kind.FOLLOW_UP, set()),
    ("assessment", "cted", "title", lambda r: "Focused visit to Kenya (2024)", set()),
    ("assessment", "cted", "visit_start", lambda r: "2024-03-01", set()),
    ("assessment", "cted", "visit_end", lambda r: "2024-03-10", set()),
    ("assessment", "cted", "adopted_on", lambda r: "2024-10-01", set()),
    ("assessment", "cted", "summary", lambda r: "A summary without the typo.", set()),
    ("assessment", "cted", "shared_with_entities", lambda r: False, {"sharing_decided_at"}),
    ("assessment", "state", "shared_with_entities", lambda r: False, {"sharing_decided_at"}),
    ("recommendation", "cted", "assessment", lambda r: r.other_assessment.pk, set()),
    ("recommendation", "cted", "number", lambda r: 42, set()),
    ("recommendation", "cted", "thematic_area", lambda r: _other_theme(r.recommendation.thematic_area), set()),
    ("recommendation", "cted", "text", lambda r: "Kenya should train its border officers.", set()),
    ("recommendation", "cted", "priority", lambda r: Recommendation.Priority.LOW, set()),
    ("recommendation", "cted", "status", lambda r: Recommendation.Status.IMPLEMENTED, set()),
    ("recommendation", "cted", "progress_note", lambda r: "CTED's note.", set()),
    ("recommendation", "cted", "responding_projects", lambda r: [r.unoct_project.pk], set()),
    ("recommendation", "state", "status", lambda r: Recommendation.Status.IMPLEMENTED, set()),
    ("recommendation", "state", "progress_note", lambda r: "The law is adopted.", set()),
    ("entry", "state", "kind", lambda r: CountryEntry.Kind.GOOD_PRACTICE, set()),
    ("entry", "state", "title", lambda r: "Screening at land borders", set()),
    ("entry", "state", "text", lambda r: "A text without the typo.", set()),
    ("entry", "state", "dated_on", lambda r: "2026-07-01", set()),
    ("entry", "state", "pillar", lambda r: 3, set()),
    ("entry", "state", "thematic_area", lambda r: _other_theme(r.entry.thematic_area), set()),
    # Organizations are named only for the named audience: another audience drops them.
    ("entry", "state", "audience", lambda r: CountryEntry.Audience.ENTITIES, {"allowed_organizations"}),
    ("entry", "state", "allowed_organizations", lambda r: [african_union().pk, reference_org("NO").pk], set()),
    ("request", "state", "title", lambda r: "Training of forensic analysts", set()),
    ("request", "state", "needs", lambda r: "Two sessions before June.", set()),
    ("request", "state", "thematic_area", lambda r: _other_theme(r.request.thematic_area), set()),
    ("request", "state", "pillar", lambda r: 3, set()),
    ("request", "state", "urgency", lambda r: SupportRequest.Urgency.PRIORITY, set()),
    ("request", "state", "recommendations", lambda r: [], set()),
    ("request", "state", "working_groups", lambda r: ["PCVE"], set()),
    ("project", "entity", "responds_to", lambda r: [], set()),
]

DETAIL = {
    "assessment": "api:assessment-detail",
    "recommendation": "api:recommendation-detail",
    "entry": "api:country-entry-detail",
    "request": "api:support-request-detail",
    "project": "api:project-detail",
}


@pytest.mark.parametrize(
    ("record", "role", "field", "value", "follows"),
    CHANGES,
    ids=[f"{record}-{role}-{field}" for record, role, field, _value, _follows in CHANGES],
)
def test_a_patch_of_one_field_changes_that_field_alone(api, people, records, record, role, field, value, follows):
    path = reverse(DETAIL[record], kwargs={"pk": getattr(records, record).pk})
    api.as_user(people.roles()[role])
    before = api.get(path).json()
    response = api.patch(path, generated_client_body(path, {field: value(records)}))
    assert response.status_code == 200, response.content[:300]
    after = api.get(path).json()
    assert after[field] != before[field], f"{field} did not change"
    others = set(before) - {field} - follows - BOOKKEEPING
    assert {name: after[name] for name in others} == {name: before[name] for name in others}


def _defaults(node) -> list:
    if isinstance(node, dict):
        found = [node["default"]] if "default" in node else []
        return found + [d for value in node.values() for d in _defaults(value)]
    if isinstance(node, list):
        return [d for value in node for d in _defaults(value)]
    return []


def test_no_partial_update_schema_gives_a_field_a_default(api):
    response = api.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    components = schema["components"]["schemas"]
    bodies = {
        content["schema"]["$ref"].rsplit("/", 1)[1]
        for operations in schema["paths"].values()
        for method, operation in operations.items()
        if method == "patch"
        for content in operation["requestBody"]["content"].values()
    }
    assert bodies >= {
        "PatchedAssessmentInputRequest",
        "PatchedCountryEntryChangeInputRequest",
        "PatchedRecommendationInputRequest",
        "PatchedSupportRequestChangeInputRequest",
    }
    patched = bodies | {name for name in components if name.startswith("Patched")}
    with_defaults = {
        f"{name}.{field}": _defaults(spec)
        for name in patched
        for field, spec in components[name].get("properties", {}).items()
        if _defaults(spec)
    }
    assert with_defaults == {}


# --- sending back what was read ---------------------------------------------------------------------------


def _as_cted_would_send(recommendation: Recommendation) -> dict:
    return {
        "assessment": recommendation.assessment_id,
        "number": recommendation.number,
        "thematic_area": recommendation.thematic_area.slug,
        "text": recommendation.text,
        "priority": recommendation.priority,
        "status": recommendation.status,
        "progress_note": recommendation.progress_note,
        "responding_projects": sorted(p.pk for p in recommendation.responding_projects.all()),
    }


def test_the_state_sends_back_a_recommendation_as_read_with_its_progress(api, people, records):
    recommendation = records.recommendation
    path = reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})
    api.as_user(people.state)
    before = api.get(path).json()
    body = _as_cted_would_send(recommendation) | {"status": "implemented", "progress_note": "The law is adopted."}
    response = api.patch(path, body)
    assert response.status_code == 200, response.content[:300]
    after = response.json()
    assert (after["status"], after["progress_note"]) == ("implemented", "The law is adopted.")
    others = set(before) - {"status", "progress_note"} - BOOKKEEPING
    assert {name: after[name] for name in others} == {name: before[name] for name in others}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", "low"),
        ("number", 4),
        ("text", "Nothing to do."),
        ("thematic_area", "no-such-theme"),
        ("responding_projects", []),
        ("assessment", None),
    ],
)
def test_the_state_may_not_change_what_only_cted_sets(api, people, records, field, value):
    recommendation = records.recommendation
    path = reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})
    api.as_user(people.state)
    before = api.get(path).json()
    response = api.patch(path, {field: value, "status": "implemented"})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"] == {field: ["This field cannot be set here."]}
    assert api.get(path).json() == before


def test_the_state_sends_back_an_assessment_as_read_with_its_consent(api, people, records):
    assessment = records.assessment
    path = reverse("api:assessment-detail", kwargs={"pk": assessment.pk})
    api.as_user(people.state)
    body = {
        "member_state": assessment.member_state_id,
        "kind": assessment.kind,
        "title": f"  {assessment.title} ",
        "visit_start": assessment.visit_start.isoformat(),
        "visit_end": assessment.visit_end.isoformat(),
        "adopted_on": assessment.adopted_on.isoformat(),
        "summary": assessment.summary,
        "shared_with_entities": False,
    }
    response = api.patch(path, body)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["shared_with_entities"] is False
    refused = api.patch(path, body | {"kind": CountryAssessment.Kind.COMPREHENSIVE, "shared_with_entities": True})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"kind": ["This field cannot be set here."]}
    assessment.refresh_from_db()
    assert (assessment.kind, assessment.shared_with_entities) == (CountryAssessment.Kind.FOCUSED, False)

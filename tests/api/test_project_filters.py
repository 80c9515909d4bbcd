"""The Matrix of UN projects is filtered by one filter set (platform_app.projects.filters.ProjectFilterSet):
the API's list and the Matrix's page select the same projects, in the same order, for the same filters and
search. The page calls `beneficiary_country` `country`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from platform_app.projects.models import Project
from platform_app.structure.models import Pillar, ThematicArea
from tests.factories import ProjectFactory, reference_org

pytestmark = pytest.mark.django_db

URL = reverse("api:project-list")
PAGE = reverse("projects:index")


@pytest.fixture
def projects(reference):
    """Projects UNODC leads, is a partner of (with another partner), or has nothing to do with."""
    first_theme, second_theme = ThematicArea.objects.order_by("slug")[:2]
    unodc, unoct, undp = reference_org("UNODC"), reference_org("UNOCT"), reference_org("UNDP")
    kenya, norway = reference_org("KE"), reference_org("NO")
    made = {
        "led": ProjectFactory(
            code="P-3",
            title="Border management in the Sahel",
            description="Border posts and border crossings.",
            lead_entity=unodc,
            themes=[first_theme],
            beneficiary_states=[kenya],
            status=Project.Status.ONGOING,
        ),
        "partner": ProjectFactory(
            code="P-1",
            title="Prison reform",
            description="Training of prison staff at one border region.",
            lead_entity=unoct,
            partners=[unodc, undp],
            themes=[second_theme],
            beneficiary_states=[norway, kenya],
            status=Project.Status.PLANNED,
        ),
        "other": ProjectFactory(
            code="P-2", title="Victims support", lead_entity=undp, partners=[unoct], status=Project.Status.COMPLETED
        ),
    }
    made["led"].pillars.set([Pillar.objects.get(number=2)])
    made["partner"].pillars.set(Pillar.objects.filter(number__in=[2, 3]))
    made["other"].pillars.set([Pillar.objects.get(number=3)])
    return {"projects": made, "unodc": unodc, "undp": undp, "second_theme": second_theme}


def _api_codes(api, params) -> list[str]:
    response = api.get(URL, params)
    assert response.status_code == 200, (params, response.content[:300])
    return [row["code"] for row in response.json()["results"]]


def _page_codes(client, params) -> list[str]:
    response = client.get(PAGE, params)
    assert response.status_code == 200, params
    assert not response.context["form"].errors, (params, response.context["form"].errors)
    return [project.code for project in response.context["page"].object_list]


def test_the_api_filters_by_lead_or_partner_entity(api, people, projects):
    api.as_user(people.state)
    # UNODC leads P-3 and is one of two partners of P-1: each listed once.
    assert _api_codes(api, {"entity": projects["unodc"].pk}) == ["P-1", "P-3"]
    assert _api_codes(api, {"entity": projects["undp"].pk}) == ["P-1", "P-2"]
    assert _api_codes(api, {"entity": projects["unodc"].pk, "status": "planned"}) == ["P-1"]
    assert api.get(URL, {"entity": projects["unodc"].pk}).json()["count"] == 2
    # lead_entity is the lead only.
    assert _api_codes(api, {"lead_entity": projects["unodc"].pk}) == ["P-3"]


def test_an_entity_naming_nothing_gives_an_empty_list_and_a_malformed_one_a_400(api, people, projects):
    api.as_user(people.entity)
    # A Member State is no Compact entity, and a well-formed id may name nothing.
    assert _api_codes(api, {"entity": reference_org("KE").pk}) == []
    assert _api_codes(api, {"entity": 999_999_999}) == []
    for value in ("UNODC", "0", "99999999999999999999999"):
        response = api.get(URL, {"entity": value})
        assert response.status_code == 400, value
        assert "entity" in response.json()["errors"], value


def _same(projects):
    return [
        ({}, {}),
        ({"entity": projects["unodc"].pk}, {"entity": projects["unodc"].pk}),
        ({"pillar": 3}, {"pillar": 3}),
        ({"theme": projects["second_theme"].slug}, {"theme": projects["second_theme"].slug}),
        ({"country": "KEN"}, {"beneficiary_country": "KEN"}),
        ({"country": "no"}, {"beneficiary_country": "no"}),
        ({"status": "completed"}, {"status": "completed"}),
        ({"q": "border"}, {"search": "border"}),
        ({"q": "border", "entity": projects["unodc"].pk}, {"search": "border", "entity": projects["unodc"].pk}),
        (
            {"q": "prison", "country": "KEN", "pillar": 3},
            {"search": "prison", "beneficiary_country": "KEN", "pillar": 3},
        ),
        (
            {"entity": projects["unodc"].pk, "status": "completed"},
            {"entity": projects["unodc"].pk, "status": "completed"},
        ),
    ]


def test_the_matrix_and_the_api_list_the_same_projects_in_the_same_order(api, client, people, projects):
    client.force_login(people.other_state)
    api.as_user(people.other_state)
    for page_params, api_params in _same(projects):
        assert _page_codes(client, page_params) == _api_codes(api, api_params), page_params


@pytest.mark.postgres
def test_the_matrix_ranks_a_search_as_the_api_does(api, client, people, projects):
    client.force_login(people.secretariat)
    api.as_user(people.secretariat)
    # "border" three times in P-3, once in P-1: best match first on both, not by code.
    assert _page_codes(client, {"q": "border"}) == _api_codes(api, {"search": "border"}) == ["P-3", "P-1"]
    for page_params, api_params in _same(projects):
        assert _page_codes(client, page_params) == _api_codes(api, api_params), page_params

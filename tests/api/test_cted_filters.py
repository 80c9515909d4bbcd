"""The API's filters of recommendations that the CTED pages read too (platform_app.cted.filters): the region
and the statuses of the gaps page, and a country's page listing what the API lists for that country."""

from __future__ import annotations

import pytest
from django.urls import reverse

from platform_app.cted.filters import GAP_SIDEBAR, RecommendationFilterSet
from platform_app.cted.models import Recommendation
from platform_app.structure.models import ThematicArea
from tests.factories import CountryAssessmentFactory, ProjectFactory, RecommendationFactory, reference_org

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

LIST = reverse("api:recommendation-list")
GAPS = reverse("cted:gaps")


def _api_ids(api, **params) -> set[int]:
    response = api.get(LIST, params)
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def recommendations(world):
    """Open, in progress and implemented recommendations to Norway (shared, Europe) and Japan (shared, Asia);
    one of Norway's has a responding project."""
    first, second = ThematicArea.objects.order_by("slug")[:2]
    norway = world.objects["assessments"]["norway_shared"]
    japan = CountryAssessmentFactory(member_state=reference_org("JP"), shared=True)
    return {
        "norway_open": RecommendationFactory(assessment=norway, number=2, thematic_area=first, priority="high"),
        "norway_progress": RecommendationFactory(
            assessment=norway, number=3, thematic_area=second, status="in_progress"
        ),
        "norway_done": RecommendationFactory(assessment=norway, number=4, status="implemented"),
        "norway_answered": RecommendationFactory(assessment=norway, number=5, responding_projects=[ProjectFactory()]),
        "japan_open": RecommendationFactory(assessment=japan, number=1, thematic_area=second, priority="low"),
        "japan_done": RecommendationFactory(assessment=japan, number=2, status="implemented"),
    }


def test_the_api_filters_recommendations_by_region(api, people, recommendations):
    api.as_user(people.entity)
    assert _api_ids(api, region="asia") == {recommendations["japan_open"].pk, recommendations["japan_done"].pk}
    europe = _api_ids(api, region="europe")
    assert {r.pk for name, r in recommendations.items() if name.startswith("norway")} <= europe
    assert not europe & {recommendations["japan_open"].pk, recommendations["japan_done"].pk}


def test_the_api_filters_recommendations_by_several_statuses(api, people, recommendations):
    api.as_user(people.entity)
    japan = {"country": "JPN"}
    assert _api_ids(api, **japan, statuses=["open", "implemented"]) == {
        recommendations["japan_open"].pk,
        recommendations["japan_done"].pk,
    }
    assert _api_ids(api, **japan, statuses=["implemented"]) == {recommendations["japan_done"].pk}
    # An empty value is no value, as for every parameter (allowEmptyValue).
    assert _api_ids(api, **japan, statuses="") == _api_ids(api, **japan)


@pytest.mark.parametrize("params, name", [({"statuses": "closed"}, "statuses"), ({"region": "atlantis"}, "region")])
def test_a_malformed_region_or_status_is_refused(api, people, recommendations, params, name):
    response = api.as_user(people.entity).get(LIST, params)
    assert response.status_code == 400
    assert name in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "NOR"},
        {"region": "europe", "priority": "high"},
        {"status": ["open", "implemented"]},
        {"status": "implemented", "region": "asia"},
    ],
)
def test_the_gaps_page_lists_what_the_api_lists_without_a_responding_project(
    api, client, people, recommendations, params
):
    """The gaps page reads the API's filters (its `status`, repeated, is the API's `statuses`); of what the
    API lists, it shows the recommendations no project responds to, open and in progress unless chosen."""
    client.force_login(people.entity)
    page = client.get(GAPS, params)
    assert page.status_code == 200
    assert not page.context["form"].errors, params
    listed = {r.pk for r in page.context["page"].object_list}
    api_params = {name: value for name, value in params.items() if name != "status"}
    api_params["statuses"] = params.get("status", ["open", "in_progress"])
    answered = set(Recommendation.objects.filter(responding_projects__isnull=False).values_list("pk", flat=True))
    assert listed == _api_ids(api.as_user(people.entity), **api_params) - answered
    assert recommendations["norway_answered"].pk not in listed


def test_both_cted_pages_offer_filters_of_the_api():
    """A country's page (the filter set's sidebar) and the gaps page (GAP_SIDEBAR) read the API's filters."""
    for sidebar in (RecommendationFilterSet.sidebar, GAP_SIDEBAR):
        for name, offer in sidebar.items():
            assert (offer.filter or name) in RecommendationFilterSet.base_filters, name

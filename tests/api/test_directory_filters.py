"""The filters the directory's pages share with the API's lists of focal points and organizations: the
status of focal points (in office or not) and the organizations that have a focal point in office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from platform_app.directory.filters import OrganizationFilterSet
from platform_app.directory.models import FocalPoint, Organization
from tests.factories import FocalPointFactory, reference_org

FOCAL_POINTS = reverse("api:focal-point-list")
ORGANIZATIONS = reverse("api:organization-list")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def former(people):
    """A focal point of Kenya no longer in office: the nomination is deactivated."""
    return FocalPointFactory(organization=reference_org("KE"), is_active=False, job_title="Former adviser")


def test_the_secretariat_lists_focal_points_in_office_or_not(api, people, former):
    api.as_user(people.secretariat)
    everyone = ids(api.get(FOCAL_POINTS, {"page_size": 200}))
    active = ids(api.get(FOCAL_POINTS, {"status": "active", "page_size": 200}))
    inactive = ids(api.get(FOCAL_POINTS, {"status": "inactive", "page_size": 200}))
    assert former.pk in inactive and former.pk not in active
    assert active | inactive == everyone and not active & inactive
    assert active == set(FocalPoint.objects.filter(is_active=True, user__is_active=True).values_list("pk", flat=True))


def test_others_see_only_focal_points_in_office_whatever_the_status(api, people, former):
    api.as_user(people.entity)
    assert ids(api.get(FOCAL_POINTS, {"status": "inactive"})) == set()
    assert ids(api.get(FOCAL_POINTS, {"status": "active", "page_size": 200})) == ids(
        api.get(FOCAL_POINTS, {"page_size": 200})
    )


def test_organizations_with_a_focal_point_in_office_or_without(api, people, former):
    api.as_user(people.regional)
    with_one = ids(api.get(ORGANIZATIONS, {"nominated": "true", "page_size": 200}))
    without = ids(api.get(ORGANIZATIONS, {"nominated": "false", "kind": "member_state", "page_size": 200}))
    kenya, norway, au = reference_org("KE"), reference_org("NO"), people.regional.focal_point.organization
    assert {kenya.pk, norway.pk, au.pk} <= with_one
    assert not with_one & without
    assert len(with_one) + api.get(ORGANIZATIONS, {"nominated": "false", "page_size": 1}).json()["count"] == (
        Organization.objects.count()
    )
    # A focal point no longer in office does not count: a State with no other is not nominated.
    lonely = reference_org("FR")
    FocalPointFactory(organization=lonely, is_active=False)
    assert lonely.pk in ids(api.get(ORGANIZATIONS, {"nominated": "false", "kind": "member_state", "page_size": 200}))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "retired"}, "status"),
        ({"status": "\x00"}, "status"),
        ({"nominated": "1"}, "nominated"),
        ({"nominated": "yes"}, "nominated"),
    ],
)
def test_a_bad_status_or_nominated_is_a_400_naming_it(api, people, params, field):
    url = FOCAL_POINTS if field == "status" else ORGANIZATIONS
    response = api.as_user(people.entity).get(url, params)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]


def test_the_member_states_page_offers_filters_of_the_organizations_list():
    base = OrganizationFilterSet.base_filters
    for filter_set in (OrganizationFilterSet(), OrganizationFilterSet.of_member_states()):
        assert filter_set.sidebar and set(filter_set.sidebar) <= set(base)
    assert list(OrganizationFilterSet.of_member_states().sidebar) == ["region"]

"""One filter set per list: a list's page and its API read the same filters, search and ranking
(platform_app.core.filters.ListFilterSet and read_page, platform_app.core.search.search)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from compact.api_urls import router
from platform_app.core.filters import ListFilterSet
from platform_app.support.models import SupportRequest
from tests.factories import ProjectFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

SUPPORT = reverse("support:index")
REQUEST_LINK = re.compile(r'href="/support/(\d+)/"')


def _requests_listed(client, query: str) -> tuple[set[int], str]:
    response = client.get(f"{SUPPORT}?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    return {int(pk) for pk in REQUEST_LINK.findall(body)}, body


@pytest.fixture
def requests_by_urgency(reference):
    return {
        urgency: SupportRequestFactory(title=f"Request of {urgency} urgency", urgency=urgency)
        for urgency in SupportRequest.Urgency.values
    }


def test_the_support_page_filters_by_what_the_api_filters_by(client, people, requests_by_urgency):
    client.force_login(people.secretariat)
    for urgency, filed in requests_by_urgency.items():
        listed, body = _requests_listed(client, f"urgency={urgency}")
        assert listed == {filed.pk}, urgency
        api = client.get(f"/api/v1/support-requests/?urgency={urgency}").json()
        assert {row["id"] for row in api["results"]} == listed
    assert 'name="urgency"' in body and 'name="thematic_area"' in body and 'name="status"' in body


@pytest.mark.parametrize("value", ["someday", "x" * 300, "\x00"])
def test_a_value_the_page_cannot_use_is_reported_and_left_out(client, people, requests_by_urgency, value):
    client.force_login(people.secretariat)
    listed, body = _requests_listed(client, f"urgency={value}&q=urgency")
    assert listed == {filed.pk for filed in requests_by_urgency.values()}
    assert "Unknown urgency." in body
    assert "could not be used" in body


def test_a_well_formed_value_naming_nothing_is_reported_on_the_page(client, people, requests_by_urgency):
    client.force_login(people.secretariat)
    listed, body = _requests_listed(client, "thematic_area=no-such-area")
    assert listed == {filed.pk for filed in requests_by_urgency.values()}
    assert "Unknown thematic area." in body
    # The API answers the same value with an empty list, as a search naming nothing would.
    assert client.get("/api/v1/support-requests/?thematic_area=no-such-area").json()["count"] == 0


def _api_filter_sets() -> dict[type, str]:
    return {
        viewset.filterset_class: prefix
        for prefix, viewset, _basename in router.registry
        if getattr(viewset, "filterset_class", None) is not None
    }


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_page_filter_set_is_the_filter_set_of_an_api_list():
    """A page reads its list through the filter set of the API's list, so the two cannot drift apart."""
    page_filter_sets = [cls for cls in _subclasses(ListFilterSet) if cls.sidebar]
    assert page_filter_sets
    api = _api_filter_sets()
    for filter_set in page_filter_sets:
        assert filter_set in api, filter_set
        names = set(filter_set.base_filters)
        for name, offer in filter_set.sidebar.items():
            assert (offer.filter or name) in names, (filter_set, name)


@pytest.mark.postgres
def test_the_api_ranks_a_search_best_match_first_as_the_pages_do(client, people, reference):
    weak = ProjectFactory(code="AAA-1", title="Training of prison staff", description="One border post.")
    strong = ProjectFactory(
        code="ZZZ-1", title="Border management", description="Border security at every border crossing."
    )
    client.force_login(people.secretariat)
    ranked = client.get("/api/v1/projects/?search=border").json()
    assert [row["code"] for row in ranked["results"]] == [strong.code, weak.code]
    by_code = client.get("/api/v1/projects/?search=border&ordering=code").json()
    assert [row["code"] for row in by_code["results"]] == [weak.code, strong.code]


def test_each_select_of_the_sidebar_offers_any_once(client, people, requests_by_urgency):
    client.force_login(people.secretariat)
    _listed, body = _requests_listed(client, "")
    for name in ("status", "urgency", "thematic_area"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
        assert select is not None, name
        assert select.group(1).count(">Any<") == 1, name

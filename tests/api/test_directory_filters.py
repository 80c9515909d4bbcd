"""The filters the directory's pages share with the API's lists of focal points and organizations: the
status of focal points (in office or not) and the organizations that have a focal point in office; and the
search of focal points, which reads their expertise, languages and organization."""

from __future__ import annotations

import pytest
from django.urls import reverse

from platform_app.directory.filters import OrganizationFilterSet
from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.models import Language, ThematicArea
from tests.factories import FocalPointFactory, reference_org
from tests.people import african_union

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


# --- the search reads expertise, languages and the organization --------------------------------------------


def _theme(name: str) -> ThematicArea:
    return ThematicArea.objects.get(name=name)


@pytest.fixture
def experts(people):
    """Focal points told apart by what they know: job titles of the demo vocabulary ("Police Attaché"),
    themes and languages of the reference data."""
    border, law = _theme("Border management"), _theme("Law enforcement")
    portuguese = Language.objects.get(code="pt")
    return {
        # "border police": police by job title, border by expertise.
        "border_police": FocalPointFactory(
            organization=reference_org("KE"), job_title="Police Attaché", expertise=[border, law]
        ),
        "police_only": FocalPointFactory(organization=reference_org("NO"), job_title="Police Attaché"),
        "border_only": FocalPointFactory(
            organization=reference_org("UNODC"), job_title="Legal Officer", expertise=[border]
        ),
        "lusophone": FocalPointFactory(
            organization=african_union(), job_title="Liaison Officer", languages=[portuguese]
        ),
        "ministry": FocalPointFactory(
            organization=reference_org("FR"), job_title="Counsellor", department="Ministry of the Interior"
        ),
    }


def _found(api, experts, text: str, user) -> set[str]:
    response = api.as_user(user).get(FOCAL_POINTS, {"search": text, "page_size": 200})
    by_id = {person.pk: name for name, person in experts.items()}
    return {by_id[pk] for pk in ids(response) if pk in by_id}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("border police", {"border_police"}),
        ("Police Attaché", {"border_police", "police_only"}),
        ("border management", {"border_police", "border_only"}),
        # Each word may match another theme of the same person.
        ("border enforcement", {"border_police"}),
        ("portuguese", {"lusophone"}),
        ("portuguese liaison", {"lusophone"}),
        ("portuguese police", set()),
        ("interior", {"ministry"}),
    ],
)
def test_the_search_finds_people_by_expertise_and_language(api, people, experts, text, expected):
    assert _found(api, experts, text, people.entity) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # By the organization's acronym and name, with a word of the person's expertise.
        ("UNODC border", {"border_only"}),
        ("Office Drugs Crime border", {"border_only"}),
        ("Kenya police", {"border_police"}),
        ("African Union", {"lusophone"}),
    ],
)
def test_the_search_finds_people_by_organization(api, people, experts, text, expected):
    assert _found(api, experts, text, people.state) == expected


def test_a_person_whose_expertise_matches_twice_is_listed_once(api, people, experts):
    # "en" is in both of the person's themes ("Border management", "Law enforcement") and in "Kenya".
    response = api.as_user(people.secretariat).get(FOCAL_POINTS, {"search": "en", "page_size": 200})
    listed = [item["id"] for item in response.json()["results"]]
    assert len(listed) == len(set(listed)) == response.json()["count"]
    assert experts["border_police"].pk in listed


def test_people_not_in_office_are_found_by_expertise_only_by_the_secretariat(api, people, experts):
    former = experts["border_police"]
    former.is_active = False
    former.save()
    assert _found(api, experts, "border police", people.entity) == set()
    assert _found(api, experts, "border police", people.secretariat) == {"border_police"}


def _search_text(person: FocalPoint) -> list[str]:
    return FocalPoint.objects.filter(pk=person.pk).values_list("search_text", flat=True).get().splitlines()


@pytest.mark.postgres
def test_postgres_search_text_follows_expertise_languages_and_their_names(api, people, experts):
    person = experts["police_only"]
    assert "Border management" not in _search_text(person)
    person.expertise.add(_theme("Border management"))
    person.languages.set([Language.objects.get(code="de"), Language.objects.get(code="fr")])
    assert _search_text(person)[-3:] == ["Border management", "French", "German"]
    assert _found(api, experts, "border police", people.entity) == {"border_police", "police_only"}

    person.expertise.clear()
    assert "Border management" not in _search_text(person)
    assert _found(api, experts, "border police", people.entity) == {"border_police"}

    ThematicArea.objects.filter(name="Law enforcement").update(name="Law enforcement cooperation")
    assert "Law enforcement cooperation" in _search_text(experts["border_police"])
    Language.objects.filter(code="de").update(name="Deutsch")
    assert _search_text(person)[-2:] == ["Deutsch", "French"]
    assert _found(api, experts, "deutsch", people.entity) == {"police_only"}

    person.department = "National Police"
    person.save()
    assert "National Police" in _search_text(person)

"""The API access matrix, over every route of /api/v1/, for every role.

Routes are discovered from the URL configuration: `test_every_route_is_in_the_matrix` fails when a
route is added without saying here who may use it, so a new route cannot escape these tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, reverse

from compact import api_urls
from tests import scenario as sc

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

ROLES = ["anonymous", "outsider", *sorted(sc.PLATFORM)]


@dataclass(frozen=True)
class Route:
    kind: str  # "list", "detail", "download", "action", "single", "public", "own", "deletions"
    resource: str = ""


# Every named route of compact/api_urls.py, and how it is tested.
ROUTES: dict[str, Route] = {
    "organization-list": Route("list", "organizations"),
    "organization-detail": Route("detail", "organizations"),
    "focal-point-list": Route("list", "focal-points"),
    "focal-point-detail": Route("detail", "focal-points"),
    "document-list": Route("list", "documents"),
    "document-detail": Route("detail", "documents"),
    "document-download": Route("download", "documents"),
    "document-thumbnail": Route("download", "documents"),
    "event-list": Route("list", "events"),
    "event-detail": Route("detail", "events"),
    "working-group-list": Route("list", "working-groups"),
    "working-group-detail": Route("detail", "working-groups"),
    "meeting-list": Route("list", "meetings"),
    "meeting-detail": Route("detail", "meetings"),
    "project-list": Route("list", "projects"),
    "project-detail": Route("detail", "projects"),
    "appeal-list": Route("list", "appeals"),
    "appeal-detail": Route("detail", "appeals"),
    "assessment-list": Route("list", "assessments"),
    "assessment-detail": Route("detail", "assessments"),
    "recommendation-list": Route("list", "recommendations"),
    "recommendation-detail": Route("detail", "recommendations"),
    "newsletter-list": Route("list", "newsletters"),
    "newsletter-detail": Route("detail", "newsletters"),
    "country-page-list": Route("list", "country-pages"),
    "country-page-detail": Route("detail", "country-pages"),
    "country-entry-list": Route("list", "country-entries"),
    "country-entry-detail": Route("detail", "country-entries"),
    "country-entry-moderate": Route("action", "country-entries"),
    "support-request-list": Route("list", "support-requests"),
    "support-request-detail": Route("detail", "support-requests"),
    "support-request-route": Route("action", "support-requests"),
    "support-request-close": Route("action", "support-requests"),
    "support-request-withdraw": Route("action", "support-requests"),
    "support-offer-list": Route("list", "support-offers"),
    "support-offer-detail": Route("detail", "support-offers"),
    "support-offer-accept": Route("action", "support-offers"),
    "support-offer-decline": Route("action", "support-offers"),
    "support-offer-withdraw": Route("action", "support-offers"),
    # Tested in test_sync.py: each role sees the deletions of what it could read.
    "deletion-list": Route("deletions"),
    "metrics": Route("single", "metrics-history"),
    "metrics-history": Route("list", "metrics-history"),
    # Tested in test_tokens.py: the token endpoint is public, a token list shows only one's own.
    "token-obtain": Route("public"),
    "token-list": Route("own"),
    "token-detail": Route("own"),
    "schema": Route("public"),
    "docs": Route("public"),
}


def api_routes() -> dict[str, URLPattern]:
    return {pattern.name: pattern for pattern in api_urls.urlpatterns if isinstance(pattern, URLPattern)}


def test_every_route_is_in_the_matrix():
    discovered = set(api_routes())
    assert discovered - set(ROUTES) == set(), "routes with no access expectations; add them to ROUTES"
    assert set(ROUTES) - discovered == set(), "ROUTES names routes that no longer exist"


def route_methods(name: str) -> set[str]:
    """The HTTP methods a route answers, from its view (viewset action map or APIView handlers)."""
    callback = api_routes()[name].callback
    actions = getattr(callback, "actions", None)
    if actions:
        return {method.upper() for method in actions if method not in ("head", "options")}
    view_class = callback.view_class
    return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m) and m not in ("options", "head")}


PROTECTED = [name for name, route in ROUTES.items() if route.kind != "public"]


def path_of(name: str, pk: int = 1) -> str:
    pattern = api_routes()[name]
    kwargs = {"pk": pk} if "pk" in pattern.pattern.regex.groupindex else {}
    return reverse(f"api:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", PROTECTED)
def test_anonymous_requests_are_refused_with_401(api, reference, name):
    for method in route_methods(name):
        response = api.generic(method, path_of(name), "{}", content_type="application/json")
        assert response.status_code == 401, (method, name, response.content[:200])
        assert response.json()["code"] in ("not_authenticated", "authentication_failed")
        assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("name", PROTECTED)
def test_a_bad_token_is_a_401_with_a_json_body(api, reference, name):
    api.credentials(HTTP_AUTHORIZATION="Token ccp_not-a-real-key")
    method = "GET" if "GET" in route_methods(name) else sorted(route_methods(name))[0]
    response = api.generic(method, path_of(name))
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


@pytest.mark.parametrize("name", [n for n in PROTECTED if ROUTES[n].kind != "own"])
def test_people_without_a_platform_role_are_refused(api, people, name):
    api.as_user(people.outsider)
    for method in route_methods(name):
        response = api.generic(method, path_of(name), "{}", content_type="application/json")
        assert response.status_code == 403, (method, name)


LISTS = [(name, route.resource) for name, route in ROUTES.items() if route.kind == "list"]


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize(("name", "resource"), LISTS)
def test_a_list_holds_exactly_what_the_role_may_see(api, people, world, role, name, resource):
    api.as_user(people.roles()[role])
    listed, count = set(), None
    url = path_of(name) + "?page_size=200"
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        count = body["count"] if count is None else count
        listed |= {item["id"] for item in body["results"]}
        url = body["next"]
    assert listed & world.all_ids(resource) == world.expected_ids(resource, role)
    assert count == len(listed), "the count must count only what the role may see"


# Lists whose records have no text to search: metrics, and the pages and offers of tailored support.
UNSEARCHABLE = ("metrics-history", "organizations", "working-groups", "country-pages", "support-offers")
SEARCHABLE = [(n, r) for n, r in LISTS if r not in UNSEARCHABLE]


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize(("name", "resource"), SEARCHABLE)
def test_search_never_finds_what_the_role_may_not_see(api, people, world, role, name, resource):
    api.as_user(people.roles()[role])
    response = api.get(path_of(name), {"search": sc.MARKER, "page_size": 200})
    assert response.status_code == 200
    found = {item["id"] for item in response.json()["results"]}
    assert found == world.expected_ids(resource, role)
    assert response.json()["count"] == len(found)


DETAILS = [(name, route.resource) for name, route in ROUTES.items() if route.kind in ("detail", "download")]


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize(("name", "resource"), DETAILS)
def test_a_detail_is_a_404_for_whoever_may_not_see_it(api, people, world, role, name, resource):
    api.as_user(people.roles()[role])
    for object_name, obj in world.objects[resource].items():
        response = api.get(path_of(name, obj.pk))
        expected = 200 if role in world.visible[resource][object_name] else 404
        assert response.status_code == expected, (resource, object_name, role, response.content[:200])


ACTIONS = [(name, route.resource) for name, route in ROUTES.items() if route.kind == "action"]


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize(("name", "resource"), ACTIONS)
def test_an_action_on_what_the_role_may_not_see_is_a_404(api, people, world, role, name, resource):
    """Whatever the role may do elsewhere, an object it may not see answers as one that does not exist."""
    api.as_user(people.roles()[role])
    hidden = [
        obj for object_name, obj in world.objects[resource].items() if role not in world.visible[resource][object_name]
    ]
    for obj in hidden:
        for body in ({}, {"note": "x", "hidden": True, "reason": "x", "working_groups": ["BMLE"]}):
            response = api.post(path_of(name, obj.pk), body)
            assert response.status_code == 404, (name, role, obj.pk, response.content[:200])
            assert response.json()["code"] == "not_found"
    missing = api.post(path_of(name, 999_999), {})
    assert missing.status_code == 404


def test_a_missing_object_and_a_hidden_one_answer_alike(api, people, world):
    api.as_user(people.other_state)
    hidden = api.get(path_of("assessment-detail", world.objects["assessments"]["kenya"].pk))
    missing = api.get(path_of("assessment-detail", 999_999))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_hidden_contact_details_are_null_except_for_the_secretariat_and_the_person(api, people, world):
    hidden = world.objects["focal-points"]["hidden_contact"]
    url = path_of("focal-point-detail", hidden.pk)
    for user in (people.entity, people.state, people.cted):
        body = api.as_user(user).get(url).json()
        assert (body["email"], body["phone"], body["mobile"]) == (None, None, None)
        assert body["last_name"] == hidden.user.last_name
    assert api.as_user(people.secretariat).get(url).json()["email"] == hidden.email
    assert api.as_user(hidden.user).get(url).json()["phone"] == hidden.phone


def test_working_group_detail_lists_memberships_with_roles(api, people, world):
    response = api.as_user(people.state).get(
        path_of("working-group-detail", world.objects["working-groups"]["bmle"].pk)
    )
    roles = {m["organization"]["acronym"]: m["role"] for m in response.json()["memberships"]}
    assert roles["CTED"] == "chair"
    assert roles["UNODC"] == "vice_chair"


def test_a_project_shows_only_the_recommendations_the_caller_may_see(api, people, world):
    project = world.objects["projects"]["unodc"]
    kenya_rec = world.objects["recommendations"]["kenya"].pk
    norway_rec = world.objects["recommendations"]["norway_shared"].pk
    expected = {
        people.secretariat: {kenya_rec, norway_rec},
        people.state: {kenya_rec},
        people.other_state: {norway_rec},
        people.entity: {norway_rec},
        people.regional: set(),
    }
    for user, ids in expected.items():
        assert set(api.as_user(user).get(path_of("project-detail", project.pk)).json()["responds_to"]) == ids


def test_a_meeting_lists_only_documents_the_caller_may_see(api, people, world):
    meeting = world.objects["meetings"]["bmle"]
    meeting.documents.set([world.objects["documents"]["platform"], world.objects["documents"]["bmle"]])
    titles = {d["id"] for d in api.as_user(people.state).get(path_of("meeting-detail", meeting.pk)).json()["documents"]}
    assert titles == {world.objects["documents"]["platform"].pk}


def test_the_latest_figures_are_the_newest_snapshot(api, people, world):
    body = api.as_user(people.regional).get(path_of("metrics")).json()
    assert body["id"] == world.objects["metrics-history"]["computed"].pk
    assert {f["key"]: f["value"] for f in body["figures"]}["entities"] == 46


def test_metric_history_includes_the_published_figures(api, people, world):
    body = api.as_user(people.state).get(path_of("metrics-history"), {"source": "published"}).json()
    assert body["count"] >= 5
    assert {item["source"] for item in body["results"]} == {"published"}

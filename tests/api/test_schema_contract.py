"""The OpenAPI schema is the whole contract a client is written from: every operation says what it does,
every field and parameter what it means, every request body shows an example the schema accepts, every
field always written is `required`, and every operation lists the errors it can answer with.

The schema checked is the one every response of the suite is validated against (tests/api/openapi.py), so
what these tests demand of it is also held against what the server answers.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from .openapi import openapi_schema

# Read and written by the tests that call the API; the schema tests need no database.
pytestmark = pytest.mark.shared_world

METHODS = ("get", "post", "put", "patch", "delete")
# Fields of a response that may be left out: `errors` only comes with invalid input, `revision` only
# with a conflict of revisions (a move the record's state does not allow has none).
MAY_BE_ABSENT = {("Error", "errors"), ("Conflict", "errors"), ("Conflict", "revision")}
# Moves a request or an offer may have gone past (platform_app.support raises StateConflict): 409.
STATE_CONFLICTS = {
    ("patch", "/api/v1/support-requests/{id}/"),
    ("post", "/api/v1/support-requests/{id}/route/"),
    ("post", "/api/v1/support-requests/{id}/close/"),
    ("post", "/api/v1/support-requests/{id}/withdraw/"),
    ("post", "/api/v1/support-offers/"),
    ("post", "/api/v1/support-offers/{id}/accept/"),
    ("post", "/api/v1/support-offers/{id}/decline/"),
    ("post", "/api/v1/support-offers/{id}/withdraw/"),
}


def operations():
    for path, item in openapi_schema()["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = openapi_schema()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def references(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            found.add(node["$ref"].rsplit("/", 1)[-1])
        for value in node.values():
            references(value, found)
    elif isinstance(node, list):
        for value in node:
            references(value, found)
    return found


def response_components() -> set[str]:
    """The components a response body is made of, nested ones included."""
    schemas = openapi_schema()["components"]["schemas"]
    names = set()
    for _method, _path, operation in operations():
        references(operation["responses"], names)
    while True:
        more = set().union(*(references(schemas.get(name, {}), set()) for name in names)) - names
        if not more:
            return {name for name in names if name in schemas}
        names |= more


def honours_revision(operation: dict) -> bool:
    """A PATCH whose body may carry the `revision` read (views.expected_revision takes it, or If-Match)."""
    content = operation.get("requestBody", {}).get("content", {})
    return any("revision" in resolve(media["schema"]).get("properties", {}) for media in content.values())


def revisioned_patches() -> list[str]:
    return sorted(path for method, path, operation in operations() if method == "patch" and honours_revision(operation))


def test_every_operation_has_a_summary_and_a_description():
    missing = [
        f"{method.upper()} {path}: {part}"
        for method, path, operation in operations()
        for part in ("summary", "description")
        if not str(operation.get(part, "")).strip()
    ]
    same = [
        f"{method.upper()} {path}"
        for method, path, operation in operations()
        if operation.get("summary") and operation.get("summary") == operation.get("description")
    ]
    assert not missing, f"{len(missing)} missing:\n" + "\n".join(missing)
    assert not same, "the description only repeats the summary:\n" + "\n".join(same)


def test_every_property_of_every_component_has_a_description():
    missing = [
        f"{name}.{field}"
        for name, schema in openapi_schema()["components"]["schemas"].items()
        for field, spec in schema.get("properties", {}).items()
        if not str(spec.get("description", "")).strip()
    ]
    assert not missing, f"{len(missing)} properties without a description:\n" + "\n".join(missing)


def test_every_parameter_has_a_description():
    missing = [
        f"{method.upper()} {path}: {parameter['in']} {parameter['name']}"
        for method, path, operation in operations()
        for parameter in operation.get("parameters", [])
        if not str(parameter.get("description", "")).strip()
    ]
    assert not missing, f"{len(missing)} parameters without a description:\n" + "\n".join(missing)


def test_every_request_body_has_an_example_its_schema_accepts():
    missing, refused = [], []
    for method, path, operation in operations():
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            examples = media.get("examples") or {}
            if not examples:
                missing.append(f"{method.upper()} {path} ({media_type})")
            document = {**media["schema"], "components": openapi_schema()["components"]}
            validator = Draft202012Validator(document, format_checker=FormatChecker())
            for name, example in examples.items():
                refused += [
                    f"{method.upper()} {path} {name}: {error.message}"
                    for error in validator.iter_errors(example["value"])
                ]
    assert not missing, f"{len(missing)} request bodies without an example:\n" + "\n".join(missing)
    assert not refused, "examples the schema refuses:\n" + "\n".join(refused)


def test_every_field_a_response_always_has_is_required():
    schemas = openapi_schema()["components"]["schemas"]
    optional = [
        f"{name}.{field}"
        for name in sorted(response_components())
        for field in schemas[name].get("properties", {})
        if field not in schemas[name].get("required", []) and (name, field) not in MAY_BE_ABSENT
    ]
    assert not optional, f"{len(optional)} response fields always written but not required:\n" + "\n".join(optional)


def test_every_operation_documents_the_errors_it_can_answer():
    missing = []
    for method, path, operation in operations():
        parameters = operation.get("parameters", [])
        expected = {"429"}
        if any(requirement for requirement in operation.get("security", [])):
            expected |= {"401", "403"}
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            expected.add("400")
        if any(p["in"] == "path" for p in parameters) or path == "/api/v1/metrics/":
            expected.add("404")
        if (method, path) in STATE_CONFLICTS or (method == "patch" and honours_revision(operation)):
            expected.add("409")
        missing += [f"{method.upper()} {path}: {code}" for code in sorted(expected - set(operation["responses"]))]
    assert not missing, f"{len(missing)} answers not documented:\n" + "\n".join(missing)


def test_every_answer_has_a_description():
    missing = [
        f"{method.upper()} {path} {code}"
        for method, path, operation in operations()
        for code, response in operation["responses"].items()
        if not str(response.get("description", "")).strip()
    ]
    assert not missing, f"{len(missing)} answers without a description:\n" + "\n".join(missing)


def test_every_error_answer_has_the_error_body():
    wrong = []
    for method, path, operation in operations():
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                if references(schema, set()) - {"Error", "Conflict"} or not references(schema, set()):
                    wrong.append(f"{method.upper()} {path} {code}")
    assert not wrong, "errors documented without the error body:\n" + "\n".join(wrong)


def test_a_patch_that_takes_a_revision_documents_if_match_and_the_conflict():
    assert revisioned_patches() == [
        "/api/v1/country-entries/{id}/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/support-requests/{id}/",
    ]
    for path in revisioned_patches():
        operation = openapi_schema()["paths"][path]["patch"]
        headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "If-Match" in headers, path
        assert headers["If-Match"]["description"], path
        conflict = operation["responses"]["409"]["content"]["application/json"]["schema"]
        assert "Conflict" in references(conflict, set()), path
        assert "revision" in resolve(conflict)["properties"], path


def test_if_match_is_documented_only_where_it_is_honoured():
    documented = sorted(
        path
        for method, path, operation in operations()
        if any(p["in"] == "header" and p["name"] == "If-Match" for p in operation.get("parameters", []))
        and method == "patch"
    )
    elsewhere = [
        f"{method.upper()} {path}"
        for method, path, operation in operations()
        if method != "patch" and any(p["name"] == "If-Match" for p in operation.get("parameters", []))
    ]
    assert documented == revisioned_patches()
    assert not elsewhere


# Who may change each kind of record, the route, the record, and a change: with a stale If-Match, a 409.
CHANGES = {
    "/api/v1/recommendations/{id}/": ("cted", "recommendation", ("recommendations", "kenya"), {"priority": "low"}),
    "/api/v1/country-entries/{id}/": (
        "state",
        "country-entry",
        ("country-entries", "platform"),
        {"title": "Screening at airports"},
    ),
    "/api/v1/support-requests/{id}/": (
        "state",
        "support-request",
        ("support-requests", "kenya_submitted"),
        {"title": "Border posts"},
    ),
}


def test_every_patch_documenting_if_match_is_tried_below():
    assert sorted(CHANGES) == revisioned_patches()


@pytest.mark.parametrize("path", sorted(CHANGES))
def test_a_stale_if_match_is_the_documented_409(api, people, world, path):
    role, route, (resource, name), change = CHANGES[path]
    detail = reverse(f"api:{route}-detail", kwargs={"pk": world.objects[resource][name].pk})
    api.as_user(getattr(people, role))
    current = api.get(detail).json()["revision"]
    assert api.patch(detail, change, HTTP_IF_MATCH=f'"{current}"').status_code == 200
    stale = api.patch(detail, change, HTTP_IF_MATCH=f'"{current}"')
    assert stale.status_code == 409
    assert stale.json()["revision"] == current + 1


@pytest.mark.parametrize("path", sorted(openapi_schema()["paths"]))
def test_a_method_a_path_does_not_offer_is_a_405_naming_those_it_does(api, people, path):
    documented = {method.upper() for method in METHODS if method in openapi_schema()["paths"][path]}
    assert "PUT" not in documented, "every change is a PATCH"
    response = api.as_user(people.secretariat).put(path.replace("{id}", "1"), {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert documented <= allowed and "PUT" not in allowed

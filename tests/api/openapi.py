"""Checks API responses against the served OpenAPI schema, so the schema cannot drift from the code.

Every response a test client gets goes through `validate_response`: its path and method must be an
operation of the schema, its status one the operation documents, and a JSON body must match the
documented schema (OpenAPI 3.1 schemas are JSON Schema 2020-12).
"""

from __future__ import annotations

import functools
import json
import re

from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker


@functools.cache
def openapi_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=None)
    schema = generator.get_schema(request=None, public=True)
    # Round-trip through JSON so lazy strings and other Python objects become plain JSON values.
    return json.loads(json.dumps(schema, default=str))


@functools.cache
def _path_patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for template in openapi_schema()["paths"]:
        # Paths hold only letters, digits, "-", "_", "/" and {parameters}: nothing else to escape.
        regex = "^" + re.sub(r"\{[^}/]+\}", "[^/]+", template) + "$"
        patterns.append((re.compile(regex), template))
    return patterns


def operation_for(path: str, method: str) -> tuple[str, dict] | None:
    for regex, template in _path_patterns():
        if regex.match(path):
            return template, openapi_schema()["paths"][template].get(method.lower())
    return None


@functools.cache
def _validator(template: str, method: str, status: str, media_type: str) -> Draft202012Validator:
    schema = openapi_schema()
    body_schema = schema["paths"][template][method]["responses"][status]["content"][media_type]["schema"]
    document = {**body_schema, "components": schema["components"]}
    return Draft202012Validator(document, format_checker=FormatChecker())


class SchemaMismatch(AssertionError):
    pass


def validate_response(response, method: str, path: str) -> None:
    if not path.startswith("/api/v1/") or path in (reverse("api:schema"), reverse("api:docs")):
        return
    found = operation_for(path, method)
    method = method.lower()
    if method in ("head", "options"):
        return
    if found is None or found[1] is None:
        # Only the unknown-route and unsupported-method answers may come from outside the schema.
        if response.status_code in (404, 405):
            _check_error_body(response)
            return
        raise SchemaMismatch(f"{method.upper()} {path} is not an operation of the OpenAPI schema")
    template, operation = found
    status = str(response.status_code)
    responses = operation["responses"]
    if status not in responses:
        if response.status_code == 405:
            _check_error_body(response)
            return
        raise SchemaMismatch(
            f"{method.upper()} {template} answered {status}, which the schema does not document ({sorted(responses)})"
        )
    content = responses[status].get("content")
    if not content:
        body = getattr(response, "content", b"")
        if body and not response.streaming:
            raise SchemaMismatch(f"{method.upper()} {template} {status} should have no body, got {body[:200]!r}")
        return
    media_type = response.get("Content-Type", "").split(";")[0].strip()
    if media_type == "application/json":
        key = "application/json" if "application/json" in content else next(iter(content))
        data = json.loads(response.content)
        errors = sorted(_validator(template, method, status, key).iter_errors(data), key=lambda e: list(e.path))
        if errors:
            details = "\n".join(f"  at {'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors[:10])
            raise SchemaMismatch(f"{method.upper()} {template} {status} does not match the schema:\n{details}")
    elif not any(_media_matches(media_type, documented) for documented in content):
        raise SchemaMismatch(f"{method.upper()} {template} {status}: {media_type} is not among {sorted(content)}")


def _media_matches(actual: str, documented: str) -> bool:
    if documented in ("*/*", actual):
        return True
    main, _, sub = documented.partition("/")
    return sub == "*" and actual.startswith(main + "/")


def _check_error_body(response) -> None:
    assert response.get("Content-Type", "").startswith("application/json"), (
        f"an API error must be JSON, got {response.get('Content-Type')}: {response.content[:200]!r}"
    )
    body = json.loads(response.content)
    assert isinstance(body.get("detail"), str), body

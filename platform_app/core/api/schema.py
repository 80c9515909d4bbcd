"""OpenAPI: every operation documents the errors it can answer with, in the one JSON error shape."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance, get_view_model, is_patched_serializer
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.schemas.utils import get_pk_description

from platform_app.core.api.exports import is_export
from platform_app.core.api.inputs import StrictInputSerializer
from platform_app.core.filters import NO_NUL, SLUG, SPACE, schema_constraints

# DRF's CharField refuses NUL characters and, unless blank is allowed, text that is only whitespace.
NOT_BLANK = rf"^[^\u0000]*[^{SPACE}\u0000][^\u0000]*$"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="A message for people.")
    code = serializers.CharField(help_text="A stable code for programs, e.g. not_found, invalid, throttled.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid input: the messages of each field at fault.",
    )


class ConflictSerializer(ErrorSerializer):
    revision = serializers.IntegerField(
        required=False, help_text="When the record changed since the revision sent: its current revision."
    )


ERRORS = {
    400: "Invalid input: a field, filter or page parameter; `errors` names the fields.",
    401: "No token, or a token that is unknown, revoked or expired.",
    403: "Signed in, but your role may not do this.",
    404: "No such object among those you may see.",
    409: (
        "The record changed since the revision you sent (in `revision` or If-Match): nothing was written; "
        "`revision` is its current one. Read it again and send your change from there."
    ),
    406: "The Accept header asks for a format this endpoint does not produce.",
    413: "The request body is too large.",
    415: "The request body is in a format this endpoint does not read.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
}


EXPORT_DESCRIPTION = (
    "A page of the list; or, asked with `format=csv` or `format=ndjson` (or that Accept header), every object "
    "you may see, streamed: the same filters, search and ordering, no pages and no count limit."
)


EXPORT_CONTENT = {
    "text/csv": {
        "schema": {
            "type": "string",
            "description": (
                "UTF-8 with a byte order mark. A header row of the field names of `results`, then one row per "
                "object. A nested value (an object or a list) is its JSON text; null is an empty cell; true and "
                "false as in JSON. Text starting with =, +, -, @, a tab, a carriage return or an apostrophe is "
                "written with one more apostrophe in front, so that no spreadsheet program runs it as a formula."
            ),
        }
    },
    "application/x-ndjson": {
        "schema": {
            "type": "string",
            "description": "One JSON object per line, each as in `results`; the text as it is.",
        }
    },
}


FORMAT_DESCRIPTION = (
    "The answer's format, in place of the Accept header: `json` (a page, the default), `csv` or `ndjson` "
    "(every object you may see, in one streamed answer)."
)


_COUNTED = (
    " Sent on every answer a rate limit counted: not on a request refused before (an unknown token, a role "
    "without access), nor while the counter is unreachable."
)


HEADERS = {
    "RateLimit-Limit": {
        "description": "Requests allowed per window of the rate limit (IETF draft RateLimit header fields)." + _COUNTED,
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the window, this one counted; 0 on a 429 of the rate limit (`throttled`)."
        + _COUNTED,
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Reset": {
        "description": (
            "Seconds until RateLimit-Remaining grows again. The window slides: each request counts for the "
            "window's length after it was made, and this is when the oldest one counted leaves it. On a 429 "
            "of the rate limit (`throttled`) it equals Retry-After."
        )
        + _COUNTED,
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Link": {
        "description": (
            'The other pages (RFC 8288): rel="first" and rel="last" always, rel="prev" and rel="next" when '
            "there are such pages. The last page is the last the list reaches (see `count_capped`)."
        ),
        "schema": {"type": "string"},
    },
}


def _without_default(node):
    """A field's schema without `default`, also inside the alternatives (a text "or blank" is an anyOf)."""
    if isinstance(node, dict):
        return {key: _without_default(value) for key, value in node.items() if key != "default"}
    if isinstance(node, list):
        return [_without_default(value) for value in node]
    return node


class CompactAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        codes = {400, 406, 429}
        if not public:
            codes |= {401, 403}
        if (self.path_regex and "{" in self.path) or self._is_list_view() or method != "GET":
            codes.add(404)
        if method in ("POST", "PUT", "PATCH"):
            codes |= {413, 415}
        error = self._get_response_for_code(ErrorSerializer, "400", direction=direction)
        for code in sorted(codes):
            if str(code) not in responses:
                described = dict(error)
                described["description"] = ERRORS[code]
                responses[str(code)] = described
        self._add_exports(responses)
        self._complete_responses(responses)
        return responses

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            # Once every answer is listed, whatever a subclass adds to them (a 304).
            operation["responses"] = self._with_headers(operation["responses"])
        return operation

    def map_renderers(self, attribute):
        found = super().map_renderers(attribute)
        if attribute == "media_type":
            # What an export answers is documented on the list's 200 (`_add_exports`); its errors are JSON.
            return [media_type for media_type in found if media_type not in EXPORT_CONTENT]
        return found

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = FORMAT_DESCRIPTION
        return parameters

    def _add_exports(self, responses) -> None:
        """A list's 200 is also its export, as CSV or NDJSON (platform_app/core/api/exports.py)."""
        if "200" in responses and any(is_export(renderer) for renderer in self.view.get_renderers()):
            listed = responses["200"]
            responses["200"] = {
                **listed,
                "content": {**listed.get("content", {}), **EXPORT_CONTENT},
                "description": listed.get("description") or EXPORT_DESCRIPTION,
            }

    def _with_headers(self, responses):
        """The rate limit's headers on every answer of an operation a rate limit counts (they are absent when
        the request was refused before it was counted, or the counter was unreachable), Retry-After on a 429,
        and the Link to the other pages on a page of a list."""
        counted = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset") if self.view.get_throttles() else ()
        headers = {name: self._header(name) for name in counted}
        paged = self._is_list_view() and self._get_paginator() is not None
        answered = {}
        for code, response in responses.items():
            extra = {**headers}
            if code == "429":
                extra["Retry-After"] = self._header("Retry-After")
            if code == "200" and paged:
                extra["Link"] = self._header("Link")
            answered[code] = {**response, "headers": {**response.get("headers", {}), **extra}} if extra else response
        return answered

    def _header(self, name: str) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.HEADER, schema=HEADERS[name], object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(force_instance(serializer), StrictInputSerializer):
            # Input serializers refuse any field they do not declare (400), so the schema says so.
            schema["additionalProperties"] = False
        if is_patched_serializer(force_instance(serializer), direction) and "properties" in schema:
            # A PATCH changes only the fields it names. A default would have clients generated from the
            # schema send it with every change, overwriting the stored value of a field nobody touched.
            schema["properties"] = {name: _without_default(spec) for name, spec in schema["properties"].items()}
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or schema.get("type") != "string":
            return schema
        # A field's own pattern (a RegexField's) is added from its validator after this.
        has_own_pattern = any(isinstance(validator, RegexValidator) for validator in field.validators)
        if isinstance(field, serializers.SlugRelatedField):
            # Thematic areas by slug, languages by code: what one looks like (the schema cannot say which exist).
            target = field.get_queryset().model._meta.get_field(field.slug_field)
            schema.pop("minLength", None)
            schema.update(pattern=SLUG, maxLength=target.max_length)
        elif not {"enum", "format", "pattern"} & schema.keys() and not has_own_pattern:
            # What the server refuses in text the schema must refuse too, or clients (and fuzzers) sending
            # "valid" input get a 400: NUL characters always, whitespace alone where blank is not allowed.
            if isinstance(field, serializers.CharField) and field.trim_whitespace and not field.allow_blank:
                schema["pattern"] = NOT_BLANK
            elif isinstance(field, serializers.CharField):
                schema["pattern"] = NO_NUL
        return schema

    # What every operation's contract says besides its own fields: the id in its path, the revision a
    # change starts from (If-Match, 409), and which fields an answer always has.

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        for parameter in parameters:
            if parameter["name"] == "id" and not parameter.get("description") and model is not None:
                parameter["description"] = get_pk_description(model, model._meta.pk)
        return parameters

    def _takes_revision(self) -> bool:
        """A PATCH whose input has `revision`: the view takes the revision from it or from If-Match
        (views.expected_revision) and refuses a change made from an older one with a 409."""
        if self.method.upper() != "PATCH":
            return False
        serializer = force_instance(self.get_request_serializer())
        return isinstance(serializer, serializers.Serializer) and "revision" in serializer.fields

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        return [*parameters, IF_MATCH] if self._takes_revision() else parameters

    def _complete_responses(self, responses) -> None:
        """The 409 of a change made from an older revision, and a description for every answer."""
        if self._takes_revision() and "409" not in responses:
            responses["409"] = self._get_response_for_code(ConflictSerializer, "409")
        reading = self.method.upper() == "GET"
        for code, response in responses.items():
            if not response.get("description"):
                error = ERRORS.get(int(code)) if code.isdigit() else None
                described = error or SUCCESS.get((code, reading)) or SUCCESS.get((code, None))
                responses[code] = {**response, "description": described or ""}

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and "properties" in schema:
            # DRF writes every field into a representation, read-only or not, blank or null: it leaves out
            # only a field declared required=False whose value is missing (an error's `errors`). A field
            # that is always there is required, so that generated clients need not check for it.
            declared = force_instance(serializer)._declared_fields
            absent = {name for name, field in declared.items() if not field.required and not field.read_only}
            always = [name for name in schema["properties"] if name not in absent]
            schema["required"] = sorted({*schema.get("required", []), *always})
        return schema


# What a success answers with, when the operation does not say: (status, whether the operation reads).
SUCCESS = {
    ("200", True): "What you asked for, as you may see it.",
    ("200", False): "Done: the record as it now stands.",
    ("201", None): "Created: the new record, as reading it would show it.",
    ("204", None): "Done; no body.",
}


# The revision a change starts from, sent as If-Match: "3", W/"3" or 3 (views.expected_revision).
REVISION_TAG = r'(?:W/)?"?([0-9]{1,10})"?'


IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": rf"^[{SPACE}]*({REVISION_TAG})?[{SPACE}]*$"},
    OpenApiParameter.HEADER,
    description=(
        'The `revision` you read, e.g. "3", in place of `revision` in the body (the body\'s wins if both are '
        "sent). If the record has changed since, nothing is written and the answer is 409."
    ),
)


class ConstrainedFilterExtension(DjangoFilterExtension):
    """django-filter parameters with the bounds their form fields enforce. drf-spectacular leaves out
    minimum, maximum, length and pattern, so the schema would call valid what the server refuses."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        constraints = schema_constraints(filter_field)
        for parameter in parameters:
            parameter["schema"].update(constraints)
        return parameters


def blank_or_format_is_any_of(result, generator, request, public):
    """drf-spectacular writes "a URL or blank" as oneOf, but "" satisfies both branches when the
    validator does not assert formats, so oneOf would reject it; anyOf says what is meant."""

    def walk(node):
        if isinstance(node, dict):
            one_of = node.get("oneOf")
            if isinstance(one_of, list) and {"type": "string", "maxLength": 0} in one_of:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


def empty_query_value_is_absent(result, generator, request, public):
    """`?theme=` is the same as no `theme` for every query parameter (django-filter, search, ordering, the
    pages): say so with allowEmptyValue, or the schema calls "" invalid for a date, an id or a slug and a
    client cannot tell that the server ignores it."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "platform_app.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create a key with POST /api/v1/auth/token/.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "platform_app.accounts.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "The portal's session."}


# A move the request or offer has gone past: retrying it unchanged cannot succeed, so it is not a 400.
STATE_CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="The request or offer is no longer in a state that allows this (e.g. the request is closed or "
    "withdrawn, the offer already answered); `code` is conflict.",
)

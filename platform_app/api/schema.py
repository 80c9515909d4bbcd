"""OpenAPI: every operation documents the errors it can answer with, in the one JSON error shape."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from platform_app.filtersets import NO_NUL, SLUG, SPACE, schema_constraints

from .inputs import StrictInputSerializer

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
    revision = serializers.IntegerField(help_text="The record's current revision.")


ERRORS = {
    400: "Invalid input: a field, filter or page parameter; `errors` names the fields.",
    401: "No token, or a token that is unknown, revoked or expired.",
    403: "Signed in, but your role may not do this.",
    404: "No such object among those you may see.",
    406: "The Accept header asks for a format this endpoint does not produce.",
    413: "The request body is too large.",
    415: "The request body is in a format this endpoint does not read.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
}


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
        return responses

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(force_instance(serializer), StrictInputSerializer):
            # Input serializers refuse any field they do not declare (400), so the schema says so.
            schema["additionalProperties"] = False
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
    target_class = "platform_app.api.authentication.TokenAuthentication"
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
    target_class = "platform_app.api.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "The portal's session."}

"""Every API error is JSON: `{"detail": "...", "code": "..."}`, plus `errors` naming the fields at fault."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from platform_app.core.revisions import EditConflict, StateConflict

logger = logging.getLogger(__name__)


def _flatten(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _flatten(value)
        return ""
    if isinstance(detail, list):
        return _flatten(detail[0]) if detail else ""
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, StateConflict):
        # Checked first: a StateConflict is also a ValidationError, whose answer would be a 400.
        return Response({"detail": " ".join(exc.messages), "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, IntegrityError):
        # A unique key or a check the serializer could not foresee (e.g. a concurrent insert).
        logger.info("API write refused by a database constraint: %s", exc)
        exc = exceptions.ValidationError({"non_field_errors": ["This change conflicts with existing data."]})
    elif isinstance(exc, DataError):
        exc = exceptions.ValidationError({"non_field_errors": ["A value is out of range or malformed."]})
    if isinstance(exc, EditConflict):
        return Response(
            {"detail": str(exc), "code": "conflict", "revision": exc.current}, status=status.HTTP_409_CONFLICT
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        field = next(iter(errors), "non_field_errors")
        message = _flatten(errors)
        response.data = {
            "detail": message if field == "non_field_errors" else f"{field}: {message}",
            "code": "invalid",
            "errors": errors,
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None) or exc.default_code}
    return response


def json_error(status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status_code)


# What an error that no API view answered (an unmatched path, a fault, a refused host) says.
GENERIC_ERRORS = {
    400: ("Bad request.", "bad_request"),
    401: ("Authentication credentials were not provided.", "not_authenticated"),
    403: ("You do not have permission to perform this action.", "permission_denied"),
    404: ("Not found.", "not_found"),
    405: ("Method not allowed.", "method_not_allowed"),
    413: ("The request is too large.", "too_large"),
    500: ("Server error; it has been logged.", "server_error"),
}


def generic_error(status_code: int) -> JsonResponse:
    detail, code = GENERIC_ERRORS.get(status_code) or (
        f"{HTTPStatus(status_code).phrase}." if status_code in HTTPStatus._value2member_map_ else "Error.",
        "error" if status_code >= 500 else "invalid",
    )
    return json_error(status_code, detail, code)


class ApiErrorsAsJsonMiddleware:
    """Every error under /api/ is the API's JSON, whoever made it and whatever DEBUG says.

    Errors raised in API views are shaped by `exception_handler`; this turns the others into the same
    form: a path no route matches, a fault outside a view, and Django's own pages, which with DEBUG on
    are its HTML debug pages (a fault's traceback is still in the log). A JSON error body a view wrote
    is kept, with its content type corrected if a renderer chose another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith("/api/")
            or response.streaming
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = _json_body(response) or generic_error(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def _json_body(response) -> JsonResponse | None:
    """The response's own body as JSON, when it is an error of the API's form sent under another type."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return JsonResponse(data, status=response.status_code)
    return None

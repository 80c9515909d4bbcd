"""Every API error is JSON: `{"detail": "...", "code": "..."}`, plus `errors` naming the fields at fault."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from platform_app.services import EditConflict

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


def api_not_found(request, exception=None):
    return json_error(status.HTTP_404_NOT_FOUND, "Not found.", "not_found")


def api_server_error(request):
    return json_error(status.HTTP_500_INTERNAL_SERVER_ERROR, "Server error; it has been logged.", "server_error")

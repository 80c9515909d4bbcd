"""API test fixtures: a client that checks each response against the schema (people: tests/people.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from platform_app.accounts.models import User
from platform_app.accounts.tokens import token_create
from tests.people import People, african_union  # noqa: F401 - re-exported for the API tests

from .openapi import validate_response


class SchemaCheckedClient(APIClient):
    """An APIClient whose every response must match the OpenAPI schema."""

    def generic(self, method, path, *args, **kwargs):
        response = super().generic(method, path, *args, **kwargs)
        validate_response(response, method, path.split("?")[0])
        return response

    def as_user(self, user: User | None) -> SchemaCheckedClient:
        """Authenticate with a real token of `user` (None: anonymous)."""
        self.credentials()
        if user is not None:
            _, key = token_create(user=user, name="tests")
            self.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return self


@pytest.fixture
def api() -> SchemaCheckedClient:
    return SchemaCheckedClient()

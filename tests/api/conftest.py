"""API test fixtures: people of every role, and a client that checks each response against the schema."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from platform_app.models import Organization, User
from platform_app.roles import ensure_role_groups
from platform_app.tokens import token_create
from tests.factories import FocalPointFactory, UserFactory, reference_org

from .openapi import validate_response


def african_union() -> Organization:
    # By acronym: reference_org("AU") would find Australia by its ISO code.
    return Organization.objects.get(kind=Organization.Kind.REGIONAL_ORG, acronym="AU")


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


@dataclass
class People:
    secretariat: User
    cted: User
    entity: User  # a focal point of UNODC, member of several working groups
    state: User  # Kenya's focal point
    other_state: User  # Norway's focal point
    regional: User  # the African Union's focal point
    outsider: User  # signed in, but neither a focal point nor the Secretariat

    def roles(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "secretariat": self.secretariat,
            "cted": self.cted,
            "entity": self.entity,
            "state": self.state,
            "other_state": self.other_state,
            "regional": self.regional,
            "outsider": self.outsider,
        }


def focal_point_user(key: str, username: str) -> User:
    return FocalPointFactory(organization=reference_org(key), user__username=username).user


@pytest.fixture
def people(reference) -> People:
    groups = ensure_role_groups()
    secretariat = UserFactory(username="secretariat.api", is_staff=True)
    secretariat.groups.add(groups["Secretariat"])
    return People(
        secretariat=secretariat,
        cted=focal_point_user("CTED", "cted.api"),
        entity=focal_point_user("UNODC", "unodc.api"),
        state=focal_point_user("KE", "kenya.api"),
        other_state=focal_point_user("NO", "norway.api"),
        regional=FocalPointFactory(organization=african_union(), user__username="au.api").user,
        outsider=UserFactory(username="outsider.api"),
    )

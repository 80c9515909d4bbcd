"""People of every role, shared by the API and the page tests: the rows of the access matrix."""

from __future__ import annotations

from dataclasses import dataclass

from platform_app.accounts.models import User
from platform_app.accounts.roles import ensure_role_groups
from platform_app.directory.models import Organization
from tests.factories import FocalPointFactory, UserFactory, reference_org


def african_union() -> Organization:
    # By acronym: reference_org("AU") would find Australia by its ISO code.
    return Organization.objects.get(kind=Organization.Kind.REGIONAL_ORG, acronym="AU")


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


def make_people() -> People:
    """One person of each role (the `people` fixture of the root conftest.py)."""
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

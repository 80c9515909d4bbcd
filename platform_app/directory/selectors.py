"""Reads of the directory that other pages and the figures share: the people a reader may see, who is in
office, which organizations are listed, which have nominated someone; and the choices of the directory's
organization and Member State selects."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.models import WorkingGroupMembership

# In office: the nomination and the account are both active.
IN_OFFICE = Q(is_active=True, user__is_active=True)


# The directory's order, on its page, in its CSV export and in the API (without `ordering=`).
DIRECTORY_ORDER = ("user__last_name", "user__first_name", "pk")


def active_focal_points():
    """Focal points in office: their nomination and their account are both active."""
    return FocalPoint.objects.filter(IN_OFFICE)


def organizations_listed():
    """The organizations of the Compact as the organizations list shows them: active ones."""
    return Organization.objects.filter(is_active=True)


def has_focal_point_in_office() -> Exists:
    """The condition on organizations of having nominated at least one focal point in office."""
    return Exists(active_focal_points().filter(organization_id=OuterRef("pk")))


def nominated(organizations):
    """Organizations that have nominated at least one focal point in office."""
    return organizations.filter(has_focal_point_in_office())


def people_of(user) -> QuerySet:
    """The focal points `user` may see, with what the directory shows of them, in a stable order."""
    return (
        FocalPoint.objects.visible_to(user)
        .select_related("user", "organization")
        .prefetch_related("expertise", "languages")
        .order_by(*DIRECTORY_ORDER)
    )


def memberships_of(user, organization: Organization) -> QuerySet:
    """The working groups `organization` belongs to, with its role, as `user` may see them, by group number:
    an organization's page and each of its focal points' pages."""
    return (
        WorkingGroupMembership.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("working_group")
        .order_by("working_group__number")
    )


def colleagues_of(user, person: FocalPoint, limit: int) -> tuple[list[FocalPoint], bool]:
    """Up to `limit` other focal points of `person`'s organization that `user` may see, in the directory's
    order, and whether there are more."""
    others = (
        FocalPoint.objects.visible_to(user)
        .filter(organization_id=person.organization_id)
        .exclude(pk=person.pk)
        .select_related("user")
        .order_by(*DIRECTORY_ORDER)
    )
    shown = list(others[: limit + 1])
    return shown[:limit], len(shown) > limit


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


def organization_options(user, chosen: Organization | None) -> list[tuple[str, list[Option]]]:
    """The directory's organization select, by kind, `chosen` selected. Member States have the country
    select of their own, so they are offered here only when one was chosen (from a link, say)."""
    organizations = Organization.objects.visible_to(user)
    listed = organizations.exclude(kind=Organization.Kind.MEMBER_STATE)
    if chosen is not None:
        listed = organizations.filter(Q(pk=chosen.pk) | ~Q(kind=Organization.Kind.MEMBER_STATE))
    groups: dict[str, list[Option]] = {kind: [] for kind in Organization.Kind.values}
    for organization in listed.order_by("name"):
        selected = chosen is not None and organization.pk == chosen.pk
        groups[organization.kind].append(Option(str(organization.pk), organization.display_name, selected))
    labels = dict(Organization.Kind.choices)
    return [(labels[kind], options) for kind, options in groups.items() if options]


def country_options(user, chosen: Organization | None) -> list[Option]:
    """The directory's Member State select, by ISO 3166 alpha-3 code, `chosen` selected."""
    states = Organization.objects.visible_to(user).filter(kind=Organization.Kind.MEMBER_STATE)
    return [
        Option(state.iso_alpha3, state.name, chosen is not None and state.pk == chosen.pk)
        for state in states.order_by("name")
    ]

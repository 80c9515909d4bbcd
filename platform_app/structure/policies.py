"""Which working groups a viewer reads, writes in and leads: the membership rules the visibility of group
spaces, of documents and events shared with a group, of requests routed to a group and of showcase requests
are built on."""

from __future__ import annotations

from django.db.models import Q

from platform_app.core.viewer import ENTITY, Viewer, viewer_for
from platform_app.structure.models import (
    LEADERSHIP_ROLES,
    WRITING_ROLES,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)


def _membership_groups(viewer: Viewer, roles: tuple[str, ...] | None = None):
    """Subquery: the working groups the viewer's organization belongs to (any role unless given)."""
    memberships = WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("working_group_id")


def _invited_groups(viewer: Viewer):
    """Subquery: the working groups whose space the viewer's organization is invited to read."""
    guests = WorkingGroupGuest.objects.current().filter(organization_id=viewer.organization_id)
    return guests.values("working_group_id")


def readable_group_spaces(viewer: Viewer) -> Q:
    """A filter on `working_group_id` for the spaces (meetings, workplan, posts) the viewer reads.

    Entities read every space; others read the groups they belong to or are invited to.
    """
    if viewer.is_secretariat or viewer.organization_kind == ENTITY:
        return Q()
    return Q(working_group_id__in=_membership_groups(viewer)) | Q(working_group_id__in=_invited_groups(viewer))


def led_groups(viewer: Viewer):
    """Subquery: the working groups the viewer's organization chairs, co-chairs or vice-chairs."""
    return _membership_groups(viewer, LEADERSHIP_ROLES)


def _holds_role(user, working_group_id: int | None, roles: tuple[str, ...]) -> bool:
    """Whether the user's organization holds one of `roles` in the group; the Secretariat holds every role."""
    viewer = viewer_for(user)
    if viewer.is_secretariat:
        return True
    if working_group_id is None or viewer.organization_id is None:
        return False
    return _membership_groups(viewer, roles).filter(working_group_id=working_group_id).exists()


def can_write_in_group(user, working_group_id: int | None) -> bool:
    """Members (not observers) write in their groups' spaces; the Secretariat everywhere."""
    return _holds_role(user, working_group_id, WRITING_ROLES)


def leads_group(user, working_group_id: int | None) -> bool:
    """The organizations chairing, co-chairing or vice-chairing a group lead it; the Secretariat every group."""
    return _holds_role(user, working_group_id, LEADERSHIP_ROLES)


def writable_groups(user):
    """The working groups `user` may add to (the rule of `can_write_in_group`, as a queryset)."""
    viewer = viewer_for(user)
    groups = WorkingGroup.objects.order_by("number")
    if viewer.is_secretariat:
        return groups
    if viewer.organization_id is None:
        return groups.none()
    return groups.filter(memberships__organization_id=viewer.organization_id, memberships__role__in=WRITING_ROLES)

"""Sharing a document or an event on an organization's behalf: with every focal point, a working group's
members or named organizations, and who keeps seeing what they shared."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer, viewer_for
from platform_app.directory.models import Organization
from platform_app.structure.policies import _membership_groups, can_write_in_group


class SharedObjectQuerySet(VisibleQuerySet):
    """Documents and events: platform-wide, for a working group's members and observers, or restricted.

    Whoever shared the object (its owning or organizing organization, and the uploader) keeps seeing it.
    """

    creator_field: str

    def _visible_filter(self, viewer: Viewer) -> Q:
        named = self.model.allowed_organizations.through.objects.filter(organization_id=viewer.organization_id)
        return (
            Q(visibility="platform")
            | Q(visibility="working_group", working_group_id__in=_membership_groups(viewer))
            | Q(visibility="restricted", pk__in=named.values(self.model._meta.model_name + "_id"))
            | self._sharer_filter(viewer)
            | Q(**{self.creator_field: viewer.user_id})
        )

    def _sharer_filter(self, viewer: Viewer) -> Q:
        raise NotImplementedError


def _acting_organization(user, organization: Organization | None) -> Organization:
    """Focal points act for their own organization; the Secretariat names one."""
    viewer = viewer_for(user)
    if viewer.is_secretariat and organization is not None:
        return organization
    if viewer.organization_id is None:
        raise ValidationError({"organization": [_("Name the organization this is shared on behalf of.")]})
    if organization is not None and organization.pk != viewer.organization_id:
        raise PermissionDenied(_("You can share only on behalf of your own organization."))
    return Organization.objects.get(pk=viewer.organization_id)


def _check_group_and_visibility(
    user, working_group, visibility: str, allowed_organizations, *, group_required: bool
) -> None:
    viewer = viewer_for(user)
    if working_group is None and group_required and not viewer.is_secretariat:
        raise ValidationError({"working_group": [_("Choose one of the working groups your organization belongs to.")]})
    if working_group is not None and not can_write_in_group(user, working_group.pk):
        raise PermissionDenied(_("Only members of this working group may add to it."))
    if visibility == "working_group" and working_group is None:
        raise ValidationError({"visibility": [_("A working group must be chosen for working-group visibility.")]})
    if visibility == "restricted" and not allowed_organizations:
        raise ValidationError({"allowed_organizations": [_("Name at least one organization for restricted sharing.")]})

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from platform_app.core.querysets import VisibleQuerySet
from platform_app.core.viewer import Viewer
from platform_app.structure.policies import LEADING_ROLES, _membership_groups, readable_group_spaces


class GroupSpaceQuerySet(VisibleQuerySet):
    """Meetings, workplan activities and posts of working groups."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return readable_group_spaces(viewer)


class AgendaItemQuerySet(VisibleQuerySet):
    """Items of meetings' agendas: read as their meeting is, by the rule of `readable_group_spaces`."""

    def _visible_filter(self, viewer: Viewer) -> Q | None:
        condition = readable_group_spaces(viewer)
        if not condition:
            return None
        meetings = apps.get_model("workinggroups", "Meeting")._base_manager.filter(condition)
        return Q(meeting_id__in=meetings.values("pk"))


class ShowcaseQuerySet(VisibleQuerySet):
    """Member States' requests to showcase their efforts to a working group: the requesting State, the
    organizations leading that group (chair, co-chairs, vice-chairs) and the Secretariat."""

    def _visible_filter(self, viewer: Viewer) -> Q:
        return Q(member_state_id=viewer.organization_id) | Q(
            working_group_id__in=_membership_groups(viewer, LEADING_ROLES)
        )

"""Who may do what in a working group's space and with showcase requests: one function per permission,
each a `Decision` with its reason, asked by the pages (workinggroups.views, workinggroups.sections,
workinggroups.showcases) and again by the services inside their transactions (workinggroups.services)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from platform_app.core.policies import Decision, allow_if
from platform_app.core.viewer import MEMBER_STATE, viewer_for
from platform_app.structure.models import WorkingGroup
from platform_app.structure.policies import can_write_in_group, leads_group, led_groups, readable_group_spaces
from workinggroups.models import Post, ShowcaseRequest


def may_read_space(user, working_group: WorkingGroup) -> Decision:
    """Whether `user` reads the group's space (meetings, workplan, posts), by the rule of
    structure.policies.readable_group_spaces."""
    viewer = viewer_for(user)
    reason = _("This working group's space is open to its members, its invited guests and the Compact's entities.")
    if not viewer.is_platform_user:
        return Decision(False, reason)
    condition = readable_group_spaces(viewer)
    if not condition:
        return allow_if(True, reason)
    # The rule is a filter on `working_group_id`; the group's own key stands in for it.
    groups = WorkingGroup.objects.alias(working_group_id=F("pk")).filter(pk=working_group.pk)
    return allow_if(groups.filter(condition).exists(), reason)


def may_write_in_space(user, working_group: WorkingGroup) -> Decision:
    """Members other than observers write in their group's space (posts, workplan, meetings); the
    Secretariat in every group's."""
    return allow_if(
        can_write_in_group(user, working_group.pk),
        _("Only members of this working group and the Secretariat may write in its space."),
    )


def may_edit_post(user, post: Post) -> Decision:
    """The author edits their own post, while they write in its group's space."""
    if user is None or post.author_id != user.pk:
        return Decision(False, _("Only the author may edit a post."))
    return may_write_in_space(user, post.working_group)


def may_ask_showcase(user) -> Decision:
    """Focal points of a Member State ask, for their State, to present its efforts to a working group."""
    return allow_if(
        viewer_for(user).organization_kind == MEMBER_STATE,
        _("Only focal points of a Member State ask to showcase their State's efforts."),
    )


def may_decide_showcases(user, working_group: WorkingGroup) -> Decision:
    """The Secretariat, and focal points of an organization chairing, co-chairing or vice-chairing the group."""
    return allow_if(
        leads_group(user, working_group.pk),
        _("Only the leaders of this working group and the Secretariat decide on showcases."),
    )


def may_list_showcases(user, working_group: WorkingGroup) -> Decision:
    """The group's list of showcase requests: for Member States (their own requests) and for those who decide
    on them (all of the group's)."""
    return allow_if(
        bool(may_ask_showcase(user)) or bool(may_decide_showcases(user, working_group)),
        _("Showcase requests are for Member States and the leaders of the working group."),
    )


def may_withdraw_showcase(user, showcase: ShowcaseRequest) -> Decision:
    """The requesting State's focal points withdraw its request."""
    return allow_if(
        viewer_for(user).speaks_for_state(showcase.member_state_id),
        _("Only the requesting State withdraws its request."),
    )


# --- the same rules over every record at once (the home page's queue) -----------------------------------


def showcases_to_decide(user) -> QuerySet[ShowcaseRequest]:
    """Showcase requests waiting for a decision that `user` may take (`may_decide_showcases`, over every group
    at once): all of them for the Secretariat, those of the groups their organization leads for a focal point.
    tests/portal/test_home.py holds it equal to the policy."""
    viewer = viewer_for(user)
    waiting = ShowcaseRequest.objects.visible_to(user).filter(status=ShowcaseRequest.Status.REQUESTED)
    if viewer.is_secretariat:
        return waiting
    if viewer.organization_id is None:
        return waiting.none()
    return waiting.filter(working_group_id__in=led_groups(viewer))

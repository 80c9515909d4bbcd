"""Writes in a working group's space: discussion posts, workplan activities and meetings; and the
Member States' requests to showcase their efforts to a group, which its leaders schedule or decline.

Each service is atomic, checks itself who may act (workinggroups.policies: members other than
observers, and the Secretariat, write), validates the whole object with `full_clean()` and only then
writes, so a refused or invalid call leaves nothing behind. Permission failures raise
PermissionDenied, invalid input ValidationError keyed by field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.core.revisions import write_record
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from platform_app.structure.models import (
    WRITING_ROLES,
    WorkingGroup,
    WorkingGroupGuest,
    WorkingGroupMembership,
)
from workinggroups.keys import key_of
from workinggroups.models import AgendaItem, Meeting, Post, ShowcaseRequest, WorkplanActivity
from workinggroups.policies import (
    may_ask_showcase,
    may_decide_showcases,
    may_edit_post,
    may_withdraw_showcase,
    may_write_in_space,
)


def annotate_my_place(queryset: QuerySet, user) -> QuerySet:
    """Working groups with `my_role` (the role of the viewer's organization, if any) and `is_guest`
    (its organization is invited and the invitation has not expired), computed in the same query."""
    viewer = viewer_for(user)
    role = WorkingGroupMembership.objects.filter(
        working_group=OuterRef("pk"), organization_id=viewer.organization_id
    ).values("role")[:1]
    invitations = WorkingGroupGuest.objects.current().filter(
        working_group=OuterRef("pk"), organization_id=viewer.organization_id
    )
    return queryset.annotate(my_role=Subquery(role), is_guest=Exists(invitations))


def lead_organization_choices(working_group: WorkingGroup) -> QuerySet:
    """Organizations that may lead an activity: the group's members (observers do not take part in its work)."""
    members = WorkingGroupMembership.objects.filter(working_group=working_group, role__in=WRITING_ROLES)
    return Organization.objects.filter(pk__in=members.values("organization_id")).order_by("name")


def attachable_documents(user, working_group: WorkingGroup, meeting: Meeting | None = None) -> QuerySet:
    """Documents a writer may attach to a meeting: those of the group that the writer sees, plus those
    already attached that the writer sees (so editing a meeting never drops them by omission)."""
    condition = Q(working_group=working_group)
    if meeting is not None and meeting.pk:
        condition |= Q(pk__in=meeting.documents.through.objects.filter(meeting_id=meeting.pk).values("document_id"))
    return Document.objects.visible_to(user).filter(condition).order_by("-published_on", "-id")


@transaction.atomic
def post_create(
    *, user, working_group: WorkingGroup, body: str, title: str = "", parent: Post | None = None, language: str = ""
) -> Post:
    """A new thread (with a title) or a reply to a thread of the same group; its language, when not given,
    is detected from its text."""
    may_write_in_space(user, working_group).check()
    if parent is not None:
        if parent.working_group_id != working_group.pk:
            raise ValidationError({"parent": [_("Replies answer a thread of the same working group.")]})
        if parent.parent_id is not None:
            raise ValidationError({"parent": [_("Replies answer a thread, not another reply.")]})
    elif not title.strip():
        raise ValidationError({"title": [_("A new thread needs a title.")]})
    post = Post(working_group=working_group, author=user, parent=parent, title=title.strip(), body=body)
    return write_record(post, {"language": language})


@transaction.atomic
def post_edit(*, user, post: Post, body: str, title: str | None = None, language: str | None = None) -> Post:
    """The author changes their own post; the edit is dated. A blank `language` is detected again, None
    leaves it as it is."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    may_edit_post(user, post).check()
    if title is not None:
        if post.parent_id is None and not title.strip():
            raise ValidationError({"title": [_("A thread needs a title.")]})
        post.title = title.strip()
    fields = {"body": body, "edited_at": timezone.now()}
    if language is not None:
        fields["language"] = language
    return write_record(post, fields, update_fields=["title", "body", "edited_at", *fields.keys() & {"language"}])


@transaction.atomic
def activity_save(
    *,
    user,
    working_group: WorkingGroup,
    activity: WorkplanActivity | None = None,
    title: str,
    description: str = "",
    lead_organization: Organization | None = None,
    status: str = WorkplanActivity.Status.PLANNED,
    priority: str = WorkplanActivity.Priority.MEDIUM,
    due_on: date | None = None,
    position: int = 0,
) -> WorkplanActivity:
    """Adds an activity to the group's workplan, or changes one of its activities."""
    may_write_in_space(user, working_group).check()
    if activity is not None:
        activity = WorkplanActivity.objects.select_for_update().get(pk=activity.pk)
        if activity.working_group_id != working_group.pk:
            raise PermissionDenied(_("This activity belongs to another working group."))
    else:
        activity = WorkplanActivity(working_group=working_group)
    if (
        lead_organization is not None
        and not lead_organization_choices(working_group).filter(pk=lead_organization.pk).exists()
    ):
        raise ValidationError({"lead_organization": [_("The lead must be a member organization of this group.")]})
    fields = {
        "title": title,
        "description": description,
        "lead_organization": lead_organization,
        "status": status,
        "priority": priority,
        "due_on": due_on,
        "position": position,
    }
    return write_record(activity, fields)


@transaction.atomic
def meeting_save(
    *,
    user,
    working_group: WorkingGroup,
    meeting: Meeting | None = None,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    summary: str = "",
    documents: Iterable[Document] = (),
) -> Meeting:
    """Schedules a meeting of the group or changes one, with the documents attached to it.

    Only documents the writer sees may be attached; documents attached earlier that the writer does
    not see stay attached (they were not the writer's to remove).
    """
    may_write_in_space(user, working_group).check()
    editing = meeting is not None
    if editing:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.working_group_id != working_group.pk:
            raise PermissionDenied(_("This meeting belongs to another working group."))
    else:
        meeting = Meeting(working_group=working_group, created_by=user)
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": [_("The meeting cannot end before it starts.")]})
    chosen = {document.pk for document in documents}
    allowed = set(attachable_documents(user, working_group, meeting).filter(pk__in=chosen).values_list("pk", flat=True))
    if chosen - allowed:
        raise ValidationError({"documents": [_("Choose documents of this working group that you can see.")]})
    fields = {"title": title, "starts_at": starts_at, "ends_at": ends_at, "location": location}
    write_record(meeting, {**fields, "online_url": online_url, "agenda": agenda, "summary": summary})
    hidden: set[int] = set()
    if editing:
        visible = Document.objects.visible_to(user).values("pk")
        hidden = set(meeting.documents.exclude(pk__in=visible).values_list("pk", flat=True))
    meeting.documents.set(chosen | hidden)
    return meeting


# Showcases ------------------------------------------------------------------------------------------

Showcase = ShowcaseRequest.Status


def upcoming_meetings(working_group: WorkingGroup) -> QuerySet:
    """The group's meetings that have not started yet, soonest first: those a showcase may be scheduled in."""
    return Meeting.objects.filter(working_group=working_group, starts_at__gt=timezone.now()).order_by("starts_at", "id")


def _open_request(showcase: ShowcaseRequest) -> ShowcaseRequest:
    """The request again, locked, and still waiting for a decision."""
    showcase = ShowcaseRequest.objects.select_for_update().get(pk=showcase.pk)
    if showcase.status != Showcase.REQUESTED:
        raise ValidationError({NON_FIELD_ERRORS: [_("This request has already been decided or withdrawn.")]})
    return showcase


@transaction.atomic
def showcase_request(
    *, user, working_group: WorkingGroup | int | None, title: str, summary: str, preferred_period: str = ""
) -> ShowcaseRequest:
    """A Member State's focal point asks to present the State's efforts at a meeting of an active group.

    A State has at most one request waiting for a decision per group.
    """
    viewer = viewer_for(user)
    may_ask_showcase(user).check()
    group_id = key_of(working_group)
    group = WorkingGroup.objects.filter(pk=group_id).first() if group_id else None
    if group is None:
        raise ValidationError({"working_group": [_("This working group does not exist.")]})
    if not group.is_active:
        raise ValidationError({"working_group": [_("This working group is not active and takes no requests.")]})
    already = ValidationError(
        {"working_group": [_("Your State already has a request to this working group waiting for a decision.")]}
    )
    waiting = ShowcaseRequest.objects.filter(
        member_state_id=viewer.organization_id, working_group=group, status=Showcase.REQUESTED
    )
    if waiting.exists():
        raise already
    showcase = ShowcaseRequest(
        member_state_id=viewer.organization_id,
        working_group=group,
        title=title.strip(),
        summary=summary.strip(),
        preferred_period=preferred_period.strip(),
        requested_by=user,
    )
    showcase.full_clean()
    try:
        # Two requests sent at once: the database keeps one open request per State and group.
        with transaction.atomic():
            showcase.save()
    except IntegrityError as error:
        raise already from error
    return showcase


@transaction.atomic
def showcase_schedule(
    *,
    user,
    showcase: ShowcaseRequest,
    meeting: Meeting | int | None,
    title: str = "",
    duration_minutes: int | None = None,
) -> ShowcaseRequest:
    """A leader of the group (or the Secretariat) schedules the showcase in one of the group's meetings
    that has not started yet: an agenda item at the end of that meeting's agenda, the State presenting."""
    may_decide_showcases(user, showcase.working_group).check()
    showcase = _open_request(showcase)
    meeting_id = key_of(meeting)
    found = Meeting.objects.select_for_update().filter(pk=meeting_id).first() if meeting_id else None
    if found is None or found.working_group_id != showcase.working_group_id:
        raise ValidationError({"meeting": [_("Choose a meeting of this working group.")]})
    if found.starts_at <= timezone.now():
        raise ValidationError({"meeting": [_("This meeting has already started; choose one still to come.")]})
    last = AgendaItem.objects.filter(meeting=found).order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=found,
        position=(last or 0) + 1,
        title=title.strip()
        or _("Showcase by %(state)s: %(title)s") % {"state": showcase.member_state.name, "title": showcase.title},
        presenter=showcase.member_state,
        duration_minutes=duration_minutes,
    )
    write_record(item)
    fields = {"status": Showcase.SCHEDULED, "agenda_item": item, "decided_by": user, "decided_at": timezone.now()}
    return write_record(showcase, fields)


@transaction.atomic
def showcase_decline(*, user, showcase: ShowcaseRequest, note: str) -> ShowcaseRequest:
    """A leader of the group (or the Secretariat) declines the showcase, saying why."""
    may_decide_showcases(user, showcase.working_group).check()
    showcase = _open_request(showcase)
    if not note.strip():
        raise ValidationError({"decision_note": [_("Say why the request is declined; the State reads it.")]})
    fields = {"status": Showcase.DECLINED, "decision_note": note.strip(), "decided_by": user}
    return write_record(showcase, {**fields, "decided_at": timezone.now()})


@transaction.atomic
def showcase_withdraw(*, user, showcase: ShowcaseRequest) -> ShowcaseRequest:
    """The State withdraws its request while it waits for a decision."""
    may_withdraw_showcase(user, showcase).check()
    showcase = _open_request(showcase)
    return write_record(showcase, {"status": Showcase.WITHDRAWN})

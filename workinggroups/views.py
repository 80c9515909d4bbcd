"""Pages of the working groups: the list of groups, a meeting's page, and the writes in a group's space.

The group's own page is in sections (workinggroups/sections.py): its overview, meetings, workplan,
discussion, documents and events. A space is read by whoever `may_read_space` allows and written by whoever
`policies.may_write_in_space` allows; every list starts from `visible_to(request.user)`. An object in a
space the viewer may not read is a 404; a write by someone who reads the space but may not write in it is
a 403. After a write the person lands on the section holding the item, at the item, with the notice
beside it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platform_app.core.audit import note_shown
from platform_app.core.forms import apply_service_errors
from platform_app.core.portal import platform_page, visible_or_404
from platform_app.library.models import Document
from platform_app.structure.models import Role, WorkingGroup, WorkingGroupMembership
from workinggroups.keys import key_of
from workinggroups.links import activity_url, post_url, section_url
from workinggroups.models import AgendaItem, Meeting, Post, WorkplanActivity
from workinggroups.policies import may_edit_post, may_write_in_space

from . import services
from .forms import (
    ActivityForm,
    MeetingForm,
    PostEditForm,
    PostForm,
    ReplyForm,
)
from .sections import (
    NOTICE,
    POSTED,
    by_role,
    group_or_404,
    link_organizations,
    readable_group_or_404,
    thread_fragment,
    writable_group,
)

# The names the showcase pages (workinggroups/showcases.py) import from here.
_group_or_404 = group_or_404


def _detail_url(group: WorkingGroup) -> str:
    return section_url(group.short_name, "overview")


# Pages ---------------------------------------------------------------------------------------------


@platform_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    leaders = WorkingGroupMembership.objects.filter(role__in=[Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR])
    groups = list(
        services.annotate_my_place(WorkingGroup.objects.visible_to(request.user), request.user)
        .prefetch_related("pillars", Prefetch("memberships", leaders.select_related("organization"), to_attr="leaders"))
        .order_by("number")
    )
    link_organizations(membership.organization for group in groups for membership in group.leaders)
    for group in groups:
        group.roles = by_role(group.leaders)
        group.my_role_label = Role(group.my_role).label if group.my_role in Role.values else ""
        group.is_mine = bool(group.my_role or group.is_guest)
    mine = [group for group in groups if group.is_mine]
    return render(
        request,
        "workinggroups/index.html",
        {"my_groups": mine, "other_groups": [group for group in groups if not group.is_mine]},
    )


@platform_page
@require_GET
def meeting(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = readable_group_or_404(request, short_name)
    documents = (
        Document.objects.visible_to(request.user).select_related("organization").order_by("-published_on", "-id")
    )
    meeting = visible_or_404(
        Meeting.objects.prefetch_related(Prefetch("documents", documents, to_attr="visible_documents")),
        request.user,
        working_group=group,
        pk=pk,
    )
    note_shown(request, meeting.visible_documents)
    agenda_items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("presenter")
        .order_by("position", "id")
    )
    return render(
        request,
        "workinggroups/meeting.html",
        {
            "group": group,
            "meeting": meeting,
            "agenda_items": agenda_items,
            "may_write": may_write_in_space(request.user, group),
        },
    )


# Writes --------------------------------------------------------------------------------------------


def _item_to_edit(request: HttpRequest, short_name: str, model, pk: int) -> tuple[WorkingGroup, object]:
    """The group and its item `pk` (a workplan activity, a meeting) to edit: a 404 for those who may not read
    it, a 403 for readers who may not write in the space."""
    group = readable_group_or_404(request, short_name)
    item = visible_or_404(model.objects.all(), request.user, working_group=group, pk=pk)
    may_write_in_space(request.user, group).check()
    return group, item


def _form_page(request: HttpRequest, group: WorkingGroup, form, *, heading: str, submit: str, cancel: str, **extra):
    context = {"group": group, "form": form, "heading": heading, "submit": submit, "cancel_url": cancel, **extra}
    return render(request, "workinggroups/form.html", context)


@platform_page
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, short_name: str) -> HttpResponse:
    """A new thread, or a reply to a thread (then `parent` names the thread). htmx swaps the thread in place."""
    group = writable_group(request, short_name)
    data = request.POST if request.method == "POST" else None
    # The thread a reply answers; None for a new thread or malformed input.
    parent_id = key_of((request.POST if data is not None else request.GET).get("parent"))
    visible_posts = Post.objects.visible_to(request.user)
    # The thread being answered, if the viewer may see it; the service checks it belongs to this group.
    parent = visible_posts.filter(pk=parent_id).first() if parent_id else None
    if (
        parent_id
        and data is None
        and (parent is None or parent.working_group_id != group.pk or parent.parent_id is not None)
    ):
        raise Http404
    form = ReplyForm(data, thread_id=parent_id) if parent_id else PostForm(data)
    if data is not None and form.is_valid():
        try:
            if parent_id and parent is None:
                raise ValidationError({"parent": [_("This thread does not exist.")]})
            post = services.post_create(
                user=request.user,
                working_group=group,
                title=form.cleaned_data.get("title", ""),
                body=form.cleaned_data["body"],
                language=form.cleaned_data.get("language", ""),
                parent=parent,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.headers.get("HX-Request") and parent is not None:
                return thread_fragment(request, group, parent.pk, posted=post.pk)
            messages.success(request, POSTED, extra_tags=NOTICE)
            return redirect(post_url(group.short_name, post.pk))
    thread_in_group = parent is not None and parent.working_group_id == group.pk and parent.parent_id is None
    if data is not None and request.headers.get("HX-Request") and thread_in_group:
        return thread_fragment(request, group, parent.pk, reply_form=form)
    heading = _("Reply to “%(title)s”") % {"title": parent.title} if thread_in_group else _("Start a thread")
    return _form_page(
        request,
        group,
        form,
        heading=heading,
        submit=_("Post"),
        cancel=post_url(group.short_name, parent.pk)
        if thread_in_group
        else section_url(group.short_name, "discussion"),
        thread=parent if thread_in_group else None,
    )


@platform_page
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = readable_group_or_404(request, short_name)
    post = visible_or_404(Post.objects.select_related("working_group"), request.user, working_group=group, pk=pk)
    may_edit_post(request.user, post).check()
    is_thread = post.parent_id is None
    data = request.POST if request.method == "POST" else None
    initial = {"title": post.title, "body": post.body, "language": post.language}
    form = PostEditForm(data, is_thread=is_thread, initial=initial)
    if data is not None and form.is_valid():
        try:
            services.post_edit(
                user=request.user,
                post=post,
                title=form.cleaned_data.get("title"),
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your message was updated."), extra_tags=NOTICE)
            return redirect(post_url(group.short_name, post.pk))
    return _form_page(
        request,
        group,
        form,
        heading=_("Edit your message"),
        submit=_("Save"),
        cancel=post_url(group.short_name, post.pk),
    )


def _activity_form(request: HttpRequest, group: WorkingGroup, activity: WorkplanActivity | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = ActivityForm.initial_from(activity) if activity else {"position": _next_position(group)}
    form = ActivityForm(data, initial=initial, lead_organizations=services.lead_organization_choices(group))
    if data is not None and form.is_valid():
        try:
            saved = services.activity_save(
                user=request.user, working_group=group, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The workplan was updated."), extra_tags=NOTICE)
            return redirect(activity_url(group.short_name, saved.pk))
    return _form_page(
        request,
        group,
        form,
        heading=_("Edit a workplan activity") if activity else _("Add a workplan activity"),
        submit=_("Save"),
        cancel=activity_url(group.short_name, activity.pk) if activity else section_url(group.short_name, "workplan"),
    )


def _next_position(group: WorkingGroup) -> int:
    last = WorkplanActivity.objects.filter(working_group=group).order_by("-position").values_list("position", flat=True)
    return (last.first() or 0) + 1


@platform_page
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, short_name: str) -> HttpResponse:
    return _activity_form(request, writable_group(request, short_name), None)


@platform_page
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    return _activity_form(request, *_item_to_edit(request, short_name, WorkplanActivity, pk))


def _meeting_form(request: HttpRequest, group: WorkingGroup, meeting: Meeting | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    documents = services.attachable_documents(request.user, group, meeting)
    initial = {}
    if meeting is not None:
        initial = MeetingForm.initial_from(meeting)
        initial["documents"] = list(documents.filter(meetings=meeting).values_list("pk", flat=True))
    form = MeetingForm(data, initial=initial, documents=documents)
    if data is not None and form.is_valid():
        try:
            saved = services.meeting_save(user=request.user, working_group=group, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("workinggroups:meeting", short_name=group.short_name, pk=saved.pk)
    cancel = (
        reverse("workinggroups:meeting", args=[group.short_name, meeting.pk])
        if meeting
        else section_url(group.short_name, "meetings")
    )
    return _form_page(
        request,
        group,
        form,
        heading=_("Edit the meeting") if meeting else _("Schedule a meeting"),
        submit=_("Save"),
        cancel=cancel,
    )


@platform_page
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, short_name: str) -> HttpResponse:
    return _meeting_form(request, writable_group(request, short_name), None)


@platform_page
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    return _meeting_form(request, *_item_to_edit(request, short_name, Meeting, pk))


# Showcases -----------------------------------------------------------------------------------------

"""Pages of the working groups: the public facts of each group and, for those who may read it, its space.

The group itself (number, names, objective, pillars, members and their roles) is reference information
for every platform user. Its space (meetings, workplan, discussion) is read by whoever
`readable_group_spaces` allows and written by whoever `policies.may_write_in_space` allows; every list starts
from `visible_to(request.user)`. An object in a space the viewer may not read is a 404; a write by
someone who reads the space but may not write in it is a 403.

Showcases: a Member State's focal point asks to present its State's efforts to a group; the group's
leaders (chair, co-chairs, vice-chairs) and the Secretariat read the group's requests and decide on them;
the State reads and withdraws its own. A request the viewer may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platform_app.calendar.models import Event
from platform_app.core.audit import note_shown
from platform_app.core.forms import apply_service_errors
from platform_app.core.portal import MAX_PAGE, platform_page, visible_or_404
from platform_app.library.models import Document
from platform_app.structure.models import Role, WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
from workinggroups.models import AgendaItem, Meeting, Post, WorkplanActivity
from workinggroups.policies import may_ask_showcase, may_decide_showcases, may_read_space, may_write_in_space

from . import services
from .forms import (
    ActivityForm,
    MeetingForm,
    PostEditForm,
    PostForm,
    ReplyForm,
)

ROLE_ORDER = {role: position for position, role in enumerate(Role.values)}
MEETINGS_PER_PAGE = 10
THREADS_PER_PAGE = 10
ACTIVITIES_PER_PAGE = 25
UPCOMING_EVENTS = 10
RECENT_DOCUMENTS = 10


# Lookups -------------------------------------------------------------------------------------------


def _group_or_404(request: HttpRequest, short_name: str) -> WorkingGroup:
    """The group by its short name in any case ("cjlr-cft" is CJLR-CFT); an exact match wins."""
    candidates = list(
        WorkingGroup.objects.visible_to(request.user)
        .filter(short_name__iexact=short_name)
        .prefetch_related("pillars")
        .order_by("number")[:5]
    )
    if not candidates:
        raise Http404
    return next((group for group in candidates if group.short_name == short_name), candidates[0])


def _readable_group_or_404(request: HttpRequest, short_name: str) -> WorkingGroup:
    group = _group_or_404(request, short_name)
    if not may_read_space(request.user, group):
        raise Http404
    return group


def _writable_group(request: HttpRequest, short_name: str) -> WorkingGroup:
    """404 for those who may not read the space (it is not theirs to know about), 403 for readers."""
    group = _readable_group_or_404(request, short_name)
    may_write_in_space(request.user, group).check()
    return group


def _by_role(memberships) -> dict[str, list]:
    """Memberships grouped by role ("chair", "co_chair"…), each list in organization name order."""
    grouped: dict[str, list] = {role: [] for role in Role.values}
    for membership in sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.organization.name)):
        grouped.setdefault(membership.role, []).append(membership)
    return grouped


def _section_page(request: HttpRequest, queryset, param: str, per_page: int, anchor: str) -> Page:
    """One page of a section of the detail page, with its own query parameter so sections page apart."""
    raw = request.GET.get(param, "1")
    try:
        number = min(max(int(raw), 1), MAX_PAGE)
    except ValueError:
        number = 1
    page = Paginator(queryset, per_page).get_page(number)

    def url(n: int) -> str:
        query = request.GET.copy()
        query[param] = str(n)
        return f"?{query.urlencode()}#{anchor}"

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


def _visible_documents(request: HttpRequest):
    return (
        Document.objects.visible_to(request.user).only("id", "title", "published_on").order_by("-published_on", "-id")
    )


def _threads(request: HttpRequest, group: WorkingGroup):
    """Threads of the group with their replies (oldest first), both filtered by visibility."""
    posts = Post.objects.visible_to(request.user).select_related("author__focal_point__organization")
    replies = posts.order_by("created_at", "id")
    return (
        posts.filter(working_group=group, parent__isnull=True)
        .prefetch_related(Prefetch("replies", replies, to_attr="thread_replies"))
        .order_by("-created_at", "-id")
    )


def _with_reply_forms(threads, may_write: bool):
    for thread in threads:
        thread.reply_form = ReplyForm(thread_id=thread.pk) if may_write else None
    return threads


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
    for group in groups:
        group.roles = _by_role(group.leaders)
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
def detail(request: HttpRequest, short_name: str) -> HttpResponse:
    group = _group_or_404(request, short_name)
    user = request.user
    memberships = WorkingGroupMembership.objects.visible_to(user).filter(working_group=group)
    context = {
        "group": group,
        "roles": _by_role(memberships.select_related("organization")),
        "may_read": may_read_space(user, group),
        "may_write": False,
        "may_ask_showcase": group.is_active and may_ask_showcase(user),
        "leads": may_decide_showcases(user, group),
    }
    if context["may_read"]:
        may_write = may_write_in_space(user, group)
        guests = (
            WorkingGroupGuest.objects.current()
            .filter(working_group=group)
            .select_related("organization")
            .order_by("organization__name")
        )
        meetings = (
            Meeting.objects.visible_to(user)
            .filter(working_group=group)
            .prefetch_related(Prefetch("documents", _visible_documents(request), to_attr="visible_documents"))
            .order_by("-starts_at", "-id")
        )
        activities = (
            WorkplanActivity.objects.visible_to(user)
            .filter(working_group=group)
            .select_related("lead_organization")
            .order_by("position", "id")
        )
        threads = _section_page(request, _threads(request, group), "posts_page", THREADS_PER_PAGE, "discussion")
        _with_reply_forms(threads, may_write)
        events = Event.objects.visible_to(user).filter(working_group=group).next_ones(timezone.now(), UPCOMING_EVENTS)
        documents = (
            Document.objects.visible_to(user)
            .filter(working_group=group)
            .select_related("organization")
            .order_by("-published_on", "-id")[:RECENT_DOCUMENTS]
        )
        note_shown(request, documents)
        context.update(
            may_write=may_write,
            guests=guests,
            meetings=_section_page(request, meetings, "meetings_page", MEETINGS_PER_PAGE, "meetings"),
            activities=_section_page(request, activities, "workplan_page", ACTIVITIES_PER_PAGE, "workplan"),
            threads=threads,
            events=events,
            documents=documents,
        )
    return render(request, "workinggroups/detail.html", context)


@platform_page
@require_GET
def meeting(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = _readable_group_or_404(request, short_name)
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


def _form_page(request: HttpRequest, group: WorkingGroup, form, *, heading: str, submit: str, cancel: str, **extra):
    context = {"group": group, "form": form, "heading": heading, "submit": submit, "cancel_url": cancel, **extra}
    return render(request, "workinggroups/form.html", context)


def _detail_url(group: WorkingGroup, anchor: str = "") -> str:
    url = reverse("workinggroups:detail", args=[group.short_name])
    return f"{url}#{anchor}" if anchor else url


def _parent_id(data) -> int | None:
    """The thread a reply answers, from the submitted data; None for a new thread or malformed input."""
    try:
        value = int(data.get("parent") or 0)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= 2**53 else None


@platform_page
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, short_name: str) -> HttpResponse:
    """A new thread, or a reply to a thread (then `parent` names the thread). htmx swaps the thread in place."""
    group = _writable_group(request, short_name)
    data = request.POST if request.method == "POST" else None
    parent_id = _parent_id(request.POST if data is not None else request.GET)
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
                parent=parent,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            thread_id = post.parent_id or post.pk
            if request.headers.get("HX-Request") and parent is not None:
                return _thread_fragment(request, group, thread_id)
            messages.success(request, _("Your message was posted."))
            return redirect(_detail_url(group, f"post-{thread_id}"))
    thread_in_group = parent is not None and parent.working_group_id == group.pk and parent.parent_id is None
    if data is not None and request.headers.get("HX-Request") and thread_in_group:
        return _thread_fragment(request, group, parent.pk, reply_form=form)
    heading = _("Reply to “%(title)s”") % {"title": parent.title} if thread_in_group else _("Start a thread")
    return _form_page(
        request,
        group,
        form,
        heading=heading,
        submit=_("Post"),
        cancel=_detail_url(group, f"post-{parent.pk}" if thread_in_group else "discussion"),
        thread=parent if thread_in_group else None,
    )


def _thread_fragment(request: HttpRequest, group: WorkingGroup, thread_id: int, reply_form=None) -> HttpResponse:
    thread = _threads(request, group).get(pk=thread_id)
    thread.reply_form = reply_form or ReplyForm(thread_id=thread.pk)
    return render(request, "workinggroups/_thread.html", {"group": group, "thread": thread, "may_write": True})


@platform_page
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = _readable_group_or_404(request, short_name)
    post = visible_or_404(Post.objects.all(), request.user, working_group=group, pk=pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author may edit a post."))
    may_write_in_space(request.user, group).check()
    is_thread = post.parent_id is None
    data = request.POST if request.method == "POST" else None
    form = PostEditForm(data, is_thread=is_thread, initial={"title": post.title, "body": post.body})
    if data is not None and form.is_valid():
        try:
            services.post_edit(
                user=request.user, post=post, title=form.cleaned_data.get("title"), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your message was updated."))
            return redirect(_detail_url(group, f"post-{post.parent_id or post.pk}"))
    return _form_page(
        request,
        group,
        form,
        heading=_("Edit your message"),
        submit=_("Save"),
        cancel=_detail_url(group, f"post-{post.parent_id or post.pk}"),
    )


def _activity_form(request: HttpRequest, group: WorkingGroup, activity: WorkplanActivity | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = ActivityForm.initial_from(activity) if activity else {"position": _next_position(group)}
    form = ActivityForm(data, initial=initial, lead_organizations=services.lead_organization_choices(group))
    if data is not None and form.is_valid():
        try:
            services.activity_save(user=request.user, working_group=group, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The workplan was updated."))
            return redirect(_detail_url(group, "workplan"))
    return _form_page(
        request,
        group,
        form,
        heading=_("Edit a workplan activity") if activity else _("Add a workplan activity"),
        submit=_("Save"),
        cancel=_detail_url(group, "workplan"),
    )


def _next_position(group: WorkingGroup) -> int:
    last = WorkplanActivity.objects.filter(working_group=group).order_by("-position").values_list("position", flat=True)
    return (last.first() or 0) + 1


@platform_page
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, short_name: str) -> HttpResponse:
    return _activity_form(request, _writable_group(request, short_name), None)


@platform_page
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = _readable_group_or_404(request, short_name)
    activity = visible_or_404(WorkplanActivity.objects.all(), request.user, working_group=group, pk=pk)
    may_write_in_space(request.user, group).check()
    return _activity_form(request, group, activity)


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
        else _detail_url(group, "meetings")
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
    return _meeting_form(request, _writable_group(request, short_name), None)


@platform_page
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    group = _readable_group_or_404(request, short_name)
    meeting = visible_or_404(Meeting.objects.all(), request.user, working_group=group, pk=pk)
    may_write_in_space(request.user, group).check()
    return _meeting_form(request, group, meeting)


# Showcases -----------------------------------------------------------------------------------------

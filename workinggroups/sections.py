"""A working group's page, in sections that each have their own address and pager.

The overview (`/working-groups/<short_name>/`) holds the group's public facts (objective, pillars,
leadership, members and observers) for every platform user and, for those who read the group's space,
its invited organizations and a few of the latest items of every other section, each linking to it:
meetings (those to come, then those held), the workplan, the discussion, the group's documents and its
events on the joint calendar. Those sections are pages of the space: read by whoever `may_read_space`
allows, a 404 for anyone else, as every other page of a space is. Every list starts from
`visible_to(request.user)`; the group's pillars, members and guests, the same for everyone who sees them,
are read through workinggroups.selectors, which keeps them in the cache.

Each page asks one query for each list it shows, whatever the number of rows, and writes its rows at a cost
that hardly grows with them: their addresses reversed once for a list (`core.addresses.by_pk`), what template filters
wrote row by row written once in Python, exactly as the templates wrote it.

The single page the sections replace paged three lists with `meetings_page`, `workplan_page` and
`posts_page`; the overview sends such an address on to the section that now holds the list.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.db.models import BooleanField, Case, DateTimeField, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from platform_app.calendar.models import Event
from platform_app.core.addresses import by_pk
from platform_app.core.audit import note_shown
from platform_app.core.l10n import date_text
from platform_app.core.paging import CappedPaginator
from platform_app.core.portal import MAX_PAGE, platform_page
from platform_app.library.models import Document
from platform_app.structure.models import Role, WorkingGroup
from workinggroups.forms import PostForm, ReplyForm
from workinggroups.keys import key_of
from workinggroups.links import section_url
from workinggroups.models import Meeting, Post, WorkplanActivity
from workinggroups.policies import may_ask_showcase, may_decide_showcases, may_read_space, may_write_in_space
from workinggroups.selectors import group_facts, named

SECTIONS = (
    ("overview", _("Overview")),
    ("meetings", _("Meetings")),
    ("workplan", _("Workplan")),
    ("discussion", _("Discussion")),
    ("documents", _("Documents")),
    ("events", _("Events")),
)
# The query parameters of the single page, and the section each list went to.
OLD_PAGE_PARAMETERS = {"meetings_page": "meetings", "workplan_page": "workplan", "posts_page": "discussion"}
MEETINGS_PER_PAGE = 10
THREADS_PER_PAGE = 10
ACTIVITIES_PER_PAGE = 20
DOCUMENTS_PER_PAGE = 25
EVENTS_PER_PAGE = 20
# How much of each section the overview shows.
LATEST = 3
# The extra tag of a message about one item (a post, an activity): its section shows it beside the item,
# where the person lands, rather than at the top of the page.
NOTICE = "wg-notice"
POSTED = _("Your message was posted.")
ROLE_ORDER = {role: position for position, role in enumerate(Role.values)}


# Lookups -------------------------------------------------------------------------------------------


def group_or_404(request: HttpRequest, short_name: str) -> WorkingGroup:
    """The group by its short name in any case ("cjlr-cft" is CJLR-CFT); an exact match wins."""
    candidates = list(
        WorkingGroup.objects.visible_to(request.user).filter(short_name__iexact=short_name).order_by("number")[:5]
    )
    if not candidates:
        raise Http404
    return next((group for group in candidates if group.short_name == short_name), candidates[0])


def readable_group_or_404(request: HttpRequest, short_name: str) -> WorkingGroup:
    group = group_or_404(request, short_name)
    if not may_read_space(request.user, group):
        raise Http404
    return group


def writable_group(request: HttpRequest, short_name: str) -> WorkingGroup:
    """404 for those who may not read the space (it is not theirs to know about), 403 for readers."""
    group = readable_group_or_404(request, short_name)
    may_write_in_space(request.user, group).check()
    return group


def by_role(memberships) -> dict[str, list]:
    """Memberships grouped by role ("chair", "co_chair"…), each list in organization name order."""
    grouped: dict[str, list] = {role: [] for role in Role.values}
    for membership in sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.organization.name)):
        grouped.setdefault(membership.role, []).append(membership)
    return grouped


def _number(raw) -> int | None:
    """A page number from the query, within 1..MAX_PAGE; None for anything else."""
    try:
        return min(max(int(raw), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return None


# What the lists of the overview and the documents section show of each row (and, for documents, the
# audience the audit log reads: platform_app.core.audit.note_shown).
DOCUMENT_COLUMNS = ("title", "published_on", "visibility", *named("organization"))
EVENT_COLUMNS = ("title", "starts_at", "ends_at", "all_day", "time_zone")
POST_COLUMNS = (
    "title",
    "created_at",
    "edited_at",
    "author__username",
    "author__first_name",
    "author__last_name",
    "author__focal_point__id",
    *named("author__focal_point__organization"),
)


# A key no row holds, standing for the row's own in an address reversed once for a whole list.
def link_organizations(organizations, names: dict[int, str] | None = None) -> None:
    """Gives each organization `link`: its name linking to its directory page, as _org.html writes it. Made
    once for each organization however many lists of the page name it (a chair is in the leadership and
    among the members). `names`: their display names in the active language, when written already
    (selectors.GroupFacts)."""
    url = by_pk("directory:organization")
    for organization in organizations:
        name = names[organization.pk] if names is not None else organization.display_name
        organization.link = format_html('<a href="{}"><bdi>{}</bdi></a>', url(organization.pk), name)


def _prepare_documents(documents) -> None:
    """What a list shows of each document, written once here rather than by template filters row by row: its
    address, its organization's name, and the day it was published (machine-readable and as the reader's
    language writes it, as `|date:"Y-m-d"` and `|local_date` would)."""
    document_url = by_pk("library:document")
    for document in documents:
        document.url = document_url(document.pk)
        document.organization_name = str(document.organization)
        document.published_iso = document.published_on.isoformat()
        document.published_text = date_text(document.published_on)


def document_rows(documents) -> SafeString:
    """The rows of the documents section's table, prepared by `_prepare_documents`, written here as its
    template wrote them one node at a time (tests/test_workinggroups_performance.py compares them): every
    value escaped as `{{ }}` does, so that only what is built of escaped pieces is marked safe."""
    organization, published = conditional_escape(_("Organization")), conditional_escape(_("Published"))
    rows = "".join(
        f'\n        <tr id="document-{document.pk}">'
        f'\n          <td class="stack-title"><a href="{conditional_escape(document.url)}">'
        f"<bdi>{conditional_escape(document.title)}</bdi></a></td>"
        f'\n          <td data-label="{organization}"><bdi>{conditional_escape(document.organization_name)}</bdi></td>'
        f'\n          <td data-label="{published}"><time datetime="{document.published_iso}">'
        f"{conditional_escape(document.published_text)}</time></td>"
        "\n        </tr>\n        "
        for document in documents
    )
    return mark_safe(rows)  # noqa: S308 - every value is escaped


def _page_of(request: HttpRequest, queryset, per_page: int, number: int | None = None) -> Page:
    """One page from `?page=` (or `number`): a malformed number is the first page, past the end the last.
    Confidential records on it are noted for the audit log."""
    page = CappedPaginator(queryset, per_page).get_page(number or _number(request.GET.get("page")) or 1)
    note_shown(request, page)
    return page


def _upcoming_first(queryset: QuerySet, now) -> QuerySet:
    """Meetings or events not over yet, soonest first, then those over, latest first; `is_past` tells them
    apart, so that one pager runs through both."""
    return queryset.annotate(
        is_past=Case(When(ends_at__lt=now, then=Value(True)), default=Value(False), output_field=BooleanField()),
        upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at")), output_field=DateTimeField()),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-id")


def _by_time(items) -> dict[str, list]:
    """Meetings or events ordered by `_upcoming_first`, split as the templates show them: those not over yet
    (`upcoming`), then those over (`past`)."""
    return {"upcoming": [item for item in items if not item.is_past], "past": [item for item in items if item.is_past]}


def _visible_documents(request: HttpRequest) -> QuerySet:
    return (
        Document.objects.visible_to(request.user)
        .only("id", "title", "published_on", "visibility")
        .order_by("-published_on", "-id")
    )


def _meetings(request: HttpRequest, group: WorkingGroup) -> QuerySet:
    meetings = Meeting.objects.visible_to(request.user).filter(working_group=group)
    return _upcoming_first(meetings, timezone.now())


# What a line of the group's events shows (workinggroups/_event_item.html).
EVENT_COLUMNS = ("title", "starts_at", "ends_at", "all_day", "time_zone", "location")


def _events(request: HttpRequest, group: WorkingGroup) -> QuerySet:
    events = Event.objects.visible_to(request.user).filter(working_group=group).only(*EVENT_COLUMNS)
    return _upcoming_first(events, timezone.now())


def _activities(request: HttpRequest, group: WorkingGroup) -> QuerySet:
    return (
        WorkplanActivity.objects.visible_to(request.user)
        .filter(working_group=group)
        .select_related("lead_organization")
        .order_by("position", "id")
    )


def _threads(request: HttpRequest, group: WorkingGroup) -> QuerySet:
    """Threads of the group with their replies (oldest first), both filtered by visibility."""
    posts = Post.objects.visible_to(request.user).select_related("author__focal_point__organization")
    replies = posts.order_by("created_at", "id")
    return (
        posts.filter(working_group=group, parent__isnull=True)
        .prefetch_related(Prefetch("replies", replies, to_attr="thread_replies"))
        .order_by("-created_at", "-id")
    )


def _notices(request: HttpRequest, found: bool) -> tuple[str, list]:
    """The text of the messages about the item the address names (shown beside it when `found` on this
    page) and the other messages, for the top of the page. Reading them marks them all as shown."""
    stored = list(messages.get_messages(request))
    if not found:
        return "", stored
    beside = [m for m in stored if NOTICE in (m.extra_tags or "").split()]
    return " ".join(str(m) for m in beside), [m for m in stored if m not in beside]


def _context(request: HttpRequest, group: WorkingGroup, section: str, **extra) -> dict:
    """What every section's template needs: the group with its pillars (`pillar_list`), its sections (links,
    the current one marked) and whether the viewer writes in its space."""
    if not hasattr(group, "pillar_list"):
        group.pillar_list = group_facts(request.user, group).pillars
    overview_url = section_url(group.short_name, "overview")
    # Every other section's address is the overview's and the section's name (workinggroups/urls.py).
    sections = [
        {
            "key": key,
            "label": label,
            "url": overview_url if key == "overview" else f"{overview_url}{key}/",
            "current": key == section,
        }
        for key, label in SECTIONS
    ]
    title = next(str(label) for key, label in SECTIONS if key == section)
    return {"group": group, "section": section, "section_title": title, "sections": sections, **extra}


def _old_page_address(request: HttpRequest, group: WorkingGroup) -> HttpResponse | None:
    """A bookmark of the single page (`?posts_page=3`) goes on to the section holding that list."""
    for name in request.GET:
        section = OLD_PAGE_PARAMETERS.get(name)
        if section is not None:
            url = section_url(group.short_name, section)
            number = _number(request.GET.get(name))
            return redirect(f"{url}?page={number}" if number else url, permanent=True)
    return None


# Pages ---------------------------------------------------------------------------------------------


@platform_page
@require_GET
def overview(request: HttpRequest, short_name: str) -> HttpResponse:
    group = group_or_404(request, short_name)
    user = request.user
    may_read = may_read_space(user, group)
    if may_read and (moved := _old_page_address(request, group)) is not None:
        return moved
    facts = group_facts(user, group)
    group.pillar_list = facts.pillars
    names = facts.display_names()
    link_organizations((membership.organization for membership in facts.memberships), names)
    context = {
        "group": group,
        "section": "overview",
        "roles": by_role(facts.memberships),
        "may_read": may_read,
        "may_ask_showcase": group.is_active and may_ask_showcase(user),
        "leads": may_decide_showcases(user, group),
    }
    if may_read:
        link_organizations((guest.organization for guest in facts.guests), names)
        context.update(_context(request, group, "overview"), guests=facts.guests, **_latest(request, group))
    return render(request, "workinggroups/detail.html", context)


def _latest(request: HttpRequest, group: WorkingGroup) -> dict:
    """The latest few of each section of the space, for the overview, each row with the address it links to
    (reversed once for the list)."""
    user = request.user
    meetings = list(_meetings(request, group).only("title", "starts_at", "ends_at")[:LATEST])
    meeting_url = by_pk("workinggroups:meeting", group.short_name)
    for meeting in meetings:
        meeting.url = meeting_url(meeting.pk)
    documents = list(
        Document.objects.visible_to(user)
        .filter(working_group=group)
        .select_related("organization")
        .only(*DOCUMENT_COLUMNS)
        .order_by("-published_on", "-id")[:LATEST]
    )
    note_shown(request, documents)
    _prepare_documents(documents)
    threads = list(
        Post.objects.visible_to(user)
        .filter(working_group=group, parent__isnull=True)
        .select_related("author__focal_point__organization")
        .only(*POST_COLUMNS)
        .order_by("-created_at", "-id")[:LATEST]
    )
    events = Event.objects.visible_to(user).filter(working_group=group).only(*EVENT_COLUMNS)
    events = list(events.next_ones(timezone.now(), LATEST))
    event_url = by_pk("calendar:event")
    for event in events:
        event.url = event_url(event.pk)
    # The overview names each activity and its status only: no lead organization to fetch with it.
    activities = list(
        WorkplanActivity.objects.visible_to(user)
        .filter(working_group=group)
        .only("title", "status")
        .order_by("position", "id")[:LATEST]
    )
    return {
        "upcoming_meetings": [m for m in meetings if not m.is_past],
        "past_meetings": [m for m in meetings if m.is_past],
        "activities": activities,
        "threads": threads,
        "events": events,
        "documents": documents,
    }


@platform_page
@require_GET
def meetings(request: HttpRequest, short_name: str) -> HttpResponse:
    group = readable_group_or_404(request, short_name)
    listed = _meetings(request, group).prefetch_related(
        Prefetch("documents", _visible_documents(request), to_attr="visible_documents")
    )
    page = _page_of(request, listed, MEETINGS_PER_PAGE)
    note_shown(request, [document for meeting in page for document in meeting.visible_documents])
    context = _context(
        request, group, "meetings", page=page, may_write=may_write_in_space(request.user, group), **_by_time(page)
    )
    return render(request, "workinggroups/meetings.html", context)


@platform_page
@require_GET
def workplan(request: HttpRequest, short_name: str) -> HttpResponse:
    """The workplan; `?activity=<id>` opens the page holding that activity (the address after saving it)."""
    group = readable_group_or_404(request, short_name)
    activities = _activities(request, group)
    key = key_of(request.GET.get("activity"))
    target = activities.filter(pk=key).first() if key else None
    number = None
    if target is not None and "page" not in request.GET:
        before = activities.filter(Q(position__lt=target.position) | Q(position=target.position, pk__lt=target.pk))
        number = before.count() // ACTIVITIES_PER_PAGE + 1
    page = _page_of(request, activities, ACTIVITIES_PER_PAGE, number)
    shown = next((activity for activity in page if target is not None and activity.pk == target.pk), None)
    notice, others = _notices(request, shown is not None)
    if shown is not None:
        shown.notice = notice
    context = _context(
        request, group, "workplan", page=page, messages=others, may_write=may_write_in_space(request.user, group)
    )
    return render(request, "workinggroups/workplan.html", context)


def _mark(thread: Post, post_id: int, notice: str) -> None:
    """Opens the thread's replies when `post_id` is one of them, and puts `notice` beside that post."""
    thread.open = post_id != thread.pk
    for post in [thread, *thread.thread_replies]:
        if post.pk == post_id:
            post.notice = notice


@platform_page
@require_GET
def discussion(request: HttpRequest, short_name: str) -> HttpResponse:
    """Threads, newest first, their replies folded. `?post=<id>` opens the page holding that post's thread
    with its replies unfolded: where a person lands after posting, the notice beside the new post."""
    group = readable_group_or_404(request, short_name)
    may_write = may_write_in_space(request.user, group)
    threads = _threads(request, group)
    key = key_of(request.GET.get("post"))
    target = (
        Post.objects.visible_to(request.user).filter(working_group=group, pk=key).select_related("parent").first()
        if key
        else None
    )
    number = None
    if target is not None and "page" not in request.GET:
        thread = target.parent or target
        newer = threads.filter(Q(created_at__gt=thread.created_at) | Q(created_at=thread.created_at, pk__gt=thread.pk))
        number = newer.count() // THREADS_PER_PAGE + 1
    page = _page_of(request, threads, THREADS_PER_PAGE, number)
    thread_id = (target.parent_id or target.pk) if target is not None else None
    shown = next((thread for thread in page if thread.pk == thread_id), None)
    found = shown is not None and target.pk in {shown.pk, *(reply.pk for reply in shown.thread_replies)}
    notice, others = _notices(request, found)
    for thread in page:
        thread.reply_form = ReplyForm(thread_id=thread.pk) if may_write else None
    if found:
        _mark(shown, target.pk, notice)
    context = _context(
        request,
        group,
        "discussion",
        page=page,
        messages=others,
        may_write=may_write,
        thread_form=PostForm() if may_write else None,
    )
    return render(request, "workinggroups/discussion.html", context)


def thread_fragment(
    request: HttpRequest, group: WorkingGroup, thread_id: int, *, reply_form=None, posted: int | None = None
) -> HttpResponse:
    """One thread, its replies unfolded, for htmx to swap in place after a reply (with the notice beside the
    new reply) or a refused one (with the form and its errors)."""
    thread = _threads(request, group).get(pk=thread_id)
    thread.reply_form = reply_form or ReplyForm(thread_id=thread.pk)
    thread.open = True
    if posted is not None:
        _mark(thread, posted, str(POSTED))
    return render(request, "workinggroups/_thread.html", {"group": group, "thread": thread, "may_write": True})


@platform_page
@require_GET
def documents(request: HttpRequest, short_name: str) -> HttpResponse:
    """The documents filed under the group, whatever their audience, that the viewer may read, newest
    first; the library searches and filters them."""
    group = readable_group_or_404(request, short_name)
    listed = (
        Document.objects.visible_to(request.user)
        .filter(working_group=group)
        .select_related("organization")
        .only(*DOCUMENT_COLUMNS)
        .order_by("-published_on", "-id")
    )
    page = _page_of(request, listed, DOCUMENTS_PER_PAGE)
    _prepare_documents(page)
    context = _context(request, group, "documents", page=page, rows=document_rows(page))
    return render(request, "workinggroups/documents.html", context)


@platform_page
@require_GET
def events(request: HttpRequest, short_name: str) -> HttpResponse:
    """The group's entries in the joint calendar (workshops, consultations…), to come then past."""
    group = readable_group_or_404(request, short_name)
    page = _page_of(request, _events(request, group), EVENTS_PER_PAGE)
    context = _context(request, group, "events", page=page, **_by_time(page))
    return render(request, "workinggroups/events.html", context)

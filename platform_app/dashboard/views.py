"""The home page: the reader's own work first (their queue, groups, what is coming, what is new), then the
Compact in numbers from the latest snapshot."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from platform_app.calendar.entries import CalendarEntry, EntryFilters, entries_for, from_event
from platform_app.calendar.models import Event
from platform_app.core import caching
from platform_app.core.audit import note_shown
from platform_app.core.charts import bar_chart, line_chart
from platform_app.core.viewer import viewer_for
from platform_app.dashboard.queue import COMING, news, queue, reader_for
from platform_app.library.models import Document
from platform_app.metrics.aggregation import FIGURE_LISTS, latest_snapshots
from platform_app.metrics.dates import MONTH, snapshot_text
from platform_app.metrics.labels import labelled
from platform_app.metrics.models import FIGURES, MetricSnapshot
from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership


def _numbers(snapshots: list[MetricSnapshot], *, links: bool, rtl: bool = False) -> list[dict]:
    """Each figure of the latest snapshot with its trend over the history (oldest first), and the
    address of the list it counts (which shows each reader what they may see). A point of the trend is
    named by its snapshot's month, the same for every reader (metrics.dates)."""
    latest = snapshots[-1]
    months = [snapshot_text(s.as_of, MONTH) for s in snapshots]
    rows = []
    for key, label in FIGURES:
        value = getattr(latest, key)
        if value is None:
            continue
        series = [(month, getattr(s, key)) for month, s in zip(months, snapshots, strict=True)]
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "link": _list_link(key) if links else None,
                "chart": line_chart(series, rtl=rtl),
                "series": [p for p in series if p[1] is not None],
            }
        )
    return rows


def _list_link(key: str) -> str | None:
    if key not in FIGURE_LISTS:
        return None
    name, query = FIGURE_LISTS[key]
    return reverse(name) + (f"?{query}" if query else "")


def _snapshots() -> list[MetricSnapshot]:
    return caching.cached(caching.SNAPSHOTS, latest_snapshots)


def _numbers_context(*, links: bool, history: list[MetricSnapshot] | None = None, rtl: bool = False) -> dict:
    """The published figures and the latest computed snapshot: read, never counted on request."""
    history = _snapshots() if history is None else history
    return {
        "snapshot": history[-1] if history else None,
        "numbers": _numbers(history, links=links, rtl=rtl) if history else [],
    }


# The breakdowns of requests for tailored support the dashboard shows, with their headings.
SUPPORT_BREAKDOWNS = (
    ("support_requests_by_status", _("By status")),
    ("support_requests_by_thematic_area", _("By thematic area")),
    ("support_requests_by_region", _("By region of the requesting State")),
)


def _support_context(history: list[MetricSnapshot], *, rtl: bool = False) -> dict | None:
    """Requests for tailored support in aggregate, as the latest computed snapshot holds them; None when
    it holds none (published figures, or a snapshot written before requests were counted)."""
    computed = next((s for s in reversed(history) if s.source == MetricSnapshot.Source.COMPUTED), None)
    parts = (computed.breakdowns or {}) if computed else {}
    if not all(key in parts for key, _label in SUPPORT_BREAKDOWNS):
        return None
    sections = []
    for key, heading in SUPPORT_BREAKDOWNS:
        # Labelled in the reader's language: the snapshot keeps them in the worker's (metrics.labels).
        rows = [(row["label"], row["count"]) for row in labelled(key, parts[key])]
        sections.append(
            {
                "key": key,
                "heading": heading,
                "aria": f"{_('Requests for tailored support')}, {heading}",
                "rows": rows,
                "chart": bar_chart(rows, rtl=rtl),
            }
        )
    first_offer = (parts.get("support_first_offer_days") or [{}])[0]
    return {
        "as_of": computed.as_of,
        "total": sum(row["count"] for row in parts["support_requests_by_status"]),
        "median_days": first_offer.get("days"),
        "with_offer": first_offer.get("count", 0),
        "sections": sections,
    }


@dataclass(frozen=True)
class MyGroup:
    """A working group on the person's home page, with their organization's place in it."""

    working_group: WorkingGroup
    place: str = ""  # the role's label, or "Invited"


def _my_groups(user, viewer) -> list[MyGroup]:
    """The Secretariat's: every group. A focal point's: the groups its organization belongs to (cached with
    the memberships), then those it is invited to read."""
    if viewer.is_secretariat:
        return [MyGroup(group) for group in WorkingGroup.objects.visible_to(user).order_by("number")]
    memberships = (
        WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
        .select_related("working_group")
        .order_by("working_group__number")
    )
    cached = caching.cached(caching.organization_groups_key(viewer.organization_id), lambda: list(memberships))
    groups = [MyGroup(m.working_group, m.get_role_display()) for m in cached]
    member_of = {group.working_group.pk for group in groups}
    invitations = (
        WorkingGroupGuest.objects.current()
        .filter(organization_id=viewer.organization_id)
        .select_related("working_group")
        .order_by("working_group__number")
    )
    groups += [
        MyGroup(guest.working_group, str(_("Invited")))
        for guest in invitations
        if guest.working_group_id not in member_of
    ]
    return groups


# How many meetings and events of the coming weeks the home page lists; the calendar has the rest.
UPCOMING = 8
RECENT_DOCUMENTS = 6


def _upcoming(user, now, groups: set[str] | None) -> list[CalendarEntry]:
    """Events and meetings under way or starting in the coming weeks, soonest first, each through its own
    `visible_to`: the events of the joint calendar, and the meetings of the person's own groups (`groups`,
    short names; None for the Secretariat, who follows them all)."""
    end = now + COMING
    events = (
        Event.objects.visible_to(user)
        .filter(starts_at__lt=end)
        .select_related("working_group")
        .next_ones(now, UPCOMING)
    )
    found = [from_event(event) for event in events]
    found += [
        entry
        for entry in entries_for(user, now, end, EntryFilters())
        if groups is None or not entry.working_group or entry.working_group in groups
    ]
    found.sort(key=lambda entry: (entry.starts_at, entry.uid))
    return found[:UPCOMING]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    rtl = translation.get_language_bidi()
    if not user.is_authenticated:
        # The public landing page: what the platform is, and the Compact's figures.
        return render(request, "platform_app/landing.html", _numbers_context(links=False, rtl=rtl))
    viewer = viewer_for(user)
    if not viewer.is_platform_user:
        # Signed in but linked to no organization: say whom to ask, show nothing else.
        return render(request, "platform_app/home.html", {"unlinked": True})
    focal_point = getattr(user, "focal_point", None)  # selected with the user (auth.UsernameOrEmailBackend)
    now = timezone.now()
    my_groups = _my_groups(user, viewer)
    mine = None if viewer.is_secretariat else [group.working_group for group in my_groups]
    group_ids = None if mine is None else tuple(group.pk for group in mine)
    reader = reader_for(user, now, group_ids)
    waiting, new = queue(reader), news(reader)
    for part in (*waiting, *new):
        note_shown(request, part.rows)
    recent = (
        Document.objects.visible_to(user)
        .select_related("organization", "working_group")
        .order_by("-published_on", "-id")[:RECENT_DOCUMENTS]
    )
    note_shown(request, recent)
    history = _snapshots()
    context = {
        "focal_point": focal_point,
        # The person's own work first, then their groups and what is coming, then the figures.
        "queue": waiting,
        "my_groups": my_groups,
        "follows_every_group": viewer.is_secretariat,
        "upcoming": _upcoming(user, now, None if mine is None else {group.short_name for group in mine}),
        "coming_days": COMING.days,
        "news": new,
        "recent": recent,
        **_numbers_context(links=True, history=history, rtl=rtl),
        # Aggregates only, so every platform user reads them: no request, title or State is named.
        "support": _support_context(history, rtl=rtl),
    }
    return render(request, "platform_app/home.html", context)

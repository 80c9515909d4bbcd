"""The home page: the reader's own work first (their queue, groups, what is coming, what is new), then the
Compact in numbers from the latest snapshot."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from platform_app.calendar.entries import CalendarEntry, EntryFilters, entries_for, from_event
from platform_app.calendar.models import Event
from platform_app.core import caching
from platform_app.core.audit import note_shown
from platform_app.core.viewer import viewer_for
from platform_app.dashboard import figures, shared
from platform_app.dashboard.queue import COMING, news, queue, reader_for
from platform_app.library.models import Document
from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership


@dataclass(frozen=True)
class MyGroup:
    """A working group on the person's home page, with their organization's place in it."""

    working_group: WorkingGroup
    place: str = ""  # the role's label, or "Invited"


def _groups_key(viewer) -> str | None:
    """Where a focal point's organization's memberships are cached; None for the Secretariat's groups."""
    return None if viewer.is_secretariat else caching.organization_groups_key(viewer.organization_id)


def _my_groups(user, viewer, found: dict) -> list[MyGroup]:
    """The Secretariat's: every group. A focal point's: the groups its organization belongs to (cached with
    the memberships; `found`, what the page read of the cache), then those it is invited to read."""
    if viewer.is_secretariat:
        return [MyGroup(group) for group in WorkingGroup.objects.visible_to(user).order_by("number")]
    memberships = (
        WorkingGroupMembership.objects.filter(organization_id=viewer.organization_id)
        .select_related("working_group")
        .order_by("working_group__number")
    )
    cached = shared.found_or_kept(found, _groups_key(viewer), lambda: list(memberships))
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
    if not user.is_authenticated:
        # The public landing page: what the platform is, and the Compact's figures.
        return render(request, "platform_app/landing.html", figures.section(figures.LANDING).context())
    viewer = viewer_for(user)
    if not viewer.is_platform_user:
        # Signed in but linked to no organization: say whom to ask, show nothing else.
        return render(request, "platform_app/home.html", {"unlinked": True})
    focal_point = getattr(user, "focal_point", None)  # selected with the user (auth.UsernameOrEmailBackend)
    now = timezone.now()
    # What the readers of a language, or of an organization, share: read from the cache in one round trip.
    groups_key = _groups_key(viewer)
    found = shared.read(figures.keys(figures.HOME) + ([groups_key] if groups_key else []))
    my_groups = _my_groups(user, viewer, found)
    mine = None if viewer.is_secretariat else [group.working_group for group in my_groups]
    group_ids = None if mine is None else tuple(group.pk for group in mine)
    reader = reader_for(user, now, group_ids)
    waiting, new = queue(reader), news(reader)
    for part in (*waiting, *new):
        note_shown(request, part.rows)
    recent = (
        Document.objects.visible_to(user)
        .select_related("organization")
        .order_by("-published_on", "-id")[:RECENT_DOCUMENTS]
    )
    note_shown(request, recent)
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
        # The figures, and requests for tailored support in aggregate only, so every platform user reads them:
        # no request, title or State is named. The same for every reader of a language (dashboard.figures).
        **figures.section(figures.HOME, found).context(),
    }
    return render(request, "platform_app/home.html", context)

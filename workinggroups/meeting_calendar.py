"""The working groups' meetings on the joint calendar: the source of calendar entries that
workinggroups/plugins.py registers (platform_app.calendar.entries), and the .ics download of one meeting.

A meeting is on the calendar of whoever reads its group's space (`Meeting.objects.visible_to`: the group's
members, its invited guests while their invitation runs, the entities, the Secretariat), in the month grid,
the list and the personal feed. It has no pillar and concerns no Member State: the calendar leaves
meetings out when its pillar or Member State filter is set.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from platform_app.calendar import ical
from platform_app.calendar.entries import CalendarEntry, EntryFilters
from platform_app.calendar.views import ics_download
from platform_app.core.portal import platform_page, visible_or_404
from platform_app.core.querysets import still_going_on
from platform_app.core.search import apply_search
from workinggroups.models import Meeting

KIND = "working_group_meeting"


KIND_LABEL = _("Working-group meeting")


def meeting_url(meeting: Meeting) -> str:
    return reverse("workinggroups:meeting", args=[meeting.working_group.short_name, meeting.pk])


def meeting_entry(meeting: Meeting) -> CalendarEntry:
    """A meeting as a calendar entry (its group selected with it)."""
    return CalendarEntry(
        uid=f"meeting-{meeting.pk}",
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        url=meeting_url(meeting),
        kind=KIND,
        kind_label=KIND_LABEL,
        location=meeting.location,
        online_url=meeting.online_url,
        working_group=meeting.working_group.short_name,
        updated_at=meeting.updated_at,
        created_at=meeting.created_at,
    )


def meeting_entries(user, start: datetime | None, end: datetime | None, filters: EntryFilters) -> list[CalendarEntry]:
    """The meetings `user` may see overlapping [start, end), narrowed by `filters` (see the calendar's
    entries.py): by working group, by the search's words, at most `limit`."""
    meetings = Meeting.objects.visible_to(user).select_related("working_group").defer("agenda", "summary")
    if start is not None:
        meetings = still_going_on(meetings, start)
    if end is not None:
        meetings = meetings.filter(starts_at__lt=end)
    if filters.working_group is not None:
        meetings = meetings.filter(working_group_id=filters.working_group)
    if filters.text:
        meetings = apply_search(meetings, filters.text)
    meetings = meetings.order_by(*(("-ends_at", "-id") if filters.latest_first else ("starts_at", "id")))
    if filters.limit is not None:
        meetings = meetings[: filters.limit]
    return [meeting_entry(meeting) for meeting in meetings]


@platform_page
@require_safe
def meeting_ics(request: HttpRequest, short_name: str, pk: int) -> HttpResponse:
    """One meeting as an .ics file, for whoever reads its group's space; a 404 for anyone else."""
    meeting = visible_or_404(Meeting.objects.select_related("working_group"), request.user, pk=pk)
    if meeting.working_group.short_name.lower() != short_name.lower():
        raise Http404
    url = request.build_absolute_uri(meeting_url(meeting))
    return ics_download(ical.single_entry(meeting_entry(meeting), url), f"meeting-{meeting.pk}.ics")

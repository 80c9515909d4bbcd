"""What a Member State's profile shows, each part from its own `visible_to(user)` queryset: its focal
points, CTED assessments and recommendations, projects it benefits from, events concerning it, documents it
shared, its working groups and the invitations to their spaces, and its own page's entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from platform_app.calendar.entries import CalendarEntry, event_entries
from platform_app.calendar.models import Event
from platform_app.core.querysets import with_keys
from platform_app.core.viewer import viewer_for
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import for_rows, people_of
from platform_app.library.models import Document
from platform_app.projects.models import Project
from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
from platform_app.structure.policies import readable_group_spaces

# How many rows of each part a profile shows; the directory and the library list the rest.
FOCAL_POINTS = 25


PROJECTS = 25


# The most recent CTED assessments, each with all its recommendations; CTED's page of the State has them all.
ASSESSMENTS = 3


EVENTS = 10


DOCUMENTS = 25

# What a profile shows of a project and of a document (countries/profile.html), and what the audit log asks of
# a document (`Document.audit_read_kind`).
PROJECT_COLUMNS = ("code", "title", "status", "start_date")
DOCUMENT_COLUMNS = ("title", "published_on", "visibility")


def _first(queryset, limit: int) -> tuple[list, bool]:
    """The first `limit` rows, and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


@dataclass(frozen=True)
class CountryProfile:
    """The parts of a State's profile; `more_*` says a part has more rows than it shows."""

    focal_points: list[FocalPoint]
    more_focal_points: bool
    assessments: list[CountryAssessment]
    more_assessments: bool
    projects: list[Project]
    more_projects: bool
    upcoming_events: list[CalendarEntry]
    past_events: list[CalendarEntry]
    documents: list[Document]
    more_documents: bool
    memberships: list[WorkingGroupMembership]
    invitations: list[WorkingGroupGuest]
    page: CountryPage | None
    entries_by_kind: list[dict]


def events_around(user, state: Organization, now):
    """The next EVENTS events concerning `state` the reader may see, soonest first, and the last EVENTS that
    ended, latest first, as one queryset: each side numbered in its own order (a window over each side) and
    kept up to EVENTS, in no order. The State's events are named by their ids, read from the link table
    first: joined to it, or asked for a few at a time from the calendar's order, PostgreSQL reads the whole
    calendar to find a State's few hundred events (tens of milliseconds each time at a hundred times the
    real size). None when no event concerns the State."""
    concerning = list(Event.countries.through.objects.filter(organization=state).values_list("event_id", flat=True))
    if not concerning:
        return None
    coming = Q(ends_at__gte=now)
    soonest_first = [Case(When(coming, then=F("starts_at"))).asc(), Case(When(coming, then=F("pk"))).asc()]
    latest_first = [
        Case(When(coming, then=Value(None)), default=F("starts_at")).desc(),
        Case(When(coming, then=Value(None)), default=F("pk")).desc(),
    ]
    place = Window(
        RowNumber(),
        partition_by=[ExpressionWrapper(coming, output_field=BooleanField())],
        order_by=soonest_first + latest_first,
    )
    return with_keys(Event.objects.visible_to(user), concerning).annotate(place=place).filter(place__lte=EVENTS)


def _events_around(user, state: Organization, now) -> tuple[list[CalendarEntry], list[CalendarEntry]]:
    """`events_around` as two lists of calendar entries, read as rows as the calendar's own lists are: the
    coming events, soonest first, and the past ones, latest first (each side's place in its own order)."""
    around = events_around(user, state, now)
    if around is None:
        return [], []
    shown = event_entries(around.order_by("place"))
    return [entry for entry in shown if entry.ends_at >= now], [entry for entry in shown if entry.ends_at < now]


def projects_for(user, state: Organization):
    """The projects benefiting `state` the reader may see, newest first. The State's projects are named by
    their ids, read from the link table first, as its events are: joined to it, PostgreSQL read every
    project to find a State's thousand (20 ms at a hundred times the real size)."""
    benefiting = Project.beneficiary_states.through.objects.filter(organization=state)
    return with_keys(Project.objects.visible_to(user), list(benefiting.values_list("project_id", flat=True))).order_by(
        "-start_date", "code"
    )


def country_profile(user, state: Organization) -> CountryProfile:
    """What `user` may see of the Member State `state`, as its profile shows it."""
    viewer = viewer_for(user)

    focal_points, more_focal_points = _first(for_rows(people_of(user).filter(organization=state)), FOCAL_POINTS)

    # The State's most recent assessments, each with all its recommendations (some 30 to 40 each); CTED's page
    # of the State lists every one. A row reads only the columns its table shows, and the score of thematic
    # areas is read once, not once a row.
    recommendations = (
        Recommendation.objects.visible_to(user)
        .only("assessment", "number", "thematic_area", "text", "priority", "status")
        .prefetch_related("thematic_area")
        .order_by("number")
    )
    assessments, more_assessments = _first(
        CountryAssessment.objects.visible_to(user)
        .filter(member_state=state)
        .prefetch_related(Prefetch("recommendations", recommendations))
        .order_by("-visit_start", "-pk"),
        ASSESSMENTS,
    )
    for assessment in assessments:
        assessment.member_state = state  # named by its State (__str__), which the page has read already

    # Each list reads the columns it shows (a document's row holds its two search vectors, about 3 KB).
    projects, more_projects = _first(
        projects_for(user, state).select_related("lead_entity").only(*PROJECT_COLUMNS, "lead_entity"), PROJECTS
    )

    upcoming_events, past_events = _events_around(user, state, timezone.now())

    documents, more_documents = _first(
        Document.objects.visible_to(user)
        .filter(organization=state)
        .select_related("language")
        .only(*DOCUMENT_COLUMNS, "language")
        .order_by("-published_on", "-id"),
        DOCUMENTS,
    )

    memberships = list(
        WorkingGroupMembership.objects.visible_to(user)
        .filter(organization=state)
        .select_related("working_group")
        .order_by("working_group__number")
    )
    # Who is invited to a group's space is told to those who read that space (as on the group's page).
    invitations = list(
        WorkingGroupGuest.objects.current()
        .filter(organization=state)
        .filter(readable_group_spaces(viewer), working_group__in=WorkingGroup.objects.visible_to(user))
        .select_related("working_group")
        .order_by("working_group__number")
    )

    # One page a State (the ordering by the State's name would only join it in). Most States have none, and
    # then no entries to look for. Every entry the reader may see is shown: a State writes them by hand.
    page = CountryPage.objects.filter(member_state=state).order_by("pk").first()
    entries = (
        list(
            CountryEntry.objects.visible_to(user)
            .filter(page=page)
            .select_related("pillar", "thematic_area")
            .prefetch_related(Prefetch("attachments", EntryAttachment.objects.order_by("id")))
            .order_by("-dated_on", "-id")
        )
        if page is not None
        else []
    )
    entries_by_kind = [
        {"kind": kind, "label": label, "entries": [e for e in entries if e.kind == kind]}
        for kind, label in CountryEntry.Kind.choices
    ]
    return CountryProfile(
        focal_points=focal_points,
        more_focal_points=more_focal_points,
        assessments=assessments,
        more_assessments=more_assessments,
        projects=projects,
        more_projects=more_projects,
        upcoming_events=upcoming_events,
        past_events=past_events,
        documents=documents,
        more_documents=more_documents,
        memberships=memberships,
        invitations=invitations,
        page=page,
        entries_by_kind=entries_by_kind,
    )

"""What a Member State's profile shows, each part from its own `visible_to(user)` queryset: its focal
points, CTED assessments and recommendations, projects it benefits from, events concerning it, documents it
shared, its working groups and the invitations to their spaces, and its own page's entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from platform_app.calendar.models import Event
from platform_app.core.viewer import viewer_for
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.selectors import people_of
from platform_app.library.models import Document
from platform_app.projects.models import Project
from platform_app.structure.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership
from platform_app.structure.policies import readable_group_spaces

# How many rows of each part a profile shows; the directory and the library list the rest.
FOCAL_POINTS = 25


PROJECTS = 25


EVENTS = 10


DOCUMENTS = 25


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
    projects: list[Project]
    more_projects: bool
    upcoming_events: list[Event]
    past_events: list[Event]
    documents: list[Document]
    more_documents: bool
    memberships: QuerySet
    invitations: QuerySet
    page: CountryPage | None
    entries_by_kind: list[dict]


def country_profile(user, state: Organization) -> CountryProfile:
    """What `user` may see of the Member State `state`, as its profile shows it."""
    viewer = viewer_for(user)

    focal_points, more_focal_points = _first(people_of(user).filter(organization=state), FOCAL_POINTS)

    recommendations = Recommendation.objects.visible_to(user).select_related("thematic_area").order_by("number")
    assessments = list(
        CountryAssessment.objects.visible_to(user)
        .filter(member_state=state)
        .select_related("member_state")
        .prefetch_related(Prefetch("recommendations", recommendations))
        .order_by("-visit_start", "-pk")
    )

    projects, more_projects = _first(
        Project.objects.visible_to(user)
        .filter(beneficiary_states=state)
        .select_related("lead_entity")
        .order_by("-start_date", "code"),
        PROJECTS,
    )

    now = timezone.now()
    events = Event.objects.visible_to(user).filter(countries=state)
    upcoming_events = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk")[:EVENTS])
    past_events = list(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:EVENTS])

    documents, more_documents = _first(
        Document.objects.visible_to(user)
        .filter(organization=state)
        .select_related("language")
        .order_by("-published_on", "-id"),
        DOCUMENTS,
    )

    memberships = (
        WorkingGroupMembership.objects.visible_to(user)
        .filter(organization=state)
        .select_related("working_group")
        .order_by("working_group__number")
    )
    # Who is invited to a group's space is told to those who read that space (as on the group's page).
    invitations = (
        WorkingGroupGuest.objects.current()
        .filter(organization=state)
        .filter(readable_group_spaces(viewer), working_group__in=WorkingGroup.objects.visible_to(user))
        .select_related("working_group")
        .order_by("working_group__number")
    )

    page = CountryPage.objects.filter(member_state=state).first()
    entries = (
        CountryEntry.objects.visible_to(user)
        .filter(page__member_state=state)
        .select_related("pillar", "thematic_area")
        .prefetch_related(Prefetch("attachments", EntryAttachment.objects.order_by("id")))
        .order_by("-dated_on", "-id")
    )
    entries_by_kind = [
        {"kind": kind, "label": label, "entries": [e for e in entries if e.kind == kind]}
        for kind, label in CountryEntry.Kind.choices
    ]
    return CountryProfile(
        focal_points=focal_points,
        more_focal_points=more_focal_points,
        assessments=assessments,
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

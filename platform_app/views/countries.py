"""Member States: the list by region, and each State's profile.

A profile gathers what concerns one State, each part from its own `visible_to(user)` queryset: its focal
points (directory rules), CTED assessments and recommendations (the State itself, entities where it
consented, CTED and the Secretariat), projects it benefits from, events concerning it, documents it
shared, and its working groups. A part the viewer may see nothing of looks the same whether or not
hidden rows exist: no counts or hints of what is withheld.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError as SearchError

from workinggroups.models import WorkingGroup, WorkingGroupGuest, WorkingGroupMembership

from ..forms.directory import CountrySearchForm
from ..models import CountryAssessment, Document, Event, Organization, Project, Recommendation
from ..portal import platform_page, visible_or_404
from ..search import apply_search
from ..visibility import readable_group_spaces, viewer_for
from . import page_or_fragment
from .directory import people_of, with_contacts

ISO3 = re.compile(r"[A-Za-z]{3}")
# How many rows of each part a profile shows; the directory and the library list the rest.
FOCAL_POINTS = 25
PROJECTS = 25
EVENTS = 10
DOCUMENTS = 25


def _first(queryset, limit: int) -> tuple[list, bool]:
    """The first `limit` rows, and whether there are more, in one query."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = CountrySearchForm(request.GET)
    form.is_valid()
    states = Organization.objects.visible_to(request.user).filter(kind=Organization.Kind.MEMBER_STATE)
    try:
        states = apply_search(states, form.filters().get("q", ""))
    except SearchError as exc:
        form.add_error("q", [str(message) for message in exc.detail.get("search", [])] or _("Invalid search."))
    region = form.filters().get("region")
    if region:
        states = states.filter(region=region)
    # The Member States are a bounded list (the United Nations has 193), shown whole and grouped by
    # region like an atlas's index rather than cut into pages.
    by_region: dict[str, list] = {}
    for state in states.order_by("name"):
        by_region.setdefault(state.region, []).append(state)
    regions = [
        {"code": code, "label": label, "states": by_region[code]}
        for code, label in Organization.Region.choices
        if code in by_region
    ]
    context = {
        "form": form,
        "regions": regions,
        "count": sum(len(region["states"]) for region in regions),
        "filtered": bool(form.filters()),
    }
    return page_or_fragment(
        request, "platform_app/countries/index.html", "platform_app/countries/_countries.html", context
    )


@platform_page
@require_safe
def profile(request: HttpRequest, iso3: str) -> HttpResponse:
    if not ISO3.fullmatch(iso3):
        raise Http404("A Member State is named by its ISO 3166 alpha-3 code.")
    user = request.user
    viewer = viewer_for(user)
    state = visible_or_404(Organization.objects, user, kind=Organization.Kind.MEMBER_STATE, iso_alpha3=iso3.upper())

    focal_points, more_focal_points = _first(people_of(user).filter(organization=state), FOCAL_POINTS)

    recommendations = Recommendation.objects.visible_to(user).select_related("thematic_area").order_by("number")
    assessments = (
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
        WorkingGroupGuest.objects.filter(organization=state)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
        .filter(readable_group_spaces(viewer), working_group__in=WorkingGroup.objects.visible_to(user))
        .select_related("working_group")
        .order_by("working_group__number")
    )

    context = {
        "state": state,
        "focal_points": with_contacts(viewer, focal_points),
        "more_focal_points": more_focal_points,
        "is_secretariat": viewer.is_secretariat,
        "assessments": assessments,
        "projects": projects,
        "more_projects": more_projects,
        "upcoming_events": upcoming_events,
        "past_events": past_events,
        "documents": documents,
        "more_documents": more_documents,
        "memberships": memberships,
        "invitations": invitations,
    }
    return render(request, "platform_app/countries/profile.html", context)

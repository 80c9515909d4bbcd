"""CTED country assessments and their recommendations: by country, one assessment, one recommendation,
the assessed State's consent and progress, the recommendations no project responds to yet, and on a
project's page those it responds to (a section added to the projects' pages, with the lead entity's form).

Assessments are confidential to the assessed State, CTED and the Secretariat unless the State consents
to share them with Compact entities. Every list, count and page here starts from
`CountryAssessment.objects.visible_to(user)` or `Recommendation.objects.visible_to(user)`, and a record
the reader may not see is a 404 exactly like one that does not exist: nothing says it is there.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from platform_app.core.audit import note_shown, record_read
from platform_app.core.filters import ISO_ALPHA3, read_page
from platform_app.core.portal import page_or_fragment, paginate, platform_page, post_form, visible_or_404
from platform_app.cted import selectors
from platform_app.cted.filters import OPEN_STATUSES, RecommendationFilterSet, gap_filters
from platform_app.cted.forms import ProgressForm, SharingForm
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.cted.policies import (
    assessment_may_set_sharing,
    may_record_progress,
    may_see_gaps,
    may_set_responses,
    may_set_sharing,
    project_may_set_responses,
    recommendation_may_record_progress,
)
from platform_app.cted.responses import ProjectResponsesForm, project_responses_visible_to, project_set_responses
from platform_app.cted.services import assessment_set_sharing, recommendation_record_progress
from platform_app.directory.models import FocalPoint
from platform_app.projects.models import Project
from platform_app.projects.views import ProjectSection, add_section, project_page

PER_PAGE = 25


STATUSES = Recommendation.Status


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = paginate(request, selectors.assessed_countries(user), PER_PAGE)
    rows = list(page.object_list)
    selectors.add_recommendation_counts(user, rows)
    page.object_list = rows
    context = {
        "page": page,
        "statuses": STATUSES.choices,
        **selectors.totals(user),
        "may_see_gaps": bool(may_see_gaps(user)),
    }
    return render(request, "platform_app/cted/index.html", context)


@platform_page
@require_safe
def country(request: HttpRequest, iso3: str) -> HttpResponse:
    user = request.user
    code = iso3.upper()
    # Malformed, unknown, never assessed, or assessed but not visible to the reader: the same 404.
    if not ISO_ALPHA3.fullmatch(code):
        raise Http404
    assessments = selectors.country_assessments(user, code)
    if not assessments:
        raise Http404
    note_shown(request, assessments)
    state = assessments[0].member_state
    selectors.add_recommendation_count(user, assessments)
    of_country = selectors.country_recommendations(user, state)
    found = read_page(RecommendationFilterSet, request, of_country, selectors.COUNTRY_ORDERING)
    context = {
        "state": state,
        "assessments": assessments,
        "form": found.form,
        "page": paginate(request, selectors.listed_recommendations(user, found.rows), PER_PAGE),
        "by_status": selectors.by_status(of_country),
        "filtered": found.filtered,
    }
    return render(request, "platform_app/cted/country.html", context)


# --- one assessment ----------------------------------------------------------------------------------------


def _assessment(request: HttpRequest, pk: int) -> CountryAssessment:
    queryset = CountryAssessment.objects.select_related("member_state", "sharing_decided_by__focal_point__organization")
    return visible_or_404(queryset, request.user, pk=pk)


def _assessment_page(request: HttpRequest, assessment: CountryAssessment, form: SharingForm | None) -> HttpResponse:
    user = request.user
    may_decide = assessment_may_set_sharing(user, assessment)
    if may_decide and form is None:
        form = SharingForm.for_assessment(assessment)
    decided_by = assessment.sharing_decided_by
    try:
        decider_organization = decided_by.focal_point.organization if decided_by else None
    except FocalPoint.DoesNotExist:  # the Secretariat, who are no organization's focal point
        decider_organization = None
    context = {
        "assessment": assessment,
        "page": paginate(request, selectors.assessment_recommendations(user, assessment), PER_PAGE),
        "form": form if may_decide else None,
        "decider_organization": decider_organization,
    }
    return render(request, "platform_app/cted/assessment.html", context)


@platform_page
@require_safe
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment(request, pk)
    record_read(request, found)
    return _assessment_page(request, found, None)


@platform_page
def assessment_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessed State (or CTED) decides whether Compact entities may read the assessment."""
    item = _assessment(request, pk)
    may_set_sharing(request.user, item).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return post_form(
        request,
        SharingForm(request.POST),
        lambda data: assessment_set_sharing(user=request.user, assessment=item, shared=data["shared"]),
        success=lambda decided: (
            _("The assessment is shared with Compact entities.")
            if decided.shared_with_entities
            else _("The assessment is not shared with Compact entities.")
        ),
        then=reverse("cted:assessment", args=[item.pk]),
        invalid=lambda form: _assessment_page(request, item, form),
    )


# --- one recommendation ------------------------------------------------------------------------------------


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    queryset = Recommendation.objects.select_related("assessment__member_state", "thematic_area")
    return visible_or_404(queryset, request.user, pk=pk)


def _recommendation_page(
    request: HttpRequest, recommendation: Recommendation, form: ProgressForm | None, status: int = 200
):
    user = request.user
    may_record = recommendation_may_record_progress(user, recommendation)
    if may_record and form is None:
        form = ProgressForm.for_recommendation(recommendation)
    context = {
        "recommendation": recommendation,
        "assessment": recommendation.assessment,
        "projects": list(selectors.responding_projects(user, recommendation)),
        "form": form if may_record else None,
    }
    return render(request, "platform_app/cted/recommendation.html", context, status=status)


@platform_page
@require_safe
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    found = _recommendation(request, pk)
    record_read(request, found)
    return _recommendation_page(request, found, None)


@platform_page
def recommendation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessed State (or CTED) records where it stands on a recommendation."""
    item = _recommendation(request, pk)
    may_record_progress(request.user, item).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return post_form(
        request,
        ProgressForm(request.POST),
        lambda data: recommendation_record_progress(
            user=request.user,
            recommendation=item,
            status=data["status"],
            progress_note=data["progress_note"],
            expected_revision=data["revision"],
        ),
        success=_("The progress is recorded."),
        then=reverse("cted:recommendation", args=[item.pk]),
        invalid=lambda form: _recommendation_page(request, item, form),
        # The page as stored now, with the change the State sent kept on the form.
        conflict=lambda form: _recommendation_page(request, _recommendation(request, pk), form, status=409),
    )


# --- gaps ----------------------------------------------------------------------------------------------------


@platform_page
@require_safe
def gaps(request: HttpRequest) -> HttpResponse:
    """The recommendations the reader may see that no project responds to yet, counted by region and area."""
    user = request.user
    may_see_gaps(user).check()
    found = read_page(gap_filters, request, selectors.unanswered(user), selectors.GAP_ORDERING)
    # Statuses the page cannot use are left out like any other filter, but then open and in progress
    # are listed, as when none is chosen.
    statuses = found.values.get("status") or [str(status) for status in OPEN_STATUSES]
    rows = found.rows if "status" in found.values else found.rows.filter(status__in=statuses)
    listed = selectors.gaps(rows)
    context = {
        "form": found.form,
        "page": paginate(request, listed.listed, PER_PAGE),
        "by_region": listed.by_region,
        "by_area": listed.by_area,
        "statuses": list(statuses),
    }
    return page_or_fragment(request, "platform_app/cted/gaps.html", "platform_app/cted/_gaps.html", context)


# --- on a project's page: the recommendations it responds to ----------------------------------------------


RESPONSES = "responses"


def _project_responses(request: HttpRequest, project: Project, form: ProjectResponsesForm | None = None) -> dict:
    """The recommendations the project responds to that the reader may see, and for its lead entity (and
    the Secretariat) the form that sets them: `form` if given, else one showing those links."""
    user = request.user
    responds_to = list(project_responses_visible_to(user, project))
    note_shown(request, responds_to)
    may_set = project_may_set_responses(user, project)
    if may_set and form is None:
        form = ProjectResponsesForm(
            initial={"recommendations": [r.pk for r in responds_to]}, visible=Recommendation.objects.visible_to(user)
        )
    return {"responds_to": responds_to, "form": form if may_set else None}


def project_responses(request: HttpRequest, project: Project) -> HttpResponse:
    """The lead entity (or the Secretariat) sets the recommendations the project responds to."""
    may_set_responses(request.user, project).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ProjectResponsesForm(request.POST, visible=Recommendation.objects.visible_to(request.user))
    return post_form(
        request,
        form,
        lambda data: project_set_responses(user=request.user, project=project, recommendations=form.chosen()),
        success=_("The recommendations this project responds to are saved."),
        then=reverse("projects:project", args=[project.pk]),
        invalid=lambda form: project_page(request, project, {RESPONSES: _project_responses(request, project, form)}),
    )


add_section(
    ProjectSection(
        name=RESPONSES,
        template_name="platform_app/cted/_project_responses.html",
        context=_project_responses,
        post=project_responses,
    )
)

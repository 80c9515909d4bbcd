"""The Matrix of UN projects (with its CSV export), a project's page, and the Multi-Year Appeal.

Projects and appeals are the Compact's shared record. What the packages above projects keep about a
project (the CTED recommendations it responds to) is shown in sections they add to its page
(`add_section`), each read as its reader may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from platform_app.core.filters import PageFilters, read_page
from platform_app.core.portal import csv_response, page_or_fragment, paginate, platform_page, visible_or_404
from platform_app.directory.models import Organization
from platform_app.projects.filters import ProjectFilterSet
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.projects.resources import pillars_text
from platform_app.structure.models import Pillar, ThematicArea

PER_PAGE = 25


# The Matrix's order, after the best match when searched: the API's too (Project.Meta.ordering, then id).
ORDERING = ("code", "pk")


HUNDRED = Decimal(100)


def _matrix(request: HttpRequest) -> PageFilters:
    """The Matrix's query string read through the API's filter set: the sidebar form (invalid values reported
    on it and left out) and the projects selected, best match first when searched, then by code."""
    return read_page(ProjectFilterSet, request, Project.objects.visible_to(request.user), ORDERING)


def _with_lists(projects: QuerySet, user) -> QuerySet:
    """Each project with its lead entity, partners, countries, pillars and themes: five queries in all."""
    organizations = Organization.objects.visible_to(user).order_by("name")
    return projects.select_related("lead_entity").prefetch_related(
        Prefetch("partners", organizations),
        Prefetch("beneficiary_states", organizations),
        Prefetch("pillars", Pillar.objects.order_by("number")),
        Prefetch("themes", ThematicArea.objects.order_by("name")),
    )


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    found = _matrix(request)
    context = {
        "form": found.form,
        "page": paginate(request, _with_lists(found.rows, request.user), PER_PAGE),
        "filtered": found.filtered,
    }
    return page_or_fragment(request, "platform_app/projects/index.html", "platform_app/projects/_matrix.html", context)


@platform_page
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The filtered Matrix as CSV. A filter that cannot be applied is refused rather than silently dropped."""
    found = _matrix(request)
    form, projects = found.form, found.rows
    if form.errors:
        lines = [f"{form.fields[name].label}: {error}" for name, errors in form.errors.items() for error in errors]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
    header = [
        _("Code"),
        _("Title"),
        _("Lead entity"),
        _("Partners"),
        _("Beneficiary countries"),
        _("Pillars"),
        _("Thematic areas"),
        _("Status"),
        _("Start date"),
        _("End date"),
        _("Budget (USD)"),
    ]

    def rows():
        # In chunks, each with its own prefetch queries, so a large export never sits in memory at once.
        for project in _with_lists(projects, request.user).iterator(chunk_size=500):
            yield [
                project.code,
                project.title,
                str(project.lead_entity),
                "; ".join(str(partner) for partner in project.partners.all()),
                "; ".join(state.name for state in project.beneficiary_states.all()),
                pillars_text(project.pillars.all()),
                "; ".join(theme.name for theme in project.themes.all()),
                project.get_status_display(),
                project.start_date.isoformat() if project.start_date else "",
                project.end_date.isoformat() if project.end_date else "",
                "" if project.budget is None else f"{project.budget:.2f}",
            ]

    return csv_response("projects.csv", header, rows())


# --- a project's page, and the sections the packages above projects add to it ----------------------------


@dataclass(frozen=True)
class ProjectSection:
    """A section of every project's page, added by a package above projects.

    `context(request, project)` gives what `template_name` reads: it joins the page's context, and the
    template is included after the project's own sections. `post(request, project)`, if given, answers
    the form the section posts to the route of projects/urls.py named `name`, once the project is known
    to be one the reader may see; it shows the page again with `project_page`.
    """

    name: str
    template_name: str
    context: Callable[[HttpRequest, Project], dict]
    post: Callable[[HttpRequest, Project], HttpResponse] | None = None


SECTIONS: dict[str, ProjectSection] = {}


def add_section(section: ProjectSection) -> None:
    """Adds `section` to every project's page. The module defining it calls this when it is imported,
    which PlatformAppConfig.ready does at start-up; the sections are read for each page."""
    SECTIONS[section.name] = section


def project_page(request: HttpRequest, project: Project, made: dict[str, dict] | None = None) -> HttpResponse:
    """A project's page. `made` holds, by section name, contexts already made (a form with its errors)."""
    user = request.user
    made = made or {}
    context: dict = {"project": project}
    for section in SECTIONS.values():
        context.update(made[section.name] if section.name in made else section.context(request, project))
    entries = (
        AppealProject.objects.visible_to(user)
        .filter(project=project, appeal__in=Appeal.objects.visible_to(user))
        .select_related("appeal")
        .order_by("-appeal__start_year")
    )
    context["entries"] = [_with_percent(entry) for entry in entries]
    context["sections"] = [section.template_name for section in SECTIONS.values()]
    return render(request, "platform_app/projects/project.html", context)


def _project(request: HttpRequest, pk: int) -> Project:
    return visible_or_404(_with_lists(Project.objects.all(), request.user), request.user, pk=pk)


@platform_page
@require_safe
def project(request: HttpRequest, pk: int) -> HttpResponse:
    return project_page(request, _project(request, pk))


@platform_page
def section_form(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """What a section of the project's page posts (`ProjectSection.post`)."""
    obj = _project(request, pk)
    added = SECTIONS.get(section)
    if added is None or added.post is None:
        raise Http404
    return added.post(request, obj)


# --- the Multi-Year Appeal ------------------------------------------------------------------------------


def _percent(received: Decimal | None, requirement: Decimal | None) -> int | None:
    """Funds received as a whole percentage of the requirement; None when nothing is required."""
    if not requirement:
        return None
    return int((Decimal(received or 0) * HUNDRED / requirement).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _with_percent(entry):
    """Gives a row (an AppealProject or an aggregate dict) its `percent` funded."""
    if isinstance(entry, dict):
        entry["percent"] = _percent(entry["received"], entry["requirement"])
    else:
        entry.percent = _percent(entry.funds_received, entry.requirement)
    return entry


def _sums(queryset: QuerySet, fields: tuple[str, ...], ordering: tuple) -> list[dict]:
    """One GROUP BY query: requirement, funds received and number of projects for each value of `fields`."""
    rows = (
        queryset.order_by()
        .values(*fields)
        .annotate(requirement=Sum("requirement"), received=Sum("funds_received"), projects=Count("pk"))
        .order_by(*ordering)
    )
    return [_with_percent(row) for row in rows]


def _appeal_page(request: HttpRequest, appeal: Appeal | None) -> HttpResponse:
    user = request.user
    appeals = Appeal.objects.visible_to(user).order_by("-start_year", "-pk")
    if appeal is None:
        return render(request, "platform_app/projects/appeal.html", {"appeal": None, "appeals": []})
    entries = AppealProject.objects.visible_to(user).filter(appeal=appeal, project__in=Project.objects.visible_to(user))
    totals = entries.aggregate(requirement=Sum("requirement"), received=Sum("funds_received"), projects=Count("pk"))
    # A project under several pillars counts under each; those under none come last.
    by_pillar = _sums(
        entries,
        ("project__pillars__number", "project__pillars__name"),
        (F("project__pillars__number").asc(nulls_last=True),),
    )
    for row in by_pillar:
        number = row["project__pillars__number"]
        row["roman"] = ("I", "II", "III", "IV")[number - 1] if number else ""
    by_lead = _sums(
        entries,
        ("project__lead_entity_id", "project__lead_entity__acronym", "project__lead_entity__name"),
        ("-requirement", "project__lead_entity__name"),
    )
    rows = entries.select_related("project__lead_entity").order_by("project__code", "pk")
    page = paginate(request, rows, PER_PAGE)
    page.object_list = [_with_percent(entry) for entry in page.object_list]
    context = {
        "appeal": appeal,
        "appeals": appeals,
        "totals": _with_percent(totals),
        "by_pillar": by_pillar,
        "by_lead": by_lead,
        "page": page,
    }
    return render(request, "platform_app/projects/appeal.html", context)


@platform_page
@require_safe
def appeal(request: HttpRequest) -> HttpResponse:
    """The latest appeal, by the year it starts."""
    return _appeal_page(request, Appeal.objects.visible_to(request.user).order_by("-start_year", "-pk").first())


@platform_page
@require_safe
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _appeal_page(request, visible_or_404(Appeal.objects.all(), request.user, pk=pk))

"""Member States: the list by region, and each State's profile.

A profile gathers what concerns one State, each part from its own `visible_to(user)` queryset: its focal
points (directory rules), CTED assessments and recommendations (the State itself, entities where it
consented, CTED and the Secretariat), projects it benefits from, events concerning it, documents it
shared, and its working groups. A part the viewer may see nothing of looks the same whether or not
hidden rows exist: no counts or hints of what is withheld.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.core.addresses import by_pk
from platform_app.core.audit import note_shown, record_read
from platform_app.core.filters import ISO_ALPHA3, read_page
from platform_app.core.portal import page_or_fragment, platform_page, post_form, visible_or_404
from platform_app.core.uploads import stored_file_response
from platform_app.core.viewer import viewer_for
from platform_app.countries import services
from platform_app.countries.forms import EntryForm, ModerationForm, OverviewForm
from platform_app.countries.markup import RecommendationRows
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.countries.policies import may_moderate, may_write_page, page_may_edit, sees_entry_audience
from platform_app.countries.selectors import CountryProfile, country_profile
from platform_app.countries.services import entry_save, page_save_overview
from platform_app.directory.filters import OrganizationFilterSet
from platform_app.directory.models import Organization
from platform_app.directory.views import rows_of_people


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    states = Organization.objects.visible_to(request.user).filter(kind=Organization.Kind.MEMBER_STATE)
    found = read_page(OrganizationFilterSet.of_member_states, request, states, ("name", "pk"))
    # The Member States are a bounded list (the United Nations has 193), shown whole and grouped by
    # region like an atlas's index rather than cut into pages.
    by_region: dict[str, list] = {}
    for state in found.rows:
        by_region.setdefault(state.region, []).append(state)
    regions = [
        {"code": code, "label": label, "states": by_region[code]}
        for code, label in Organization.Region.choices
        if code in by_region
    ]
    context = {
        "form": found.form,
        "regions": regions,
        "count": sum(len(region["states"]) for region in regions),
        "filtered": found.filtered,
    }
    return page_or_fragment(
        request, "platform_app/countries/index.html", "platform_app/countries/_countries.html", context
    )


def _with_addresses(shown: CountryProfile) -> None:
    """Each listed row's address in `.url`, each route reversed once for its list (the events, read as
    calendar entries, carry theirs)."""
    for rows, name in (
        (shown.assessments, "cted:assessment"),
        (shown.projects, "projects:project"),
        (shown.documents, "library:document"),
    ):
        address = by_pk(name)
        for row in rows:
            row.url = address(row.pk)
    attachment, edit, moderate = (
        by_pk(name) for name in ("countries:attachment", "countries:entry_edit", "countries:entry_moderate")
    )
    for group in shown.entries_by_kind:
        for entry in group["entries"]:
            entry.edit_url, entry.moderate_url = edit(entry.pk), moderate(entry.pk)
            for file in entry.attachments.all():
                file.url = attachment(file.pk)


@platform_page
@require_safe
def profile(request: HttpRequest, iso3: str) -> HttpResponse:
    if not ISO_ALPHA3.fullmatch(iso3):
        raise Http404("A Member State is named by its ISO 3166 alpha-3 code.")
    user = request.user
    viewer = viewer_for(user)
    state = visible_or_404(Organization.objects, user, kind=Organization.Kind.MEMBER_STATE, iso_alpha3=iso3.upper())

    shown = country_profile(user, state)
    note_shown(request, shown.assessments)
    note_shown(
        request, [recommendation for found in shown.assessments for recommendation in found.recommendations.all()]
    )
    note_shown(request, shown.documents)
    rows = RecommendationRows()
    for assessment in shown.assessments:
        assessment.rows_html = rows(assessment.recommendations.all())
    _with_addresses(shown)
    context = {
        "state": state,
        "page": shown.page,
        "entries_by_kind": shown.entries_by_kind,
        "may_edit_page": page_may_edit(user, state),
        "focal_points": rows_of_people(viewer, shown.focal_points),
        "more_focal_points": shown.more_focal_points,
        "is_secretariat": viewer.is_secretariat,
        "sees_audience": sees_entry_audience(user, state.pk),
        "assessments": shown.assessments,
        "more_assessments": shown.more_assessments,
        "projects": shown.projects,
        "more_projects": shown.more_projects,
        "upcoming_events": shown.upcoming_events,
        "past_events": shown.past_events,
        "documents": shown.documents,
        "more_documents": shown.more_documents,
        "memberships": shown.memberships,
        "invitations": shown.invitations,
    }
    return render(request, "platform_app/countries/profile.html", context)


# --- the State's own page: overview and entries ---------------------------------------------------------


def _own_state(request: HttpRequest, iso3: str) -> Organization:
    """The State named by `iso3` if the user speaks for it; 404 for a malformed or unknown code, 403 else."""
    if not ISO_ALPHA3.fullmatch(iso3):
        raise Http404
    state = visible_or_404(
        Organization.objects, request.user, kind=Organization.Kind.MEMBER_STATE, iso_alpha3=iso3.upper()
    )
    may_write_page(request.user, state.pk).check()
    return state


@platform_page
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, iso3: str) -> HttpResponse:
    state = _own_state(request, iso3)
    page = CountryPage.objects.filter(member_state=state).first()
    form = OverviewForm(request.POST or None, initial={"overview": page.overview if page else ""})

    def form_page(form: OverviewForm) -> HttpResponse:
        return render(request, "platform_app/countries/page_form.html", {"state": state, "form": form})

    if request.method != "POST":
        return form_page(form)
    return post_form(
        request,
        form,
        lambda data: page_save_overview(user=request.user, state=state, overview=data["overview"]),
        success=_("The overview is saved."),
        then=reverse("countries:profile", kwargs={"iso3": state.iso_alpha3}),
        invalid=form_page,
    )


def _entry_values(data: dict) -> dict:
    return {
        name: data[name]
        for name in (
            "kind",
            "title",
            "text",
            "language",
            "dated_on",
            "pillar",
            "thematic_area",
            "audience",
            "allowed_organizations",
        )
    } | {"attachments": data["attachments"]}


def _save_entry(request: HttpRequest, state: Organization, entry: CountryEntry | None) -> HttpResponse:
    def form_page(form: EntryForm, status: int = 200) -> HttpResponse:
        context = {"state": state, "form": form, "entry": entry}
        return render(request, "platform_app/countries/entry_form.html", context, status=status)

    if request.method == "GET":
        return form_page(EntryForm.for_entry(entry) if entry else EntryForm())
    return post_form(
        request,
        EntryForm(request.POST, request.FILES),
        lambda data: entry_save(
            user=request.user,
            state=state,
            entry=entry,
            expected_revision=data["revision"] if entry else None,
            **_entry_values(data),
        ),
        success=_("The entry is saved."),
        then=reverse("countries:profile", kwargs={"iso3": state.iso_alpha3}),
        invalid=lambda form: form_page(form, status=400),
        conflict=lambda form: form_page(form, status=409),
    )


@platform_page
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, iso3: str) -> HttpResponse:
    return _save_entry(request, _own_state(request, iso3), None)


def _entry(request: HttpRequest, pk: int) -> CountryEntry:
    return visible_or_404(CountryEntry.objects.select_related("page__member_state"), request.user, pk=pk)


@platform_page
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    state = entry.page.member_state
    may_write_page(request.user, state.pk).check()
    return _save_entry(request, state, entry)


@platform_page
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    state = entry.page.member_state
    may_write_page(request.user, state.pk).check()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.entry_delete(user=request.user, entry=entry)
    messages.success(request, _("The entry is deleted."))
    return redirect("countries:profile", iso3=state.iso_alpha3)


@platform_page
@require_http_methods(["GET", "POST"])
def entry_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat hides an entry from all but its State, or restores it, giving the reason."""
    entry = _entry(request, pk)
    may_moderate(request.user).check()
    form = ModerationForm(request.POST or None)

    def form_page(form: ModerationForm) -> HttpResponse:
        history = entry.history.filter(moderated_at__isnull=False).select_related("history_user")
        context = {"entry": entry, "form": form, "history": history.order_by("-history_date")[:20]}
        status = 400 if form.errors else 200
        return render(request, "platform_app/countries/entry_moderate.html", context, status=status)

    if request.method != "POST":
        return form_page(form)
    hide = not entry.is_hidden
    return post_form(
        request,
        form,
        lambda data: services.entry_moderate(user=request.user, entry=entry, hidden=hide, reason=data["reason"]),
        success=_("The entry is hidden.") if hide else _("The entry is restored."),
        then=reverse("countries:profile", kwargs={"iso3": entry.page.member_state.iso_alpha3}),
        invalid=form_page,
    )


@platform_page
@require_safe
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = visible_or_404(EntryAttachment.objects.select_related("entry"), request.user, pk=pk)
    record_read(request, found, download=True)
    return stored_file_response(found)

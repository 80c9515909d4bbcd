"""The directory of focal points: search and filters, its CSV export, each organization's page and each
person's page.

People come from `FocalPoint.objects.visible_to(user)`: active focal points for everyone, deactivated
ones too for the Secretariat. Contact details a person chose to hide are shown only to the Secretariat
(marked as hidden) and to the person themselves, as in the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe

from platform_app.core.filters import PageFilters, read_page
from platform_app.core.portal import csv_response, page_or_fragment, paginate, platform_page, visible_or_404
from platform_app.core.viewer import Viewer, viewer_for
from platform_app.directory.filters import FocalPointFilterSet, OrganizationFilterSet
from platform_app.directory.markup import grouped_options_html, options_html
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.nominations import primary_nomination
from platform_app.directory.notifications import stale_focal_points
from platform_app.directory.policies import sees_hidden_contact
from platform_app.directory.selectors import (
    DIRECTORY_ORDER,
    SharedNames,
    active_focal_points,
    colleagues_of,
    country_options,
    for_rows,
    memberships_of,
    organization_choices,
    organization_options,
    organizations_listed,
    people_of,
    shared_names,
    with_names,
)

PER_PAGE = 25

# Colleagues named on a person's page; the organization's page lists them all.
COLLEAGUES_SHOWN = 20


# Rows fetched at a time by the export, each batch with its expertise and languages.
EXPORT_BATCH = 500


@dataclass(frozen=True)
class Contact:
    """What one viewer may read of a person's contact details.

    A value is empty when the person has none or hid it from this viewer (`*_withheld`); `*_hidden` says
    the person hid it from others and this viewer sees it anyway (the Secretariat, or the person).
    """

    email: str
    phone: str
    mobile: str
    email_hidden: bool
    phone_hidden: bool
    email_withheld: bool
    phone_withheld: bool


def contact_for(viewer: Viewer, person: FocalPoint) -> Contact:
    sees_hidden = sees_hidden_contact(viewer, person)
    email = person.email or person.user.email
    show_email = not person.hide_email or sees_hidden
    show_phone = not person.hide_phone or sees_hidden
    return Contact(
        email=email if show_email else "",
        phone=person.phone if show_phone else "",
        mobile=person.mobile if show_phone else "",
        email_hidden=person.hide_email and show_email and bool(email),
        phone_hidden=person.hide_phone and show_phone and bool(person.phone or person.mobile),
        email_withheld=not show_email,
        phone_withheld=not show_phone,
    )


def with_contacts(viewer: Viewer, people) -> list[FocalPoint]:
    """The people, each with `.contact` set for this viewer."""
    people = list(people)
    for person in people:
        person.contact = contact_for(viewer, person)
    return people


def rows_of_people(viewer: Viewer, people, shared: SharedNames | None = None) -> list[FocalPoint]:
    """What the table of people (directory/_people.html) draws of `people`, a page or slice of a `for_rows`
    queryset: each person with `.contact` for this viewer and the names of their expertise, languages and
    organization. The directory, an organization's page and a State's profile draw their people this way."""
    return with_names(with_contacts(viewer, people), shared)


def filtered_people(request: HttpRequest) -> PageFilters:
    """The directory's filters and its people, as the API's list gives them for the same filters and
    search: an invalid filter is reported on the form and left out."""
    return read_page(FocalPointFilterSet, request, people_of(request.user), DIRECTORY_ORDER)


def prepare_sidebar(form, shared: SharedNames) -> None:
    """Readies the directory's filter form to be drawn at little cost: the choices of the thematic areas and
    languages from the shared names rather than a query each, while the field offers them all in their own
    order (they are then the same for every reader). Its fields are written in Python, as every list's
    sidebar's are (core.filters)."""
    offered = {"expertise": [(slug, name) for _pk, slug, name in shared.themes], "language": shared.languages}
    for name, choices in offered.items():
        field = form.fields.get(name)
        if field is None or field.queryset.query.where or field.queryset.query.order_by:
            continue
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.widget.choices = [*empty, *choices]


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    found = filtered_people(request)
    shared = shared_names()
    prepare_sidebar(found.form, shared)
    viewer = viewer_for(request.user)
    page = paginate(request, for_rows(found.rows), PER_PAGE)
    page.object_list = rows_of_people(viewer, page.object_list, shared)
    choices = organization_choices(request.user, shared)
    organizations = organization_options(request.user, found.values.get("organization"), choices)
    countries = country_options(request.user, found.values.get("country"), choices)
    context = {
        "form": found.form,
        "organization_options": grouped_options_html(organizations),
        "country_options": options_html(countries),
        "page": page,
        "filtered": found.filtered,
        "is_secretariat": viewer.is_secretariat,
        "export_query": request.GET.urlencode(),
    }
    return page_or_fragment(
        request, "platform_app/directory/index.html", "platform_app/directory/_directory.html", context
    )


@platform_page
@require_safe
def organizations(request: HttpRequest) -> HttpResponse:
    """The Compact's organizations, by kind, with their focal points in office: a bounded list, shown whole."""
    found = read_page(
        OrganizationFilterSet, request, organizations_listed().visible_to(request.user), ("kind", "name", "pk")
    )
    people = active_focal_points().filter(organization_id=OuterRef("pk")).order_by().values("organization_id")
    counted = people.annotate(n=Count("pk")).values("n")
    rows = list(found.rows.annotate(in_office=Coalesce(Subquery(counted), 0)))
    kinds = dict(Organization.Kind.choices)
    groups = [
        {"kind": kind, "label": kinds[kind], "organizations": [row for row in rows if row.kind == kind]}
        for kind in Organization.Kind.values
    ]
    context = {
        "form": found.form,
        "groups": [group for group in groups if group["organizations"]],
        "count": len(rows),
        "filtered": found.filtered,
    }
    return page_or_fragment(
        request, "platform_app/directory/organizations.html", "platform_app/directory/_organizations.html", context
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@platform_page
@require_safe
def export(request: HttpRequest) -> StreamingHttpResponse:
    """The people of the directory page with the same query string, as CSV, under the same rules."""
    people = filtered_people(request).rows
    viewer = viewer_for(request.user)
    header = [
        pgettext("form of address", "Title"),
        _("First name"),
        _("Last name"),
        _("Job title"),
        _("Organization"),
        _("Kind of organization"),
        _("Email"),
        _("Phone"),
        _("Mobile"),
        _("Expertise"),
        _("Languages"),
    ]
    if viewer.is_secretariat:
        header += [_("Email hidden from others"), _("Phone hidden from others"), _("Active")]

    def rows() -> Iterator[list]:
        for person in people.iterator(chunk_size=EXPORT_BATCH):
            contact = contact_for(viewer, person)
            row = [
                person.title,
                person.user.first_name,
                person.user.last_name,
                person.job_title,
                person.organization.display_name,
                person.organization.get_kind_display(),
                contact.email,
                contact.phone,
                contact.mobile,
                "; ".join(theme.name for theme in person.expertise.all()),
                "; ".join(language.name for language in person.languages.all()),
            ]
            if viewer.is_secretariat:
                active = person.is_active and person.user.is_active
                row += [_yes_no(person.hide_email), _yes_no(person.hide_phone), _yes_no(active)]
            yield row

    return csv_response("directory.csv", header, rows())


@platform_page
@require_safe
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    org = visible_or_404(Organization.objects, request.user, pk=pk)
    viewer = viewer_for(request.user)
    page = paginate(request, for_rows(people_of(request.user).filter(organization=org)), PER_PAGE)
    page.object_list = rows_of_people(viewer, page.object_list)
    context = {
        "organization": org,
        "memberships": memberships_of(request.user, org),
        "page": page,
        "is_secretariat": viewer.is_secretariat,
        "is_state": org.kind == Organization.Kind.MEMBER_STATE and bool(org.iso_alpha3),
    }
    return render(request, "platform_app/directory/organization.html", context)


@platform_page
@require_safe
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """What the directory shows of one person, their organization's working groups and their colleagues. A
    person the directory does not list for this reader (no longer in office, for anyone but the Secretariat)
    is a 404, like one that does not exist."""
    found = visible_or_404(people_of(request.user), request.user, pk=pk)
    viewer = viewer_for(request.user)
    colleagues, more_colleagues = colleagues_of(request.user, found, COLLEAGUES_SHOWN)
    context = {
        "person": found,
        "contact": contact_for(viewer, found),
        "in_office": found.is_active and found.user.is_active,
        "memberships": memberships_of(request.user, found.organization),
        "colleagues": colleagues,
        "more_colleagues": more_colleagues,
    }
    return render(request, "platform_app/directory/person.html", context)


@platform_page
@require_http_methods(["GET", "POST"])
def reconfirm(request: HttpRequest) -> HttpResponse:
    """The main focal point confirms colleagues who no longer sign in, or says they left."""
    primary = primary_nomination(request.user)
    if primary is None:
        return render(request, "platform_app/account/reconfirm.html", {"not_primary": True}, status=403)
    months = settings.RECONFIRM_AFTER_MONTHS
    people = (
        stale_focal_points(months)
        .filter(organization_id=primary.organization_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if request.method == "POST":
        action = request.POST.get("action")
        chosen = request.POST.getlist("person")
        if action not in ("confirm", "leave") or not chosen or not all(value.isdigit() for value in chosen):
            messages.error(request, _("Choose at least one person and what to do."))
            return redirect("account:reconfirm")
        with transaction.atomic():
            rows = list(people.select_for_update(of=("self",)).filter(pk__in=[int(v) for v in chosen]))
            if len(rows) != len(set(chosen)):
                transaction.set_rollback(True)
                messages.error(
                    request, _("Some of the people chosen are not awaiting reconfirmation; nothing was changed.")
                )
                return redirect("account:reconfirm")
            # Saved one by one, so that each change is in the focal point's history with who made it.
            now = timezone.now()
            for person in rows:
                if action == "confirm":
                    person.confirmed_at = now
                    person.save(update_fields=["confirmed_at", "updated_at"])
                else:
                    person.is_active = False
                    person.save(update_fields=["is_active", "updated_at"])
            messages.success(
                request, _("Confirmed.") if action == "confirm" else _("Recorded: they are no longer focal points.")
            )
        return redirect("account:reconfirm")
    context = {"organization": primary.organization, "people": people, "months": months, "primary": primary}
    return render(request, "platform_app/account/reconfirm.html", context)

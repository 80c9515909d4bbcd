"""The thematic resource library: search with facets, a document's page, downloads, sharing and new versions.

Everything starts from `Document.objects.visible_to(user)`: the results, every facet count, a document's
page and each file, so the library never shows or counts a document its reader may not see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.exceptions import ValidationError as SearchError

from platform_app.core.audit import record_read
from platform_app.core.portal import page_or_fragment, paginate, platform_page, visible_or_404
from platform_app.core.search import apply_search
from platform_app.core.uploads import stored_file_response
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.library.forms import DocumentUploadForm, LibrarySearchForm, NewVersionForm, apply_service_errors
from platform_app.library.models import Document, DocumentVersion
from platform_app.library.policies import (
    document_may_add_version,
    document_may_upload,
    may_add_version,
    may_share_documents,
)
from platform_app.library.services import (
    document_add_version,
    document_create,
    document_upload_groups,
)
from platform_app.structure.models import Pillar

PER_PAGE = 25


# A version number as the API accepts it: ASCII digits only (str.isdigit() also takes "²").
VERSION_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    errors: list[str]


def _conditions(data: dict) -> dict[str, Q]:
    """The filter of each valid parameter, by name; one value per facet, so no join repeats a row."""
    conditions = {}
    lookups = {
        "theme": "themes",
        "pillar": "pillars",
        "working_group": "working_group",
        "document_type": "document_type",
        "language": "language",
        "organization": "organization",
        "year": "published_on__year",
        "published_after": "published_on__gte",
        "published_before": "published_on__lte",
    }
    for name, lookup in lookups.items():
        value = data.get(name)
        if value not in (None, ""):
            conditions[name] = Q(**{lookup: value})
    return conditions


def _ranked(queryset: QuerySet, text: str) -> QuerySet:
    """Best matches first on PostgreSQL's full-text search; elsewhere, and without a search, newest first."""
    newest = ("-published_on", "-id")
    if text and connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        return queryset.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", *newest)
    return queryset.order_by(*newest)


def _count(queryset: QuerySet, *fields: str, distinct: bool = False) -> list[dict]:
    """One GROUP BY query: the number of documents of `queryset` for each value of `fields`."""
    return list(queryset.order_by().values(*fields).annotate(n=Count("pk", distinct=distinct)))


def _pillar_label(number: int) -> str:
    return _("Pillar %(roman)s") % {"roman": Pillar(number=number).roman}


def _facet_values(name: str, queryset: QuerySet) -> list[tuple[str, str, int]]:
    """(value, label, count) of one facet over `queryset`, in the order they are offered."""
    if name == "theme":
        rows = _count(queryset, "themes__slug", "themes__name", distinct=True)
        found = [(r["themes__slug"], r["themes__name"], r["n"]) for r in rows if r["themes__slug"]]
        return sorted(found, key=lambda v: v[1])
    if name == "pillar":
        rows = _count(queryset, "pillars__number", distinct=True)
        numbers = sorted(r["pillars__number"] for r in rows if r["pillars__number"])
        counts = {r["pillars__number"]: r["n"] for r in rows}
        return [
            (str(n), _("Pillar %(roman)s") % {"roman": ("I", "II", "III", "IV")[n - 1]}, counts[n]) for n in numbers
        ]
    if name == "working_group":
        rows = _count(queryset, "working_group_id", "working_group__number", "working_group__short_name")
        found = [r for r in rows if r["working_group_id"]]
        found.sort(key=lambda r: r["working_group__number"])
        return [(str(r["working_group_id"]), r["working_group__short_name"], r["n"]) for r in found]
    if name == "document_type":
        rows = _count(queryset, "document_type")
        labels = dict(Document.Type.choices)
        found = [(r["document_type"], str(labels.get(r["document_type"], r["document_type"])), r["n"]) for r in rows]
        return sorted(found, key=lambda v: v[1])
    if name == "language":
        rows = _count(queryset, "language_id", "language__name")
        return sorted(((r["language_id"], r["language__name"], r["n"]) for r in rows), key=lambda v: v[1])
    if name == "organization":
        rows = _count(queryset, "organization_id", "organization__acronym", "organization__name")
        found = [
            (str(r["organization_id"]), r["organization__acronym"] or r["organization__name"], r["n"]) for r in rows
        ]
        # The organizations that shared most come first: at scale this list is long.
        return sorted(found, key=lambda v: (-v[2], v[1].casefold()))
    if name == "year":
        rows = queryset.order_by().annotate(year=ExtractYear("published_on")).values("year").annotate(n=Count("pk"))
        return [(str(r["year"]), str(r["year"]), r["n"]) for r in sorted(rows, key=lambda r: -r["year"])]
    raise ValueError(name)


def _selected(form: LibrarySearchForm, name: str) -> tuple[str, str] | None:
    """The valid value chosen for a facet, and its label."""
    value = form.cleaned_data.get(name)
    if value in (None, ""):
        return None
    if name == "theme":
        return value.slug, value.name
    if name == "pillar":
        return str(value.number), _pillar_label(value.number)
    if name == "working_group":
        return str(value.pk), value.short_name
    if name == "document_type":
        return value, str(Document.Type(value).label)
    if name == "language":
        return value.pk, value.name
    if name == "organization":
        return str(value.pk), str(value)
    return str(value), str(value)


def _facets(form: LibrarySearchForm, searched: QuerySet, conditions: dict[str, Q]) -> list[Facet]:
    """Each facet counted over the results of every other filter, so its values show what choosing one gives."""
    facets = []
    for name in LibrarySearchForm.FACETS:
        others = [condition for key, condition in conditions.items() if key != name]
        values = _facet_values(name, searched.filter(*others))
        selected = _selected(form, name)
        entries = [FacetValue(v, label, n, selected is not None and v == selected[0]) for v, label, n in values]
        if selected is not None and not any(entry.selected for entry in entries):
            # Still offered, so the form keeps the choice when nothing matches it.
            entries.insert(0, FacetValue(selected[0], selected[1], 0, True))
        facets.append(Facet(name, str(form.fields[name].label), entries, list(form.errors.get(name, []))))
    return facets


@platform_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET, user=request.user)
    form.is_valid()  # invalid filters are reported on the page and left out of the search
    data = form.cleaned_data
    visible = Document.objects.visible_to(request.user)
    text = data.get("q") or ""
    try:
        searched = apply_search(visible, text)
    except SearchError as exc:
        form.add_error("q", [str(message) for message in exc.detail.get("search", [])] or _("Invalid search."))
        searched, text = visible, ""
    conditions = _conditions(data)
    results = _ranked(searched.filter(*conditions.values()), text)
    results = results.select_related("language", "organization", "working_group").prefetch_related("themes")
    context = {
        "form": form,
        "page": paginate(request, results, PER_PAGE),
        "facets": _facets(form, searched, conditions),
        "searching": bool(text),
        "filtered": bool(text or conditions),
        "may_upload": document_may_upload(request.user),
    }
    return page_or_fragment(request, "platform_app/library/index.html", "platform_app/library/_library.html", context)


@platform_page
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    queryset = Document.objects.select_related("language", "organization", "working_group").prefetch_related(
        "themes",
        "pillars",
        Prefetch(
            "versions",
            DocumentVersion.objects.visible_to(request.user).select_related("uploaded_by").order_by("-number"),
        ),
    )
    doc = visible_or_404(queryset, request.user, pk=pk)
    record_read(request, doc)
    # Whom a restricted document is shared with is for its owner and the Secretariat to know.
    sees_audience = viewer.is_secretariat or viewer.organization_id == doc.organization_id
    audience = []
    if sees_audience and doc.visibility == "restricted":
        audience = list(Organization.objects.visible_to(request.user).filter(restricted_documents=doc).order_by("name"))
    versions = list(doc.versions.all())
    context = {
        "document": doc,
        "versions": versions,
        "current": versions[0] if versions else None,
        "sees_audience": sees_audience,
        "audience": audience,
        "may_add_version": document_may_add_version(request.user, doc),
    }
    return render(request, "platform_app/library/document.html", context)


@platform_page
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    versions = DocumentVersion.objects.visible_to(request.user).filter(document_id=pk).order_by("-number")
    raw = request.GET.get("version", "")
    if raw:
        if not VERSION_NUMBER.fullmatch(raw):
            raise Http404("A version number is a whole number.")
        versions = versions.filter(number=int(raw))
    version = versions.first()
    if version is None:
        raise Http404("This document has no such version.")
    record_read(request, version, download=True)
    return stored_file_response(version)


@platform_page
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    may_share_documents(request.user).check()
    groups = document_upload_groups(request.user)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES, user=request.user, working_groups=groups)
        if form.is_valid():
            try:
                doc = document_create(user=request.user, **form.service_arguments())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The document is shared."))
                return redirect("library:document", pk=doc.pk)
    else:
        form = DocumentUploadForm(user=request.user, working_groups=groups)
    return render(request, "platform_app/library/upload.html", {"form": form})


@platform_page
@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    doc = visible_or_404(Document.objects.select_related("organization"), request.user, pk=pk)
    may_add_version(request.user, doc).check()
    if request.method == "POST":
        form = NewVersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = document_add_version(
                    user=request.user, document=doc, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Version %(number)d is added.") % {"number": version.number})
                return redirect("library:document", pk=doc.pk)
    else:
        form = NewVersionForm()
    return render(request, "platform_app/library/new_version.html", {"document": doc, "form": form})

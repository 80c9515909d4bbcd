"""The thematic resource library: search with facets, a document's page, downloads, sharing and new versions.

Everything starts from `Document.objects.visible_to(user)`: the results, every facet count, a document's
page and each file, so the library never shows or counts a document its reader may not see.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platform_app.core.audit import record_read
from platform_app.core.portal import page_or_fragment, paginate, platform_page, post_form, visible_or_404
from platform_app.core.uploads import stored_file_response, stored_picture_response
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.library.forms import DocumentUploadForm, NewVersionForm
from platform_app.library.models import Document, DocumentVersion
from platform_app.library.policies import (
    document_may_add_version,
    document_may_upload,
    may_add_version,
    may_share_documents,
)
from platform_app.library.selectors import library_search, snippets
from platform_app.library.services import (
    document_add_version,
    document_create,
    document_upload_groups,
)
from platform_app.library.texts import read_of, thumbnail_of

PER_PAGE = 25


# A version number as the API accepts it: ASCII digits only (str.isdigit() also takes "²").
VERSION_NUMBER = re.compile(r"[0-9]{1,9}")


@platform_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    search = library_search(request)
    page = paginate(request, search.results, PER_PAGE)
    passages = snippets(page.object_list, search.found.text)
    context = {
        "form": search.form,
        "page": page,
        "hits": [(document, passages.get(document.pk)) for document in page.object_list],
        "facets": search.facets,
        "facets_among": search.facets_among,
        "searching": search.searching,
        "filtered": search.filtered,
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
    current = versions[0] if versions else None
    context = {
        "document": doc,
        "versions": versions,
        "current": current,
        "read": read_of(current),
        "sees_audience": sees_audience,
        "audience": audience,
        "may_add_version": document_may_add_version(request.user, doc),
    }
    return render(request, "platform_app/library/document.html", context)


def _version_or_404(request: HttpRequest, pk: int) -> DocumentVersion:
    """The version of the document `pk` that `?version=` names, else its newest, among those its reader may
    open: the one rule of its file and its picture."""
    versions = DocumentVersion.objects.visible_to(request.user).filter(document_id=pk).order_by("-number")
    raw = request.GET.get("version", "")
    if raw:
        if not VERSION_NUMBER.fullmatch(raw):
            raise Http404("A version number is a whole number.")
        versions = versions.filter(number=int(raw))
    version = versions.first()
    if version is None:
        raise Http404("This document has no such version.")
    return version


@platform_page
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    version = _version_or_404(request, pk)
    record_read(request, version, download=True)
    return stored_file_response(version)


@platform_page
@require_GET
def thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    """The picture of the first page of the version's file, for whoever may download it."""
    picture = thumbnail_of(_version_or_404(request, pk))
    if picture is None:
        raise Http404("This version has no picture of its first page.")
    return stored_picture_response(picture)


def _refusal_on_form(write: Callable, **arguments):
    """Calls the service `write`; its refusal (a working group or an organization the person may not
    share for) is said above the form, like any other error in what was sent."""
    try:
        return write(**arguments)
    except PermissionDenied as exc:
        raise ValidationError(str(exc)) from exc


@platform_page
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    may_share_documents(request.user).check()
    groups = document_upload_groups(request.user)

    def form_page(form: DocumentUploadForm) -> HttpResponse:
        return render(request, "platform_app/library/upload.html", {"form": form})

    if request.method != "POST":
        return form_page(DocumentUploadForm(user=request.user, working_groups=groups))
    form = DocumentUploadForm(request.POST, request.FILES, user=request.user, working_groups=groups)
    return post_form(
        request,
        form,
        lambda data: _refusal_on_form(document_create, user=request.user, **form.service_arguments()),
        success=_("The document is shared."),
        then=lambda doc: reverse("library:document", args=[doc.pk]),
        invalid=form_page,
    )


@platform_page
@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    doc = visible_or_404(Document.objects.select_related("organization"), request.user, pk=pk)
    may_add_version(request.user, doc).check()

    def form_page(form: NewVersionForm) -> HttpResponse:
        return render(request, "platform_app/library/new_version.html", {"document": doc, "form": form})

    if request.method != "POST":
        return form_page(NewVersionForm())
    return post_form(
        request,
        NewVersionForm(request.POST, request.FILES),
        lambda data: _refusal_on_form(
            document_add_version, user=request.user, document=doc, file=data["file"], note=data["note"]
        ),
        success=lambda version: _("Version %(number)d is added.") % {"number": version.number},
        then=reverse("library:document", args=[doc.pk]),
        invalid=form_page,
    )

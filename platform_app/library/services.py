"""Writes of the library: sharing a document and adding its versions, each checked and atomic."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Max, QuerySet

from platform_app.core.revisions import write_record
from platform_app.core.storage import files_atomic, store
from platform_app.core.uploads import check_upload
from platform_app.directory.models import Organization
from platform_app.directory.sharing import _acting_organization, _check_group_and_visibility
from platform_app.library.models import Document, DocumentVersion
from platform_app.library.policies import may_add_version
from platform_app.library.texts import queue_extraction
from platform_app.structure.models import Language, ThematicArea
from platform_app.structure.policies import writable_groups


@files_atomic()
def document_create(
    *,
    user,
    title: str,
    file,
    published_on: date,
    language: Language | None = None,
    document_type: str = Document.Type.OTHER,
    description: str = "",
    themes: Iterable[ThematicArea] = (),
    pillars: Iterable = (),
    working_group=None,
    organization: Organization | None = None,
    visibility: str = "platform",
    allowed_organizations: Iterable[Organization] = (),
    version_note: str = "",
) -> Document:
    allowed_organizations = list(allowed_organizations)
    _check_group_and_visibility(user, working_group, visibility, allowed_organizations, group_required=False)
    owner = _acting_organization(user, organization)
    checked = check_upload(file, field="file")
    document = Document(
        title=title,
        description=description,
        document_type=document_type,
        language=language,
        working_group=working_group,
        organization=owner,
        uploaded_by=user,
        visibility=visibility,
        published_on=published_on,
    )
    named = allowed_organizations if visibility == "restricted" else None
    write_record(document, relations={"themes": themes, "pillars": pillars, "allowed_organizations": named})
    _store_version(document, 1, file, checked, version_note, user)
    return document


def _store_version(document: Document, number: int, file, checked, note: str, user) -> DocumentVersion:
    """Stores `file` (as `check_upload` found it) as version `number` of `document`, its text read once the
    transaction commits."""
    version = DocumentVersion(
        document=document,
        number=number,
        **checked.fields(),
        note=note,
        uploaded_by=user,
    )
    # Should validation or the database refuse anything of the transaction, the stored file goes with it.
    store(version.file, checked.original_filename, file)
    write_record(version)
    queue_extraction(version)
    return version


def document_upload_groups(user) -> QuerySet:
    """The working groups `user` may share documents with (observers read only)."""
    return writable_groups(user)


@files_atomic()
def document_add_version(*, user, document: Document, file, note: str = "") -> DocumentVersion:
    """Store `file` as the document's next version, numbered after the highest one so far."""
    may_add_version(user, document).check()
    checked = check_upload(file, field="file")
    # The lock on the document row makes concurrent uploads wait, so two never take the same number.
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = _store_version(document, last + 1, file, checked, note, user)
    # The document changed when its file did.
    document.save(update_fields=["updated_at"])
    return version

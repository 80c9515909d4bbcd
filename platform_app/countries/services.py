"""Writes of a Member State's page: its overview and entries, with their files, and their moderation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.core.revisions import check_revision, write_record
from platform_app.core.storage import delete_after_commit, files_atomic, store
from platform_app.core.uploads import check_upload
from platform_app.core.viewer import MEMBER_STATE, viewer_for
from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.countries.policies import may_moderate, may_write_page
from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea

# Attachments one entry may carry; more is a library's job.
MAX_ATTACHMENTS = 10


def state_of(user) -> Organization:
    """The Member State `user` is a focal point of, or PermissionDenied."""
    viewer = viewer_for(user)
    if viewer.organization_kind != MEMBER_STATE:
        raise PermissionDenied(_("Only focal points of a Member State act for it here."))
    return Organization.objects.get(pk=viewer.organization_id)


# --- the page and its entries -------------------------------------------------------------------------


def page_for(state: Organization) -> CountryPage:
    page, _created = CountryPage.objects.get_or_create(member_state=state)
    return page


@transaction.atomic
def page_save_overview(*, user, state: Organization, overview: str) -> CountryPage:
    may_write_page(user, state.pk).check()
    page = CountryPage.objects.select_for_update().get(pk=page_for(state).pk)
    return write_record(page, {"overview": overview, "updated_by": user})


def _check_audience(audience: str, allowed_organizations: list[Organization]) -> None:
    if audience == CountryEntry.Audience.NAMED and not allowed_organizations:
        raise ValidationError({"allowed_organizations": [_("Name at least one organization for this audience.")]})


@files_atomic()
def entry_save(
    *,
    user,
    state: Organization,
    entry: CountryEntry | None = None,
    kind: str,
    title: str,
    text: str,
    dated_on: date,
    language: str = "",
    pillar=None,
    thematic_area: ThematicArea | None = None,
    audience: str = CountryEntry.Audience.PLATFORM,
    allowed_organizations: Iterable[Organization] = (),
    attachments: Iterable = (),
    expected_revision: int | None = None,
) -> CountryEntry:
    """Adds an entry to the State's page, or changes one of its entries; new files are attached to it."""
    may_write_page(user, state.pk).check()
    allowed_organizations = list(allowed_organizations)
    attachments = list(attachments)
    _check_audience(audience, allowed_organizations)
    page = page_for(state)
    if entry is None:
        entry = CountryEntry(page=page, created_by=user)
    else:
        entry = CountryEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.page_id != page.pk:
            raise PermissionDenied(_("This entry belongs to another State's page."))
        check_revision(entry, expected_revision)
    existing = entry.attachments.count() if entry.pk else 0
    if existing + len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [_("An entry carries at most %d files.") % MAX_ATTACHMENTS]})
    checked = [(upload, check_upload(upload, field="attachments")) for upload in attachments]
    fields = {"kind": kind, "title": title, "text": text, "language": language, "dated_on": dated_on, "pillar": pillar}
    named = allowed_organizations if audience == CountryEntry.Audience.NAMED else []
    fields |= {"thematic_area": thematic_area, "audience": audience}
    write_record(entry, fields, relations={"allowed_organizations": named})
    # Should anything of the transaction fail, the files stored so far go with its rows.
    for upload, facts in checked:
        attachment = EntryAttachment(entry=entry, **facts.fields(), uploaded_by=user)
        store(attachment.file, facts.original_filename, upload)
        attachment.save()
    return entry


@files_atomic()
def entry_change(*, user, entry: CountryEntry, expected_revision: int | None = None, **fields) -> CountryEntry:
    """Changes the given fields of one of a State's entries; the others stay as stored."""
    # What was not sent stays as stored, read under the lock the save takes.
    current = CountryEntry.objects.select_for_update().get(pk=entry.pk)
    stored = {
        "kind": current.kind,
        "title": current.title,
        "text": current.text,
        "language": current.language,
        "dated_on": current.dated_on,
        "pillar": current.pillar,
        "thematic_area": current.thematic_area,
        "audience": current.audience,
        "allowed_organizations": list(current.allowed_organizations.all()),
    }
    return entry_save(
        user=user,
        state=entry.page.member_state,
        entry=current,
        expected_revision=expected_revision,
        **(stored | fields),
    )


@transaction.atomic
def entry_delete(*, user, entry: CountryEntry) -> None:
    may_write_page(user, entry.page.member_state_id).check()
    files = [attachment.file for attachment in entry.attachments.all()]
    entry.delete()
    delete_after_commit(*files)


@transaction.atomic
def entry_moderate(*, user, entry: CountryEntry, hidden: bool, reason: str) -> CountryEntry:
    """The Secretariat hides an entry from all but its State, or restores it; the reason is kept."""
    may_moderate(user).check()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason; the State will read it.")]})
    entry = CountryEntry.objects.select_for_update().get(pk=entry.pk)
    entry._change_reason = reason  # kept in the entry's history with who and when
    fields = {"is_hidden": hidden, "moderation_reason": reason, "moderated_by": user}
    return write_record(entry, {**fields, "moderated_at": timezone.now()})

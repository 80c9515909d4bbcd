"""Uploaded files in their storage, the local disk or an S3 bucket (MEDIA_STORAGE): a write that fails leaves
no file behind (core.storage.files_atomic), and the settings choose the storage from the environment."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction

from platform_app.core.storage import files_atomic, store, stored_names
from platform_app.countries.models import EntryAttachment
from platform_app.countries.services import entry_delete, entry_save
from platform_app.demo.files import ensure_sample_files
from platform_app.library.models import Document, DocumentVersion
from platform_app.library.services import document_add_version
from tests.factories import SAMPLE_PDF, DocumentFactory, reference_org
from tests.storage import stored

pytestmark = pytest.mark.usefixtures("media_storage")


def _pdf(name: str = "brief.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SAMPLE_PDF)


def _kenyas_entry_with_two_files(people):
    return entry_save(
        user=people.state,
        state=reference_org("KE"),
        kind="priority",
        title="Border management",
        text="Our priority.",
        dated_on="2026-01-05",
        attachments=[_pdf("one.pdf"), _pdf("two.pdf")],
    )


def test_a_version_whose_transaction_fails_after_the_file_is_stored_leaves_no_file(people, monkeypatch):
    document = DocumentFactory()
    before = stored(default_storage)

    def refuse(*args, **kwargs):
        raise DatabaseError("the document row cannot be written")

    # The version's row and its file are written; the document's own save, after them, fails.
    monkeypatch.setattr(Document, "save", refuse)
    with pytest.raises(DatabaseError):
        document_add_version(user=people.secretariat, document=document, file=_pdf())
    assert document.versions.count() == 1
    assert stored(default_storage) == before


def test_a_committed_version_keeps_its_file(people):
    document = DocumentFactory()
    version = document_add_version(user=people.secretariat, document=document, file=_pdf())
    assert version.file.name in stored(default_storage)
    with default_storage.open(version.file.name, "rb") as kept:
        assert kept.read() == SAMPLE_PDF


def test_an_entry_whose_second_file_fails_keeps_neither(people, monkeypatch):
    before = stored(default_storage)
    saves = []
    original = EntryAttachment.save

    def second_fails(self, *args, **kwargs):
        saves.append(self)
        if len(saves) == 2:
            raise DatabaseError("the second attachment's row cannot be written")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EntryAttachment, "save", second_fails)
    with pytest.raises(DatabaseError):
        _kenyas_entry_with_two_files(people)
    assert len(saves) == 2
    assert stored(default_storage) == before
    assert not EntryAttachment.objects.exists()


def test_a_deleted_entry_takes_its_files_once_the_deletion_commits(people, django_capture_on_commit_callbacks):
    entry = _kenyas_entry_with_two_files(people)
    names = sorted(entry.attachments.values_list("file", flat=True))
    assert sorted(stored(default_storage)) == names
    with django_capture_on_commit_callbacks() as pending:
        entry_delete(user=people.state, entry=entry)
    assert sorted(stored(default_storage)) == names  # the files outlive a deletion that might still roll back
    for callback in pending:
        callback()
    assert stored(default_storage) == []


def _store_one(name: str) -> str:
    version = DocumentVersion()
    store(version.file, name, ContentFile(SAMPLE_PDF))
    return version.file.name


@pytest.mark.django_db
def test_a_block_nested_in_one_that_fails_loses_its_files_with_the_outer_rows():
    with pytest.raises(RuntimeError, match="outer"), files_atomic():
        with files_atomic():
            inner = _store_one("inner.pdf")
        assert default_storage.exists(inner)
        raise RuntimeError("the outer block fails")
    assert not default_storage.exists(inner)


@pytest.mark.django_db
def test_a_failed_inner_block_loses_its_files_and_the_outer_keeps_its_own():
    with files_atomic():
        kept = _store_one("kept.pdf")
        with pytest.raises(RuntimeError), files_atomic():
            lost = _store_one("lost.pdf")
            raise RuntimeError("the inner block fails")
    assert default_storage.exists(kept)
    assert not default_storage.exists(lost)


@pytest.mark.django_db
def test_a_block_marked_for_rollback_loses_its_files():
    with files_atomic():
        name = _store_one("marked.pdf")
        transaction.set_rollback(True)
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_a_file_is_stored_only_inside_a_block_that_can_remove_it():
    with pytest.raises(RuntimeError, match="files_atomic"):
        _store_one("loose.pdf")
    assert stored(default_storage) == []


def test_the_demo_writes_its_sample_files_through_the_storage_and_replaces_a_changed_one():
    samples = ensure_sample_files()
    assert sorted(stored(default_storage)) == sorted(sample.name for sample in samples)
    changed = samples[0]
    default_storage.delete(changed.name)
    default_storage.save(changed.name, ContentFile(b"changed by hand"))
    assert ensure_sample_files() == samples
    for sample in samples:
        with default_storage.open(sample.name, "rb") as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == sample.sha256


def test_stored_names_walk_every_folder_in_order():
    for name in ("b/2/deep.txt", "a/one.txt", "a/two.txt", "top.txt"):
        default_storage.save(name, ContentFile(b"x"))
    assert list(stored_names(default_storage)) == ["top.txt", "a/one.txt", "a/two.txt", "b/2/deep.txt"]
    assert list(stored_names(default_storage, "a")) == ["a/one.txt", "a/two.txt"]
    assert list(stored_names(default_storage, "missing")) == []

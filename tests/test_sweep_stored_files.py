"""The sweep of stored files no row names (platform_app.ops.sweep), its command and its weekly task: an orphan
older than the grace period goes, a file a row or a history row names stays, and so does a young orphan and
whatever lies outside the upload folders. Against the local disk and a bucket (the `media_storage` fixture)."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import models
from django_celery_beat.models import PeriodicTask

from platform_app.core.tasks import single_run
from platform_app.library.models import DocumentVersion
from platform_app.ops import sweep
from platform_app.ops.sweep import SweepError, sweep_stored_files, upload_folder
from platform_app.tasks import sweep_stored_files as sweep_task
from tests.factories import SAMPLE_PDF, DocumentFactory
from tests.storage import stored

# Files stored by a test are seconds old: the tests of what an old orphan becomes give it no grace period, and
# the grace period itself is tested by backdating files on the local disk.
NO_GRACE = timedelta(0)


def _orphan(folder: str = "documents") -> str:
    """A file stored under an upload folder as an upload is, whose row was never committed."""
    return default_storage.save(f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.pdf", ContentFile(SAMPLE_PDF))


def _backdate(name: str, hours: float) -> None:
    moment = time.time() - hours * 3600
    os.utime(default_storage.path(name), (moment, moment))


def _version_file() -> str:
    return DocumentFactory().versions.get().file.name


@pytest.mark.django_db
def test_an_orphan_older_than_the_grace_period_is_deleted_and_named_files_are_kept(media_storage):
    named = _version_file()
    orphans = sorted([_orphan("documents"), _orphan("countries")])

    result = sweep_stored_files(delete=True, grace=NO_GRACE)

    assert sorted(result.deleted) == orphans == sorted(result.orphans)
    assert stored(media_storage) == [named]
    assert result.counts() == {
        "examined": 3,
        "named": 1,
        "too_young": 0,
        "unreadable": 0,
        "orphans": 2,
        "deleted": 2,
        "failed": 0,
    }


@pytest.mark.django_db
def test_a_file_only_a_history_row_names_is_kept(media_storage):
    version = DocumentFactory().versions.get()
    name = version.file.name
    version.delete()  # its history keeps the row as it was, and could restore it
    assert not DocumentVersion.objects.filter(file=name).exists()
    assert DocumentVersion.history.filter(file=name, history_type="-").exists()

    result = sweep_stored_files(delete=True, grace=NO_GRACE)

    assert stored(media_storage) == [name]
    assert (result.named, result.deleted) == (1, [])


@pytest.mark.django_db
def test_an_orphan_younger_than_the_grace_period_is_kept(media_storage, settings):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 24
    orphan = _orphan()

    result = sweep_stored_files(delete=True)

    assert stored(media_storage) == [orphan]
    assert (result.too_young, result.orphans, result.deleted) == (1, [], [])


@pytest.mark.django_db
def test_an_orphan_is_deleted_once_the_grace_period_has_passed(settings):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 24
    recent, old = _orphan(), _orphan()
    _backdate(recent, 23)
    _backdate(old, 25)

    result = sweep_stored_files(delete=True)

    assert result.deleted == [old]
    assert stored(default_storage) == [recent]


@pytest.mark.django_db
def test_files_outside_the_upload_folders_are_kept(media_storage):
    outside = sorted(
        default_storage.save(name, ContentFile(b"kept"))
        for name in (
            "demo/sample-1.pdf",
            "health_check_storage_test/test-probe.txt",
            "notes.txt",
            "documents-old/ab/cd.pdf",
        )
    )

    result = sweep_stored_files(delete=True, grace=NO_GRACE)

    assert sorted(stored(media_storage)) == outside
    assert result.examined == 0
    assert result.folders == ["countries", "documents", "thumbnails"]


@pytest.mark.django_db
def test_a_dry_run_deletes_nothing(media_storage):
    named = _version_file()
    orphan = _orphan()

    result = sweep_stored_files(grace=NO_GRACE)

    assert (result.orphans, result.deleted) == ([orphan], [])
    assert stored(media_storage) == sorted([named, orphan])


@pytest.mark.django_db
def test_a_failing_deletion_is_counted_and_the_sweep_goes_on(media_storage):
    orphans = sorted(_orphan() for _ in range(3))
    refused = orphans[1]
    delete = default_storage.delete

    def delete_all_but_one(name):
        if name == refused:
            raise OSError("the store refused the deletion")
        delete(name)

    # Undone within the test: the bucket's storage is dropped when the test's settings are.
    with mock.patch.object(default_storage, "delete", delete_all_but_one):
        result = sweep_stored_files(delete=True, grace=NO_GRACE)

    assert result.failed == [refused]
    assert result.deleted == [orphans[0], orphans[2]]
    assert stored(media_storage) == [refused]


@pytest.mark.django_db
def test_a_file_whose_time_cannot_be_read_is_kept_and_reported(media_storage):
    unreadable, readable = _orphan(), _orphan()
    modified_time = default_storage.get_modified_time

    def time_of_one(name):
        if name == unreadable:
            raise OSError("no time for this file")
        return modified_time(name)

    with mock.patch.object(default_storage, "get_modified_time", time_of_one):
        result = sweep_stored_files(delete=True, grace=NO_GRACE)

    assert (result.unreadable, result.deleted) == ([unreadable], [readable])
    assert stored(media_storage) == [unreadable]


@pytest.mark.django_db
def test_the_command_lists_the_orphans_and_deletes_them_only_when_asked(media_storage, settings):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 0
    named = _version_file()
    orphan = _orphan()

    dry = StringIO()
    call_command("sweep_stored_files", stdout=dry)
    assert f"to delete: {orphan}" in dry.getvalue()
    assert "Examined 2 stored files under countries/, documents/, thumbnails/." in dry.getvalue()
    assert "Dry run: nothing was deleted." in dry.getvalue()
    assert stored(media_storage) == sorted([named, orphan])

    deleting = StringIO()
    call_command("sweep_stored_files", "--delete", stdout=deleting)
    assert f"deleted: {orphan}" in deleting.getvalue()
    assert "Deleted 1 file; 0 could not be deleted." in deleting.getvalue()
    assert stored(media_storage) == [named]


@pytest.mark.django_db
def test_the_task_deletes_the_orphans(media_storage, settings, tasks_in_process):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 0
    named = _version_file()
    _orphan()

    counts = sweep_task.delay().get()

    assert (counts["named"], counts["deleted"], counts["failed"]) == (1, 1, 0)
    assert stored(media_storage) == [named]


@pytest.mark.django_db
def test_a_run_of_the_task_while_another_is_under_way_does_nothing(settings, tasks_in_process):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 0
    orphan = _orphan()

    with single_run("sweep_stored_files", 60) as alone:
        assert alone
        assert sweep_task.delay().get() == {"skipped": True}
        assert stored(default_storage) == [orphan]
    assert sweep_task.delay().get()["deleted"] == 1
    assert stored(default_storage) == []


@pytest.mark.django_db
def test_the_sweep_is_scheduled_weekly():
    task = PeriodicTask.objects.get(task="platform_app.tasks.sweep_stored_files")
    schedule = task.crontab
    assert task.enabled
    assert (schedule.minute, schedule.hour, schedule.day_of_week, schedule.day_of_month) == ("30", "3", "0", "*")


def test_the_sweep_reads_every_file_field_and_the_history_of_each():
    """Walks the models on its own: a FileField added to any model, or a history kept of one, that the sweep
    would not see fails here."""
    declared = {
        (model_field.model, model_field.name)
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.FileField)
    }
    # django-simple-history's historical models keep a file field's name in a text column of the same name.
    histories = {
        (model, model_field.name)
        for model in apps.get_models()
        if (tracked := getattr(model, "instance_type", None)) is not None
        for model_field in tracked._meta.concrete_fields
        if isinstance(model_field, models.FileField)
        and model_field.attname in {column.attname for column in model._meta.concrete_fields}
    }
    fields = sweep.upload_fields()

    assert {(upload.field.model, upload.field.name) for upload in fields} == declared
    assert set(sweep.naming_columns(fields)) == declared | histories
    assert (DocumentVersion.history.model, "file") in histories
    for upload in fields:
        assert upload.folder and "/" not in upload.folder, upload


def _version_field(upload_to) -> models.FileField:
    """A file field of a document version, as if declared with this upload_to."""
    field = models.FileField(upload_to=upload_to)
    field.set_attributes_from_name("file")
    field.model = DocumentVersion
    return field


def test_a_field_whose_folder_cannot_be_told_stops_the_sweep():
    def at_the_top(instance, filename):
        return uuid.uuid4().hex

    def by_the_document(instance, filename):
        return f"{instance.document.pk}/{filename}"

    def anywhere(instance, filename):
        return f"{uuid.uuid4().hex}/{filename}"

    for upload_to, reason in (
        (at_the_top, "one folder"),
        (by_the_document, "raised"),
        (anywhere, "one folder"),
        ("%Y/%m/", "dated top folder"),
        ("", "one folder"),
    ):
        with pytest.raises(SweepError, match=reason):
            upload_folder(_version_field(upload_to))
    assert upload_folder(_version_field("reports/%Y/")) == "reports"


def test_the_command_deletes_nothing_when_a_fields_folder_cannot_be_told(monkeypatch, settings):
    settings.STORED_FILES_SWEEP_GRACE_HOURS = 0
    orphan = _orphan()
    monkeypatch.setattr(sweep, "file_fields", lambda: [_version_field("")])

    with pytest.raises(CommandError, match="does not store its files in one folder"):
        call_command("sweep_stored_files", "--delete")
    assert stored(default_storage) == [orphan]

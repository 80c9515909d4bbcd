"""The sweep of stored files that no row names.

An upload is stored before the row that names it commits (core.storage). `files_atomic` deletes it again when
the transaction rolls back, but a process killed between the two (SIGKILL, out of memory, a node lost) leaves a
file in storage that no row names. The sweep finds those and deletes them:

- the names rows hold are read from every FileField (its subclasses included) that an installed model declares,
  found through the app registry, so that a field added later is covered without a change here; and from the
  column django-simple-history's historical model keeps of each such field: a file that only a history row
  names is kept, since reverting to that row names it again;
- only the folders the upload fields write to are listed (the top folder of each field's upload_to, such as
  `documents/`), so nothing else the storage holds is touched: the demo's sample files (`demo/`) and the
  health check's probe (`health_check_storage_test/`) lie outside them;
- a file is deleted only when no row names it and it is older than STORED_FILES_SWEEP_GRACE_HOURS, so an upload
  stored and not yet committed is never swept; a file whose time cannot be read is kept and reported.

`sweep_stored_files` deletes nothing unless asked to: the command `sweep_stored_files` runs it (a dry run
unless `--delete`), and the weekly task of the same name with deletion.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from platform_app.core.storage import stored_names

logger = logging.getLogger(__name__)


# Rows read from the database at a time while collecting the names: memory stays bounded by the set of names.
CHUNK_SIZE = 2000


# The file name an upload_to is asked to place, to learn its folder.
PROBE_NAME = "probe.txt"


class SweepError(Exception):
    """The sweep cannot tell where a field stores its files, and deletes nothing rather than guess."""


@dataclass(frozen=True)
class UploadField:
    """A FileField of an installed model, and the top folder its upload_to writes to."""

    field: models.FileField
    folder: str

    @property
    def storage(self) -> Storage:
        return self.field.storage


def file_fields() -> list[models.FileField]:
    """Every FileField (or subclass) an installed model declares, once: not again on its proxies or the children
    of multi-table inheritance, which read the declaring model's column."""
    return [
        model_field
        for model in apps.get_models()
        for model_field in model._meta.local_fields
        if isinstance(model_field, models.FileField)
    ]


def label(model_field: models.Field) -> str:
    return f"{model_field.model._meta.label}.{model_field.name}"


def upload_folder(model_field: models.FileField) -> str:
    """The top folder of the names a field makes: "documents" for "documents/3f/3f9c….pdf".

    A string upload_to is a folder, whose top must be a plain name (a date pattern there would move on, and the
    files of earlier dates would never be listed). A callable one is asked for a name twice, with a blank
    instance of the field's model, and both names must start with the same folder: it must not choose the top
    folder from the instance. A field whose folder cannot be told so, or which stores files at the top of the
    storage, stops the sweep: a guess would leave its orphans behind or list files that are no uploads."""
    upload_to = model_field.upload_to
    if isinstance(upload_to, str) and "%" in next(iter(PurePosixPath(upload_to).parts), ""):
        raise SweepError(f"{label(model_field)} stores its files under a dated top folder ({upload_to!r}).")
    folders = set()
    for _attempt in range(2):
        try:
            name = model_field.generate_filename(model_field.model(), PROBE_NAME)
        except Exception as error:  # upload_to may be any code
            raise SweepError(
                f"Cannot tell where {label(model_field)} stores its files: its upload_to raised {error!r}."
            ) from error
        parts = PurePosixPath(name).parts
        folders.add(parts[0] if len(parts) > 1 else "")
    if len(folders) != 1 or "" in folders:
        raise SweepError(
            f"{label(model_field)} does not store its files in one folder of their own "
            f"(its upload_to gave {sorted(folders)!r}); the sweep needs one to know which files are uploads."
        )
    return folders.pop()


def upload_fields() -> list[UploadField]:
    return [UploadField(model_field, upload_folder(model_field)) for model_field in file_fields()]


def naming_columns(fields: list[UploadField]) -> list[tuple[type[models.Model], str]]:
    """Each upload field's model and column, and the column its historical model keeps of it, if any."""
    columns = []
    for upload in fields:
        model_field = upload.field
        columns.append((model_field.model, model_field.attname))
        try:
            history = get_history_model_for_model(model_field.model)
        except NotHistoricalModelError:
            continue
        if model_field.attname in {column.attname for column in history._meta.concrete_fields}:
            columns.append((history, model_field.attname))
    return columns


def named_files(columns: list[tuple[type[models.Model], str]]) -> set[str]:
    """Every file name the rows of these columns hold. Through each model's base manager, so that no default
    manager leaves out rows (hidden or archived ones still name their files); `__gt=""` skips NULL and empty."""
    names: set[str] = set()
    for model, column in columns:
        rows = model._base_manager.filter(**{f"{column}__gt": ""}).values_list(column, flat=True)
        names.update(rows.iterator(chunk_size=CHUNK_SIZE))
    return names


@dataclass
class SweepResult:
    """What a sweep found. `orphans` are the files no row names that are older than the grace period: deleted,
    or in a dry run the ones a run with deletion would delete."""

    delete: bool
    grace: timedelta
    folders: list[str]
    examined: int = 0
    named: int = 0
    too_young: int = 0
    unreadable: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "examined": self.examined,
            "named": self.named,
            "too_young": self.too_young,
            "unreadable": len(self.unreadable),
            "orphans": len(self.orphans),
            "deleted": len(self.deleted),
            "failed": len(self.failed),
        }


def _swept_storages(fields: list[UploadField]) -> list[tuple[Storage, list[str]]]:
    """Each storage the upload fields use (the media storage, unless a field names its own), with its folders."""
    by_storage: dict[int, tuple[Storage, set[str]]] = {}
    for upload in fields:
        by_storage.setdefault(id(upload.storage), (upload.storage, set()))[1].add(upload.folder)
    return [(storage, sorted(folders)) for storage, folders in by_storage.values()]


def _modified(storage: Storage, name: str) -> datetime | None:
    try:
        return storage.get_modified_time(name)
    except Exception:  # whatever the storage raises: the file is kept
        logger.exception("Kept %s: its time in storage could not be read", name)
        return None


def _delete(storage: Storage, name: str, modified: datetime, result: SweepResult) -> None:
    try:
        storage.delete(name)
    except Exception:  # whatever the storage raises: counted, and the sweep goes on
        logger.exception("Could not delete %s, a stored file no row names", name)
        result.failed.append(name)
        return
    logger.info("Deleted %s, a stored file no row names, stored at %s", name, modified.isoformat())
    result.deleted.append(name)


def sweep_stored_files(*, delete: bool = False, grace: timedelta | None = None) -> SweepResult:
    """Finds the stored files under the upload folders that no row names and that are older than `grace`
    (STORED_FILES_SWEEP_GRACE_HOURS by default), and deletes them when `delete` is true.

    The moment the grace period counts back from is taken before the names are read. A row committed after
    they were read names a file stored less than the grace period before its commit, so that file is younger
    than the cut-off and kept."""
    if grace is None:
        grace = timedelta(hours=settings.STORED_FILES_SWEEP_GRACE_HOURS)
    fields = upload_fields()
    storages = _swept_storages(fields)
    cutoff = timezone.now() - grace
    named = named_files(naming_columns(fields))
    result = SweepResult(delete=delete, grace=grace, folders=[f for _s, folders in storages for f in folders])
    for storage, folders in storages:
        for folder in folders:
            for name in stored_names(storage, folder):
                result.examined += 1
                if name in named:
                    result.named += 1
                    continue
                modified = _modified(storage, name)
                if modified is None:
                    result.unreadable.append(name)
                elif modified > cutoff:
                    result.too_young += 1
                else:
                    result.orphans.append(name)
                    if delete:
                        _delete(storage, name, modified, result)
    return result

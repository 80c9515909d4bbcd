"""Stored files, through Django's Storage API only, whatever keeps them (MEDIA_STORAGE: the local disk or an
S3 bucket): no path of the local disk is ever read or joined.

A file is saved to storage before the row that names it is written, and a storage write is not part of the
database's transaction. `files_atomic` ties the two: it is `transaction.atomic`, and the files saved with
`store` inside it, or by a `StoredFileField` whoever saves it (a service, a form, the admin, which runs its
forms in `files_atomic`), are deleted from storage when it does not commit, so a refused or failed write
leaves no object behind. A block nested in another `files_atomic` hands its files to the outer one, which
deletes them if it is the one that fails. The other way round, `delete_after_commit` deletes the files of rows
deleted or replaced only once their transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


# The files saved in the innermost open files_atomic block of this thread or task: (storage, name) pairs.
_saved: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("files_atomic_saved", default=None)


class files_atomic(ContextDecorator):  # lower case, as transaction.atomic: a decorator or a `with`
    """`transaction.atomic`, whose files saved with `store` are deleted if it rolls back."""

    def __init__(self, using: str | None = None) -> None:
        self.using = using

    def _recreate_cm(self) -> files_atomic:
        # Each call of a decorated function opens its own block.
        return files_atomic(self.using)

    def __enter__(self) -> files_atomic:
        self._atomic = transaction.atomic(using=self.using)
        self._atomic.__enter__()
        self._token = _saved.set([])
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        saved = _saved.get() or []
        _saved.reset(self._token)
        rolled_back = exc_type is not None or transaction.get_rollback(self.using)
        try:
            self._atomic.__exit__(exc_type, exc, traceback)
        except BaseException:
            discard(saved)
            raise
        if rolled_back:
            discard(saved)
            return False
        outer = _saved.get()
        if outer is not None:
            outer.extend(saved)
        return False


class StoredFieldFile(FieldFile):
    """The file of a `StoredFileField`: saved inside a `files_atomic` block, it is deleted if the block does
    not commit, whatever saved it (the admin's forms save the file in the field's pre_save)."""

    def save(self, name, content, save=True):
        super().save(name, content, save=save)
        saved = _saved.get()
        if saved is not None:
            saved.append((self.storage, self.name))


class StoredFileField(models.FileField):
    """A FileField whose saved files a failing `files_atomic` block deletes again."""

    attr_class = StoredFieldFile

    def deconstruct(self):
        # The same column and migrations as a FileField: what differs is only what the save remembers.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


def store(field_file: FieldFile, name: str, content) -> None:
    """Saves `content` as the file of `field_file` (its field's upload_to makes the stored name from `name`),
    without saving the row, inside a `files_atomic` block that deletes it again if it rolls back."""
    saved = _saved.get()
    if saved is None:
        raise RuntimeError("store() saves files only inside a files_atomic block, which removes them on failure.")
    field_file.save(name, content, save=False)
    if not isinstance(field_file, StoredFieldFile):  # which remembers its own
        saved.append((field_file.storage, field_file.name))


def discard(files: list[tuple[Storage, str]]) -> None:
    """Deletes stored files, logging (not raising) a failure: the error that undid their rows is the one
    reported, and a row deleted stays deleted."""
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s from storage", name)


def delete_after_commit(*files: FieldFile, using: str | None = None) -> None:
    """Deletes the stored `files` (of rows deleted, or replaced) once the current transaction commits, and
    never if it rolls back, when the rows naming them would be back; at once outside a transaction."""
    stored = [(file.storage, file.name) for file in files if file]
    if stored:
        transaction.on_commit(lambda: discard(stored), using=using)


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file under `folder` of a storage, by its name in the storage ("documents/ab/c.pdf"), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder of the local disk that no file was saved in yet
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for subfolder in sorted(folders):
        yield from stored_names(storage, prefix + subfolder)

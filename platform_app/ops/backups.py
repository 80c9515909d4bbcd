"""Backups: the database and the stored uploads, whichever storage keeps them, in one archive
(platform_app.ops.archives), and their verified restore (platform_app.ops.restores).

The manifest describes the very state the database copy holds. On PostgreSQL the counts are read
in a REPEATABLE READ transaction whose snapshot pg_dump imports (`--snapshot`), so writes made
in the meantime are in neither; on SQLite they are read from the copy itself.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import DatabaseError
from django.utils import timezone

from platform_app.ops.archives import (
    DUMP_NAMES,
    MANIFEST_NAME,
    MEDIA_FOLDER,
    BackupError,
    Manifest,
    Progress,
    _add_bytes,
    _add_file,
    _add_stored,
    counted,
    media_files,
    quiet,
    storage_label,
)
from platform_app.ops.databases import (
    _dump_postgresql,
    _dump_sqlite,
    client_program,
    database_settings,
    describe,
    vendor_of,
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float


def default_backup_name(moment: dt.datetime) -> str:
    return f"backup-{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar"


def _destination(output: Path | None, moment: dt.datetime) -> Path:
    if output is None:
        destination = Path(os.environ.get("BACKUP_DIR") or ".") / default_backup_name(moment)
    elif output.is_dir():
        destination = output / default_backup_name(moment)
    else:
        destination = output
    destination = destination.absolute()
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another --output.")
    return destination


def create_backup(
    output: Path | None = None, progress: Progress = quiet, storage: Storage | None = None
) -> BackupResult:
    """Writes the configured database and every file of the media storage (the configured one unless `storage`
    is given) to one archive, with a manifest of both.

    The archive appears under its name only once complete: it is written to a temporary file in
    the same folder and renamed at the end; a failure leaves nothing behind.
    """
    started = time.monotonic()
    created_at = timezone.now()
    destination = _destination(output, created_at)
    config = database_settings()
    vendor = vendor_of(config)
    pg_dump = client_program("pg_dump") if vendor == "postgresql" else ""
    storage = storage or storages["default"]
    if isinstance(storage, FileSystemStorage) and destination.parent.resolve().is_relative_to(
        Path(storage.location).resolve()
    ):
        raise BackupError(f"The archive cannot be written inside MEDIA_ROOT ({storage.location}), which it archives.")

    descriptor, partial_name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"
    )
    partial = Path(partial_name)
    try:
        with (
            os.fdopen(descriptor, "wb") as stream,
            tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as workdir,
        ):
            dump = Path(workdir, DUMP_NAMES[vendor])
            progress(f"Copying the {describe(config)}...")
            tables = _dump_postgresql(config, dump, pg_dump) if vendor == "postgresql" else _dump_sqlite(config, dump)
            with tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as archive:
                database = _add_file(archive, dump, DUMP_NAMES[vendor])
                files = media_files(storage)
                progress(f"Archiving {counted(len(files), 'media file')} from {storage_label(storage)}...")
                media = {name: _add_stored(archive, storage, name, f"{MEDIA_FOLDER}/{name}") for name in files}
                manifest = Manifest(
                    vendor=vendor,
                    created_at=created_at.isoformat(timespec="seconds"),
                    database=database,
                    tables=tables,
                    media=media,
                )
                _add_bytes(archive, MANIFEST_NAME, manifest.to_json())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, destination)
    except (OSError, sqlite3.Error, DatabaseError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed and was not kept: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(destination, manifest, time.monotonic() - started)

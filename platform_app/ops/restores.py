"""The verified restore of a backup archive (platform_app.ops.archives).

A restore checks the whole archive (manifest, format, vendor, the checksum of every file in it, and
every media file against the check uploads pass, uploads.check_upload) before it touches anything,
refuses a database that already has tables or a media storage that already holds files unless forced,
and afterwards recomputes every table's count and checksum in the restored database and every file's
sha256, and compares them with the manifest. Files are written through Django's Storage API: into the
configured media storage (the local disk or an S3 bucket), or into a folder named for the restore.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError

from platform_app.core.uploads import check_upload
from platform_app.ops.archives import (
    CHUNK_SIZE,
    MANIFEST_NAME,
    MEDIA_FOLDER,
    BackupError,
    Manifest,
    Progress,
    TableState,
    _extract,
    _HashingReader,
    _media_path,
    _restore_stored,
    counted,
    media_files,
    quiet,
    storage_label,
    stored_sha256,
)
from platform_app.ops.databases import (
    _restore_postgresql,
    _restore_sqlite,
    client_program,
    connect,
    database_settings,
    describe,
    table_states,
    vendor_of,
)

VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


LISTED_DIFFERENCES = 20


@dataclass(frozen=True)
class RestoreResult:
    target: str
    media: str  # where the files went: "the media folder /srv/media", "the bucket compact"
    manifest: Manifest
    seconds: float


def read_archive(path: Path) -> Manifest:
    """The manifest of an archive, once the archive is found to hold exactly what it lists."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        with tarfile.open(path, "r:*") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if MANIFEST_NAME not in members or not members[MANIFEST_NAME].isfile():
                raise BackupError(f"{path} has no {MANIFEST_NAME}: it is not an archive written by the backup command.")
            manifest = Manifest.from_json(archive.extractfile(members[MANIFEST_NAME]).read(), path)
            expected = {manifest.dump_name: manifest.database} | {
                f"{MEDIA_FOLDER}/{_media_path(name)}": digest for name, digest in manifest.media.items()
            }
            unlisted = sorted(members.keys() - expected.keys() - {MANIFEST_NAME})
            if unlisted:
                raise BackupError(f"{path} holds files its manifest does not list: {', '.join(unlisted[:5])}.")
            refused = []
            for name, digest in expected.items():
                member = members.get(name)
                if member is None or not member.isfile():
                    raise BackupError(f"{path} lacks {name}, which its manifest lists.")
                if name == manifest.dump_name:
                    sha256, refusal = _member_sha256(archive, member), ""
                else:
                    sha256, refusal = _checked_media_member(archive, member)
                if member.size != digest.size or sha256 != digest.sha256:
                    raise BackupError(f"{name} in {path} does not match its checksum in the manifest.")
                if refusal:
                    refused.append(f"{name.removeprefix(MEDIA_FOLDER + '/')}: {refusal}")
            if refused:
                listed = "\n".join(f"  - {line}" for line in refused[:LISTED_DIFFERENCES])
                more = len(refused) - LISTED_DIFFERENCES
                raise BackupError(
                    f"{path} holds {counted(len(refused), 'media file')} that no upload may bring in; "
                    f"nothing is restored:\n{listed}" + (f"\n  - and {more} more" if more > 0 else "")
                )
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a readable backup archive: {exc}.") from exc
    return manifest


def _checked_media_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> tuple[str, str]:
    """A media file's sha256, and why the upload check refuses it ("" if it does not). A restore brings
    files in as uploads do, so they pass the same check: a web page named .txt stays out of the library."""
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK_SIZE) as copy:
        reader = _HashingReader(archive.extractfile(member))
        shutil.copyfileobj(reader, copy, CHUNK_SIZE)
        try:
            check_upload(UploadedFile(copy, name=PurePosixPath(member.name).name, size=member.size))
        except ValidationError as refused:
            return reader.hexdigest(), " ".join(refused.messages)
    return reader.hexdigest(), ""


def _member_sha256(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    stream = archive.extractfile(member)
    while chunk := stream.read(CHUNK_SIZE):
        digest.update(chunk)
    return digest.hexdigest()


def restore_backup(
    path: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    force: bool = False,
    progress: Progress = quiet,
) -> RestoreResult:
    """Restores an archive into a database and the media storage (a folder of the local disk when `media_root`
    is given, else the configured storage), then checks them against the manifest."""
    started = time.monotonic()
    progress(f"Checking {path}...")
    manifest = read_archive(path)
    config = database_settings(database_url)
    vendor = vendor_of(config)
    if manifest.vendor != vendor:
        raise BackupError(
            f"The database in {path} comes from {VENDOR_NAMES[manifest.vendor]}; "
            f"it cannot be restored into the {describe(config)}."
        )
    pg_restore = client_program("pg_restore") if vendor == "postgresql" else ""
    target = describe(config)
    storage = FileSystemStorage(location=Path(media_root).absolute()) if media_root else storages["default"]
    media = storage_label(storage)

    with connect(config) as database:
        existing = database.introspection.table_names()
    if existing and not force:
        raise BackupError(
            f"The {target} already has {counted(len(existing), 'table')}. Restore into an empty database "
            "(--database-url), or pass --force to replace its content with the backup's."
        )
    present = media_files(storage)
    if present and not force:
        raise BackupError(
            f"{media[0].upper()}{media[1:]} already holds {counted(len(present), 'file')}. Restore into an empty "
            "folder (--media-root) or storage, or pass --force to overwrite them with the backup's."
        )

    try:
        with tempfile.TemporaryDirectory(prefix="restore-") as workdir, tarfile.open(path, "r:*") as archive:
            dump = Path(workdir, manifest.dump_name)
            _extract(archive, manifest.dump_name, dump)
            progress(f"Restoring the {target}...")
            if vendor == "postgresql":
                _restore_postgresql(config, dump, pg_restore, replace=bool(existing))
            else:
                _restore_sqlite(config, dump)
            progress(f"Restoring {counted(len(manifest.media), 'media file')} into {media}...")
            for name in manifest.media:
                _restore_stored(archive, f"{MEDIA_FOLDER}/{name}", storage, str(_media_path(name)))
    except (OSError, tarfile.TarError, sqlite3.Error, DatabaseError) as exc:
        raise BackupError(f"The restore failed: {exc}. The {target} and {media} may hold part of the backup.") from exc

    progress("Comparing the restored database and files with the manifest...")
    differences = compare(manifest, table_states(config), storage)
    if differences:
        listed = "\n".join(f"  - {difference}" for difference in differences[:LISTED_DIFFERENCES])
        more = len(differences) - LISTED_DIFFERENCES
        raise BackupError(
            f"The restored data does not match the backup {path} ({counted(len(differences), 'difference')}); "
            f"do not use the {target} before the cause is known:\n{listed}"
            + (f"\n  - and {more} more" if more > 0 else "")
        )
    return RestoreResult(target, media, manifest, time.monotonic() - started)


def compare(manifest: Manifest, tables: dict[str, TableState], storage: Storage) -> list[str]:
    """How a database's tables and a media storage differ from a manifest, one sentence per difference."""
    differences = []
    for table in sorted(manifest.tables.keys() | tables.keys()):
        expected, found = manifest.tables.get(table), tables.get(table)
        if found is None:
            differences.append(f"Table {table} is in the backup but not in the database.")
        elif expected is None:
            differences.append(f"Table {table} is in the database but not in the backup.")
        elif found.rows != expected.rows:
            differences.append(f"Table {table} has {found.rows:,} rows; the backup has {expected.rows:,}.")
        elif found.checksum != expected.checksum:
            differences.append(f"Table {table} has the backup's {found.rows:,} rows, but their content differs.")
    for name, digest in manifest.media.items():
        if not storage.exists(name):
            differences.append(f"Media file {name} is missing.")
        elif stored_sha256(storage, name) != digest.sha256:
            differences.append(f"Media file {name} differs from the backup's.")
    return differences

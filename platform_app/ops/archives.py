"""Backup archives: their format, their manifest, and writing and reading the files they hold.

An archive is a tar file holding
- `manifest.json`: the format version, when the backup was made, the database vendor, every
  table's row count and checksum, and the size and sha256 of the database copy and of each
  media file;
- the database: `database.pgdump` (`pg_dump --format=custom`) on PostgreSQL, or
  `database.sqlite3` (a copy made with SQLite's online backup API) on SQLite;
- `media/...`: every stored upload, by its name in the media storage (MEDIA_STORAGE: the local disk under
  MEDIA_ROOT, or an S3 bucket), read and written through Django's Storage API whichever it is.

Backups write archives (platform_app.ops.backups), restores read them (platform_app.ops.restores).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

from platform_app.core.storage import stored_names

FORMAT_VERSION = 1


MANIFEST_NAME = "manifest.json"


MEDIA_FOLDER = "media"


DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


# How each vendor's table checksums are computed; a manifest names its method, and a restore
# compares only checksums computed the same way.
CHECKSUM_METHODS = {
    "postgresql": "md5 of the sorted md5 of each row's text",
    "sqlite": "sha256 of the sorted sha256 of each row's quoted values",
}


CHUNK_SIZE = 1024 * 1024


Progress = Callable[[str], None]


def quiet(message: str) -> None:
    """The default progress report: none."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is meant for the person running it."""


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str


@dataclass(frozen=True)
class FileDigest:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    database: FileDigest
    tables: dict[str, TableState]
    media: dict[str, FileDigest]

    @property
    def dump_name(self) -> str:
        return DUMP_NAMES[self.vendor]

    @property
    def rows(self) -> int:
        return sum(state.rows for state in self.tables.values())

    @property
    def media_bytes(self) -> int:
        return sum(digest.size for digest in self.media.values())

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT_VERSION,
            "created_at": self.created_at,
            "vendor": self.vendor,
            "checksum_method": CHECKSUM_METHODS[self.vendor],
            "database": {"file": self.dump_name, "size": self.database.size, "sha256": self.database.sha256},
            "tables": {name: {"rows": s.rows, "checksum": s.checksum} for name, s in self.tables.items()},
            "media": {name: {"size": d.size, "sha256": d.sha256} for name, d in self.media.items()},
        }
        return json.dumps(data, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes, source: Path) -> Manifest:
        """The manifest read from an archive; refuses one this version cannot read."""
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise BackupError(f"The manifest of {source} is not valid JSON: {exc}.") from exc
        if not isinstance(data, dict):
            raise BackupError(f"The manifest of {source} is malformed.")
        if data.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"{source} is a backup in format {data.get('format')!r}; "
                f"this version of the platform reads format {FORMAT_VERSION} only."
            )
        vendor = data.get("vendor")
        if vendor not in DUMP_NAMES:
            raise BackupError(f"{source} is a backup of a {vendor!r} database, which the platform does not restore.")
        if data.get("checksum_method") != CHECKSUM_METHODS[vendor]:
            raise BackupError(f"The table checksums of {source} were computed in a way this version does not know.")
        try:
            return cls(
                vendor=vendor,
                created_at=str(data["created_at"]),
                database=FileDigest(int(data["database"]["size"]), str(data["database"]["sha256"])),
                tables={
                    str(name): TableState(int(state["rows"]), str(state["checksum"]))
                    for name, state in data["tables"].items()
                },
                media={
                    str(name): FileDigest(int(digest["size"]), str(digest["sha256"]))
                    for name, digest in data["media"].items()
                },
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackupError(f"The manifest of {source} is malformed ({exc!r}).") from exc


def counted(number: int, noun: str) -> str:
    """A number and its noun, in the plural unless it is one: "1 table", "1,947 rows"."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


# Files


class _HashingReader:
    """Reads a stream and hashes what it reads, so a file is hashed as it is archived."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(storage: Storage) -> list[str]:
    """The names of the stored files ("documents/ab/c.pdf"), sorted folder by folder."""
    return list(stored_names(storage))


def storage_label(storage: Storage) -> str:
    """Where a storage keeps its files, for a person: "the media folder /srv/media", "the bucket compact"."""
    if isinstance(storage, FileSystemStorage):
        return f"the media folder {storage.location}"
    bucket = getattr(storage, "bucket_name", "")
    return f"the bucket {bucket}" if bucket else f"the {type(storage).__name__} storage"


def _media_path(name: str) -> PurePosixPath:
    """A media file's relative path from a manifest; refuses one that would leave the media folder."""
    relative = PurePosixPath(name)
    if str(relative) != name or not relative.parts or relative.is_absolute() or "\\" in name or ".." in relative.parts:
        raise BackupError(f"The manifest lists the media file {name!r}, whose path is not allowed.")
    return relative


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> FileDigest:
    with path.open("rb") as stream:
        status = os.fstat(stream.fileno())
        member = tarfile.TarInfo(name)
        member.size = status.st_size
        member.mtime = int(status.st_mtime)
        member.mode = status.st_mode & 0o777
        reader = _HashingReader(stream)
        archive.addfile(member, reader)
    return FileDigest(member.size, reader.hexdigest())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(time.time())
    member.mode = 0o644
    archive.addfile(member, io.BytesIO(data))


def _add_stored(archive: tarfile.TarFile, storage: Storage, name: str, member_name: str) -> FileDigest:
    """Archives a stored file, read through the storage, hashing it on the way."""
    member = tarfile.TarInfo(member_name)
    member.size = storage.size(name)
    member.mtime = int(storage.get_modified_time(name).timestamp())
    member.mode = 0o644
    with storage.open(name, "rb") as stream:
        reader = _HashingReader(stream)
        archive.addfile(member, reader)
    return FileDigest(member.size, reader.hexdigest())


def _restore_stored(archive: tarfile.TarFile, member_name: str, storage: Storage, name: str) -> None:
    """Writes an archived file into a storage under its name, replacing a file of that name."""
    source = archive.extractfile(archive.getmember(member_name))
    if source is None:
        raise BackupError(f"{member_name} in the archive is not a file.")
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(source, name=PurePosixPath(name).name))
    if saved != name:
        raise BackupError(f"The storage kept {member_name} as {saved!r} instead of {name!r}.")


def _extract(archive: tarfile.TarFile, name: str, destination: Path) -> None:
    """Writes an archived file to a temporary name next to its destination, then renames it."""
    member = archive.getmember(name)
    source = archive.extractfile(member)
    if source is None:
        raise BackupError(f"{name} in the archive is not a file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            shutil.copyfileobj(source, stream, CHUNK_SIZE)
        os.chmod(partial, member.mode & 0o777 or 0o644)
        os.replace(partial, destination)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def human_size(size: int) -> str:
    value, unit = float(size), "bytes"
    for larger in ("KB", "MB", "GB", "TB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"

"""Backups: the database and the uploaded files in one archive, and their verified restore.

An archive is a tar file holding
- `manifest.json`: the format version, when the backup was made, the database vendor, every
  table's row count and checksum, and the size and sha256 of the database copy and of each
  media file;
- the database: `database.pgdump` (`pg_dump --format=custom`) on PostgreSQL, or
  `database.sqlite3` (a copy made with SQLite's online backup API) on SQLite;
- `media/...`: every file under MEDIA_ROOT.

The manifest describes the very state the database copy holds. On PostgreSQL the counts are read
in a REPEATABLE READ transaction whose snapshot pg_dump imports (`--snapshot`), so writes made
in the meantime are in neither; on SQLite they are read from the copy itself.

A restore checks the whole archive (manifest, format, vendor, the checksum of every file in it, and
every media file against the check uploads pass, uploads.check_upload) before it touches anything,
refuses a database that already has tables or a media folder that already holds files unless forced,
and afterwards recomputes every table's count and checksum in the restored database and every file's
sha256, and compares them with the manifest.

A table's checksum does not depend on the physical order of its rows: each row is hashed on its
own, and the sorted row hashes are hashed together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

from platform_app.core.uploads import check_upload

FORMAT_VERSION = 1


MANIFEST_NAME = "manifest.json"


MEDIA_FOLDER = "media"


DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# How each vendor's table checksums are computed; a manifest names its method, and a restore
# compares only checksums computed the same way.
CHECKSUM_METHODS = {
    "postgresql": "md5 of the sorted md5 of each row's text",
    "sqlite": "sha256 of the sorted sha256 of each row's quoted values",
}


# Fixed output settings for PostgreSQL, so that a row's text does not depend on the session.
POSTGRES_TEXT_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


CHUNK_SIZE = 1024 * 1024


LISTED_DIFFERENCES = 20


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


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    target: str
    media_root: Path
    manifest: Manifest
    seconds: float


# Databases


def database_settings(url: str | None = None) -> dict[str, Any]:
    """The settings of the database a URL names (written like DATABASE_URL), or the configured one."""
    if not url:
        return _completed(connections[DEFAULT_DB_ALIAS].settings_dict)
    try:
        return _completed(dj_database_url.parse(url))
    except ValueError as exc:
        # The message leaves the URL out: it may hold a password.
        raise BackupError(
            "--database-url is not a database URL the platform knows; "
            "write it like DATABASE_URL (postgres://user:password@host:5432/name or sqlite:////path/to/file)."
        ) from exc


def _completed(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of a database's settings with Django's defaults for what they leave out."""
    config = {**config, "OPTIONS": dict(config.get("OPTIONS") or {}), "TEST": dict(config.get("TEST") or {})}
    return connections.configure_settings({DEFAULT_DB_ALIAS: config})[DEFAULT_DB_ALIAS]


def vendor_of(config: dict[str, Any]) -> str:
    """The vendor of a database ("postgresql", "sqlite"); refuses the ones backups do not handle."""
    try:
        vendor = load_backend(config["ENGINE"]).DatabaseWrapper.vendor
    except ImproperlyConfigured as exc:
        raise BackupError(f"The database engine {config['ENGINE']} cannot be used here: {exc}") from exc
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups handle PostgreSQL and SQLite databases only, not {vendor}.")
    return vendor


def describe(config: dict[str, Any]) -> str:
    """The database in words, for messages (never with its password)."""
    if vendor_of(config) == "sqlite":
        return f"SQLite database {config['NAME']}"
    return f"PostgreSQL database {config['NAME']!r} on {config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"


@contextmanager
def connect(config: dict[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to a database, closed on leaving.

    Being separate from Django's connections, it has its own transactions and sees only what
    other connections have committed.
    """
    config = _completed(config)
    database = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias="backup")
    try:
        try:
            database.ensure_connection()
        except DatabaseError as exc:
            raise BackupError(f"Could not connect to the {describe(config)}: {exc}") from exc
        yield database
    finally:
        # SQLite's wrapper keeps in-memory databases open; this connection is a second one to
        # a shared database, which lives on as long as the first is open, so it is closed.
        BaseDatabaseWrapper.close(database)


def table_states(config: dict[str, Any]) -> dict[str, TableState]:
    """Every table's row count and checksum, all read in one transaction."""
    with connect(config) as database, database.cursor() as cursor:
        if database.vendor == "postgresql":
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            cursor.execute("BEGIN")
        try:
            return _read_table_states(database, cursor)
        finally:
            cursor.execute("ROLLBACK")


def _read_table_states(database: BaseDatabaseWrapper, cursor) -> dict[str, TableState]:
    if database.vendor == "postgresql":
        for name, value in POSTGRES_TEXT_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        state_of = _postgresql_table_state
    else:
        state_of = _sqlite_table_state
    return {table: state_of(cursor, _identifier(table)) for table in database.introspection.table_names(cursor)}


def _identifier(name: str) -> str:
    """A table or column name quoted for SQL (the same way in PostgreSQL and SQLite)."""
    return '"' + name.replace('"', '""') + '"'


# The table and column names in the queries below come from the database's own catalogue, quoted.


def _postgresql_table_state(cursor, table: str) -> TableState:
    row_hashes = f"SELECT md5(ROW(r.*)::text) AS h FROM {table} AS r"  # noqa: S608
    aggregates = "count(*), md5(coalesce(string_agg(h, '' ORDER BY h COLLATE \"C\"), ''))"
    cursor.execute(f"SELECT {aggregates} FROM ({row_hashes}) AS t")  # noqa: S608
    rows, checksum = cursor.fetchone()
    return TableState(rows, checksum)


def _sqlite_table_state(cursor, table: str) -> TableState:
    cursor.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608
    columns = [column[0] for column in cursor.description]
    # quote() gives each value as an SQL literal: its type shows, and reals keep every digit.
    quoted = ", ".join(f"quote({_identifier(column)}) AS c{i}" for i, column in enumerate(columns))
    cursor.execute(f"SELECT {quoted} FROM {table}")  # noqa: S608
    digests = sorted(hashlib.sha256("\x1f".join(row).encode()).digest() for row in cursor)
    return TableState(len(digests), hashlib.sha256(b"".join(digests)).hexdigest())


# PostgreSQL's client programs


def client_program(name: str) -> str:
    """The path of pg_dump or pg_restore: the PG_DUMP / PG_RESTORE variable, else the PATH."""
    variable = name.upper()
    override = os.environ.get(variable)
    found = shutil.which(override or name)
    if found is None:
        if override:
            raise BackupError(f"{variable} is set to {override!r}, which is not an executable program.")
        raise BackupError(
            f"{name} was not found on the PATH. Install PostgreSQL's client programs "
            f"(the postgresql-client package) or set {variable} to the program's path."
        )
    return found


def _libpq_arguments(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, and their environment.

    The password goes in PGPASSWORD, never on the command line, where other users could read it.
    """
    from django.db.backends.postgresql.client import DatabaseClient

    if not config.get("NAME"):
        raise BackupError("The database settings name no PostgreSQL database.")
    _, extra_environment = DatabaseClient.settings_to_cmd_args_env(config, [])
    arguments = []
    if config.get("HOST"):
        arguments.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        arguments.append(f"--port={config['PORT']}")
    if config.get("USER"):
        arguments.append(f"--username={config['USER']}")
    arguments.append(f"--dbname={config['NAME']}")
    return arguments, {**os.environ, **(extra_environment or {})}


def _run_client(name: str, arguments: list[str], environment: dict[str, str]) -> None:
    """Runs pg_dump or pg_restore (`name`); its error output becomes the message of a failure."""
    try:
        completed = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"Could not run {name} ({arguments[0]}): {exc}") from exc
    if completed.returncode != 0:
        detail = completed.stderr.strip() or completed.stdout.strip()
        raise BackupError(
            f"{name} ({arguments[0]}) failed with exit status {completed.returncode}"
            + (f": {detail}" if detail else " and printed no message.")
        )


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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, Path]:
    """The files under a media folder by their relative path ("documents/2026/a.pdf"), sorted."""
    if not root.is_dir():
        return {}
    found = {}
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path
    return found


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


# Backup


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


def create_backup(output: Path | None = None, progress: Progress = quiet) -> BackupResult:
    """Writes the configured database and MEDIA_ROOT to one archive, with a manifest of both.

    The archive appears under its name only once complete: it is written to a temporary file in
    the same folder and renamed at the end; a failure leaves nothing behind.
    """
    started = time.monotonic()
    created_at = timezone.now()
    destination = _destination(output, created_at)
    config = database_settings()
    vendor = vendor_of(config)
    pg_dump = client_program("pg_dump") if vendor == "postgresql" else ""
    media_root = Path(settings.MEDIA_ROOT)
    if destination.parent.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(f"The archive cannot be written inside MEDIA_ROOT ({media_root}), which it archives.")

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
                files = media_files(media_root)
                progress(f"Archiving {counted(len(files), 'media file')} from {media_root}...")
                media = {name: _add_file(archive, path, f"{MEDIA_FOLDER}/{name}") for name, path in files.items()}
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


def _dump_sqlite(config: dict[str, Any], dump: Path) -> dict[str, TableState]:
    """Copies the database with SQLite's backup API, then counts the copy, so both agree."""
    with connect(config) as database, closing(sqlite3.connect(dump)) as copy:
        database.connection.backup(copy)
    return table_states({"ENGINE": "django.db.backends.sqlite3", "NAME": str(dump)})


def _dump_postgresql(config: dict[str, Any], dump: Path, pg_dump: str) -> dict[str, TableState]:
    """Counts the tables and runs pg_dump in one snapshot, so both see the same rows."""
    arguments, environment = _libpq_arguments(config)
    with connect(config) as database, database.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            tables = _read_table_states(database, cursor)
            # The snapshot stays importable while this transaction is open.
            _run_client(
                "pg_dump",
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    *arguments,
                ],
                environment,
            )
        finally:
            # Read only, so nothing is lost if a broken connection cannot even roll back.
            with suppress(DatabaseError):
                cursor.execute("ROLLBACK")
    return tables


# Restore


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
    """Restores an archive into a database and a media folder, then checks them against the manifest."""
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
    media_root = Path(media_root or settings.MEDIA_ROOT).absolute()

    with connect(config) as database:
        existing = database.introspection.table_names()
    if existing and not force:
        raise BackupError(
            f"The {target} already has {counted(len(existing), 'table')}. Restore into an empty database "
            "(--database-url), or pass --force to replace its content with the backup's."
        )
    present = media_files(media_root)
    if present and not force:
        raise BackupError(
            f"The media folder {media_root} already holds {counted(len(present), 'file')}. Restore into an empty "
            "folder (--media-root), or pass --force to overwrite them with the backup's."
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
            progress(f"Restoring {counted(len(manifest.media), 'media file')} into {media_root}...")
            for name in manifest.media:
                _extract(archive, f"{MEDIA_FOLDER}/{name}", media_root / _media_path(name))
    except (OSError, tarfile.TarError, sqlite3.Error, DatabaseError) as exc:
        raise BackupError(
            f"The restore failed: {exc}. The {target} and the media folder {media_root} may hold part of the backup."
        ) from exc

    progress("Comparing the restored database and files with the manifest...")
    differences = compare(manifest, table_states(config), media_root)
    if differences:
        listed = "\n".join(f"  - {difference}" for difference in differences[:LISTED_DIFFERENCES])
        more = len(differences) - LISTED_DIFFERENCES
        raise BackupError(
            f"The restored data does not match the backup {path} ({counted(len(differences), 'difference')}); "
            f"do not use the {target} before the cause is known:\n{listed}"
            + (f"\n  - and {more} more" if more > 0 else "")
        )
    return RestoreResult(target, media_root, manifest, time.monotonic() - started)


def _restore_sqlite(config: dict[str, Any], dump: Path) -> None:
    """Copies the archived database over the target with SQLite's backup API: the target becomes the copy."""
    with connect(config) as database, closing(sqlite3.connect(dump)) as copy:
        copy.backup(database.connection)


def _restore_postgresql(config: dict[str, Any], dump: Path, pg_restore: str, replace: bool) -> None:
    arguments, environment = _libpq_arguments(config)
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password"]
    if replace:
        options += ["--clean", "--if-exists"]
    _run_client("pg_restore", [pg_restore, *options, *arguments, str(dump)], environment)


def compare(manifest: Manifest, tables: dict[str, TableState], media_root: Path) -> list[str]:
    """How a database's tables and a media folder differ from a manifest, one sentence per difference."""
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
        path = media_root / _media_path(name)
        if not path.is_file():
            differences.append(f"Media file {name} is missing.")
        elif file_sha256(path) != digest.sha256:
            differences.append(f"Media file {name} differs from the backup's.")
    return differences

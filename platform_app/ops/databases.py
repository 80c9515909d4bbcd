"""The databases backups copy and restore into: their settings, connections of their own, every table's
row count and checksum, PostgreSQL's client programs, and the copy of a database to a file and back.

A table's checksum does not depend on the physical order of its rows: each row is hashed on its
own, and the sorted row hashes are hashed together.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from platform_app.ops.archives import DUMP_NAMES, BackupError, TableState

# Fixed output settings for PostgreSQL, so that a row's text does not depend on the session.
POSTGRES_TEXT_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


def database_settings(url: str | None = None) -> dict[str, Any]:
    """The settings of the database a URL names (written like DATABASE_URL), or the configured one.

    pg_dump and pg_restore set parameters for their whole session, which a pooler in transaction mode
    would leave behind on a server connection that other clients then get: behind one, the configured
    database is reached directly, at DATABASE_DIRECT_URL.
    """
    named = "--database-url"
    if not url and settings.DATABASE_DIRECT_URL:
        url, named = settings.DATABASE_DIRECT_URL, "DATABASE_DIRECT_URL"
    elif not url and settings.DATABASE_POOL_MODE == "transaction":
        raise BackupError(
            "Behind a pooler in transaction mode (DATABASE_POOL_MODE=transaction), backups and restores "
            "connect to PostgreSQL directly: set DATABASE_DIRECT_URL to the server's own address."
        )
    if not url:
        return _completed(connections[DEFAULT_DB_ALIAS].settings_dict)
    try:
        return _completed(dj_database_url.parse(url))
    except ValueError as exc:
        # The message leaves the URL out: it may hold a password.
        raise BackupError(
            f"{named} is not a database URL the platform knows; "
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


# Copies of a database


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

"""backup and restore: a round trip into a fresh database, refusals, tampered archives, failing dumps.

Every test runs on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL); the
few that only make sense on one of them are skipped on the other. The tests are transactional:
pg_dump and the checksums read through connections of their own, which see committed data only.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tarfile
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from platform_app.accounts.models import User
from platform_app.ops import archives, backups, databases, restores
from platform_app.ops.archives import MANIFEST_NAME, BackupError
from platform_app.ops.databases import database_settings, table_states
from platform_app.structure.models import Language, ThematicArea
from tests.factories import (
    SAMPLE_PDF,
    DailyVisitTotalFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    MeetingFactory,
    NewsletterIssueFactory,
    PostFactory,
    ProjectFactory,
    RecommendationFactory,
    SubscriptionFactory,
    UserFactory,
)
from tests.files import HTML_PAGE, zipped
from tests.storage import stored

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL)")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only (DATABASE_URL unset)")


# Fixtures and helpers


@pytest.fixture
def media_root(settings) -> Path:
    """The source's MEDIA_ROOT, a folder of the test's own (see conftest.py)."""
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def source(media_root):
    """A few rows and uploaded files: enough for the archive tests (the round trip has much more)."""
    UserFactory.create_batch(3)
    default_storage.save("documents/2026/report.pdf", ContentFile(SAMPLE_PDF))
    default_storage.save("documents/2026/synthèse annuelle.txt", ContentFile("Synthèse".encode()))
    assert len(stored(default_storage)) == 2


@pytest.fixture
def fresh_database(tmp_path) -> Callable[[], str]:
    """Makes new, empty databases of the suite's vendor and returns their URLs; drops them at the end."""
    config = connection.settings_dict
    created = []

    def admin() -> psycopg.Connection:
        return psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname=config["NAME"],
            autocommit=True,
        )

    def make() -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:8]}.sqlite3'}"
        name = f"{config['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        created.append(name)
        credentials = f"{quote(config['USER'], safe='')}:{quote(config['PASSWORD'], safe='')}"
        return f"postgres://{credentials}@{config['HOST']}:{config['PORT']}/{name}"

    yield make
    if created:
        with admin() as conn:
            for name in created:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                # An autovacuum worker, drawn by the rows just restored, may be in the database: FORCE may
                # not end it (it is the server's), but it finishes or yields within moments.
                for attempt in range(20):
                    try:
                        conn.execute(drop)
                        break
                    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                        if attempt == 19:
                            raise
                        time.sleep(0.5)


def files_of(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def make_backup(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    archive = folder / "backup.tar"
    call_command("backup", f"--output={archive}", stdout=io.StringIO())
    return archive


def restore(archive: Path, database_url: str | None, media: Path | None, *options: str) -> str:
    """Restores into a database (the configured one without a URL) and a folder (the configured media storage
    without one)."""
    output = io.StringIO()
    target = [f"--database-url={database_url}"] if database_url else []
    folder = [f"--media-root={media}"] if media else []
    call_command("restore", str(archive), *target, *folder, *options, stdout=output)
    return output.getvalue()


def stored_files(storage) -> dict[str, bytes]:
    """Every file of a storage and its bytes, read through the storage."""
    contents = {}
    for name in stored(storage):
        with storage.open(name, "rb") as stream:
            contents[name] = stream.read()
    return contents


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile(MANIFEST_NAME).read())


def as_manifest_tables(states: dict[str, archives.TableState]) -> dict[str, dict]:
    return {name: {"rows": state.rows, "checksum": state.checksum} for name, state in states.items()}


def rewrite(
    archive: Path,
    edit_manifest: Callable[[dict], None] | None = None,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    rename: dict[str, str] | None = None,
) -> Path:
    """A copy of an archive: its manifest edited in place, members replaced, added or renamed."""
    copy = archive.with_name("tampered.tar")
    replace, add, rename = replace or {}, add or {}, rename or {}
    with tarfile.open(archive) as original, tarfile.open(copy, "w") as tampered:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == MANIFEST_NAME and edit_manifest:
                manifest = json.loads(data)
                edit_manifest(manifest)
                data = json.dumps(manifest).encode()
            data = replace.get(member.name, data)
            member.name = rename.get(member.name, member.name)
            member.size = len(data)
            tampered.addfile(member, io.BytesIO(data))
        for name, data in add.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tampered.addfile(member, io.BytesIO(data))
    return copy


def table_count(database_url: str) -> int:
    with databases.connect(database_settings(database_url)) as database:
        return len(database.introspection.table_names())


# The round trip


def test_round_trip_into_a_fresh_database(reference, media_root, tmp_path, fresh_database):
    DocumentFactory(title="Rapport annuel : synthèse")
    DocumentFactory(in_working_group=True, themes=list(ThematicArea.objects.all()[:2]))
    FocalPointFactory(languages=list(Language.objects.all()[:2]))
    EventFactory()
    ProjectFactory()
    RecommendationFactory()
    MeetingFactory()
    PostFactory()
    NewsletterIssueFactory()
    SubscriptionFactory()
    DailyVisitTotalFactory()
    # Binary bytes, kept exactly, in a file that passes the check uploads pass (a restore runs it too).
    default_storage.save("notes/ümlaut & space.pdf", ContentFile(b"%PDF-1.4\n\x00binary\xffbytes"))
    source_files = files_of(media_root)
    assert len(source_files) == 3
    before = table_states(connection.settings_dict)
    assert {"django_migrations", "platform_app_document", "platform_app_documentversion"} <= before.keys()
    assert before["platform_app_document"].rows > 1

    archive = make_backup(tmp_path / "backups")

    manifest = manifest_of(archive)
    assert manifest["format"] == archives.FORMAT_VERSION
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == as_manifest_tables(before)
    assert sorted(manifest["media"]) == sorted(source_files)

    target = fresh_database()
    restored_media = tmp_path / "restored-media"
    output = restore(archive, target, restored_media)

    after = table_states(database_settings(target))
    assert after == before
    assert files_of(restored_media) == source_files
    rows = sum(state.rows for state in before.values())
    assert f"{len(before)} tables with {rows:,} rows, {len(source_files)} media files" in output
    assert "matches the backup" in output
    # The source is as it was.
    assert table_states(connection.settings_dict) == before


def test_round_trip_of_the_configured_media_storage(media_storage, source, tmp_path, fresh_database):
    # The files of the configured storage (the local disk or an S3 bucket) are archived through the storage
    # and restored into it, with the manifest's digests.
    before = stored_files(media_storage)
    archive = make_backup(tmp_path / "backups")
    assert sorted(manifest_of(archive)["media"]) == sorted(before)
    with tarfile.open(archive) as tar:
        assert {name: tar.extractfile(f"media/{name}").read() for name in before} == before

    target = fresh_database()
    with pytest.raises(CommandError, match=r"already holds 2 files\..*--force"):
        restore(archive, target, None)
    for name in before:
        media_storage.delete(name)
    output = restore(archive, target, None)
    assert stored_files(media_storage) == before
    assert "2 media files" in output and "matches the backup" in output

    media_storage.delete(next(iter(before)))
    media_storage.save("unlisted.txt", ContentFile(b"kept beside the backup's"))
    restore(archive, target, None, "--force")
    assert stored_files(media_storage) == before | {"unlisted.txt": b"kept beside the backup's"}


def test_checksums_ignore_row_order_but_not_content(source):
    before = table_states(connection.settings_dict)
    user = User.objects.order_by("pk").first()
    # Rewriting a row moves it to the end of a PostgreSQL table; its content stays the same.
    User.objects.filter(pk=user.pk).update(first_name=user.first_name)
    assert table_states(connection.settings_dict) == before

    User.objects.filter(pk=user.pk).update(first_name=f"{user.first_name} (changed)")
    after = table_states(connection.settings_dict)
    table = User._meta.db_table
    assert after[table].rows == before[table].rows
    assert after[table].checksum != before[table].checksum
    assert {name: state for name, state in after.items() if name != table} == {
        name: state for name, state in before.items() if name != table
    }


# Refusals


def test_restore_refuses_a_database_with_tables_unless_forced(source, media_root, tmp_path, fresh_database):
    before = table_states(connection.settings_dict)
    archive = make_backup(tmp_path / "backups")

    with pytest.raises(CommandError, match=r"already has \d+ tables.*--force"):
        restore(archive, None, tmp_path / "media-a")
    assert not (tmp_path / "media-a").exists()

    target = fresh_database()
    restore(archive, target, tmp_path / "media-b")
    with pytest.raises(CommandError, match=r"already has \d+ tables"):
        restore(archive, target, tmp_path / "media-c")

    # Edit rows the restore put there; --force puts the backup's back.
    with databases.connect(database_settings(target)) as database, database.cursor() as cursor:
        cursor.execute("UPDATE platform_app_user SET first_name = first_name || ' (edited)'")
    assert table_states(database_settings(target)) != before
    output = restore(archive, target, tmp_path / "media-b", "--force")
    assert "matches the backup" in output
    assert table_states(database_settings(target)) == before
    assert files_of(tmp_path / "media-b") == files_of(media_root)


def test_restore_refuses_a_media_folder_with_files_unless_forced(source, media_root, tmp_path, fresh_database):
    archive = make_backup(tmp_path / "backups")
    target = fresh_database()
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "kept.txt").write_text("already here")

    with pytest.raises(CommandError, match=r"media folder .* already holds 1 file\..*--force"):
        restore(archive, target, tmp_path / "occupied")
    assert table_count(target) == 0

    restore(archive, target, tmp_path / "occupied", "--force")
    assert files_of(tmp_path / "occupied") == {**files_of(media_root), "kept.txt": b"already here"}


# Tampered and foreign archives


@pytest.mark.parametrize("field", ["rows", "checksum"])
def test_restore_reports_a_table_that_differs_from_the_manifest(source, tmp_path, fresh_database, field):
    archive = make_backup(tmp_path / "backups")
    table = "django_migrations"

    def edit(manifest):
        state = manifest["tables"][table]
        state[field] = state["rows"] + 1 if field == "rows" else "0" * len(state["checksum"])

    tampered = rewrite(archive, edit_manifest=edit)
    target = fresh_database()

    with pytest.raises(CommandError) as raised:
        restore(tampered, target, tmp_path / "restored-media")
    message = str(raised.value)
    assert "does not match the backup" in message
    expected = "rows; the backup has" if field == "rows" else "but their content differs"
    assert re.search(rf"Table {table} has .*{expected}", message)
    assert message.count("  - ") == 1


def test_restore_refuses_a_tampered_media_file_before_touching_anything(source, tmp_path, fresh_database):
    archive = make_backup(tmp_path / "backups")
    name = next(iter(manifest_of(archive)["media"]))
    with tarfile.open(archive) as tar:
        original = tar.extractfile(f"media/{name}").read()
    tampered = rewrite(archive, replace={f"media/{name}": original[::-1]})
    target = fresh_database()

    with pytest.raises(CommandError, match=rf"media/{re.escape(name)} in .* does not match its checksum"):
        restore(tampered, target, tmp_path / "restored-media")
    assert table_count(target) == 0
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_media_files_that_uploads_may_not_hold_before_touching_anything(
    source, tmp_path, fresh_database
):
    # Files that reached the media folder unchecked: a web page named .txt, a bare ZIP named .docx.
    default_storage.save("documents/2026/page.txt", ContentFile(HTML_PAGE))
    default_storage.save("countries/ab/plan.docx", ContentFile(zipped({"readme.txt": "hello"})))
    archive = make_backup(tmp_path / "backups")
    target = fresh_database()

    with pytest.raises(CommandError) as refused:
        restore(archive, target, tmp_path / "restored-media")
    message = str(refused.value)
    assert "documents/2026/page.txt" in message and "markup" in message
    assert "countries/ab/plan.docx" in message and "not a .docx document" in message
    assert "report.pdf" not in message
    assert table_count(target) == 0
    assert not (tmp_path / "restored-media").exists()


@pytest.mark.usefixtures("media_storage")
def test_restore_reports_a_media_file_changed_after_restoring(source, tmp_path, fresh_database, monkeypatch):
    archive = make_backup(tmp_path / "backups")
    name = next(iter(manifest_of(archive)["media"]))
    restore_stored = restores._restore_stored

    def restore_then_spoil(tar, member, storage, stored_name):
        restore_stored(tar, member, storage, stored_name)
        if stored_name == name:
            storage.delete(stored_name)
            storage.save(stored_name, ContentFile(b"spoilt on the way to the storage"))

    monkeypatch.setattr(restores, "_restore_stored", restore_then_spoil)
    for stored_name in stored(default_storage):
        default_storage.delete(stored_name)
    with pytest.raises(CommandError, match=rf"Media file {re.escape(name)} differs from the backup's"):
        restore(archive, fresh_database(), None)


OTHER_VENDOR = "sqlite" if connection.vendor == "postgresql" else "postgresql"
OTHER_DUMP = archives.DUMP_NAMES[OTHER_VENDOR]


def _other_vendor(manifest):
    """The manifest of a backup made on the other vendor (with the dump renamed to match)."""
    manifest["vendor"] = OTHER_VENDOR
    manifest["checksum_method"] = archives.CHECKSUM_METHODS[OTHER_VENDOR]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"edit_manifest": lambda m: m.update(format=99)}, "format 99; this version of the platform reads format 1"),
        (
            {"edit_manifest": _other_vendor, "rename": {archives.DUMP_NAMES[connection.vendor]: OTHER_DUMP}},
            "cannot be restored into the",
        ),
        ({"edit_manifest": lambda m: m.update(vendor="oracle")}, "a 'oracle' database"),
        ({"replace": {MANIFEST_NAME: b"{not json"}}, "is not valid JSON"),
        ({"add": {"media/unlisted.txt": b"?"}}, "holds files its manifest does not list: media/unlisted.txt"),
        (
            {
                "edit_manifest": lambda m: m["media"].update({"../escape.txt": {"size": 1, "sha256": "0"}}),
                "add": {"media/../escape.txt": b"?"},
            },
            "'../escape.txt', whose path is not allowed",
        ),
    ],
    ids=["format", "other-vendor", "unknown-vendor", "bad-json", "unlisted-file", "path-escape"],
)
def test_restore_refuses_an_archive_it_cannot_trust(source, tmp_path, fresh_database, tamper, message):
    archive = rewrite(make_backup(tmp_path / "backups"), **tamper)
    target = fresh_database()
    with pytest.raises(CommandError, match=re.escape(message)):
        restore(archive, target, tmp_path / "restored-media")
    assert table_count(target) == 0
    assert not (tmp_path / "restored-media").exists()
    assert not (tmp_path / "escape.txt").exists()


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path):
    (tmp_path / "notes.tar").write_text("not a tar file")
    with pytest.raises(CommandError, match="is not a readable backup archive"):
        restore(tmp_path / "notes.tar", None, tmp_path / "media-out")
    with tarfile.open(tmp_path / "empty.tar", "w"):
        pass
    with pytest.raises(CommandError, match=r"has no manifest\.json"):
        restore(tmp_path / "empty.tar", None, tmp_path / "media-out")
    with pytest.raises(CommandError, match="does not exist"):
        restore(tmp_path / "missing.tar", None, tmp_path / "media-out")


# Where the archive goes, and failures that leave nothing behind


def test_default_name_in_backup_dir_and_no_overwriting(source, media_root, tmp_path, monkeypatch):
    folder = tmp_path / "nightly"
    folder.mkdir()
    monkeypatch.setenv("BACKUP_DIR", str(folder))
    output = io.StringIO()
    call_command("backup", stdout=output)
    (archive,) = folder.iterdir()
    assert re.fullmatch(r"backup-\d{8}T\d{6}Z\.tar", archive.name)
    assert f"Wrote {archive} " in output.getvalue()
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds password hashes: owner only"

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", f"--output={archive}", stdout=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", f"--output={tmp_path / 'no-such-folder' / 'b.tar'}", stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot be written inside MEDIA_ROOT"):
        call_command("backup", f"--output={media_root / 'documents'}", stdout=io.StringIO())
    assert list(folder.iterdir()) == [archive]


@pytest.mark.usefixtures("media_storage")
def test_a_failed_backup_leaves_no_partial_archive(source, tmp_path, monkeypatch):
    add_stored = backups._add_stored

    def disk_full_on_the_second_file(archive, storage, name, member_name):
        if archive.getmembers()[1:]:  # the dump and one file are in
            raise OSError(28, "No space left on device")
        return add_stored(archive, storage, name, member_name)

    monkeypatch.setattr(backups, "_add_stored", disk_full_on_the_second_file)
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(CommandError, match=r"The backup failed and was not kept: .*No space left on device"):
        call_command("backup", f"--output={folder / 'backup.tar'}", stdout=io.StringIO())
    assert list(folder.iterdir()) == []


def test_client_programs_come_from_the_variable_or_the_path(tmp_path, monkeypatch):
    program = tmp_path / "bin" / "pg_dump"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)

    monkeypatch.setenv("PATH", str(program.parent))
    monkeypatch.delenv("PG_DUMP", raising=False)
    assert databases.client_program("pg_dump") == str(program)

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BackupError, match=r"pg_dump was not found on the PATH.*set PG_DUMP"):
        databases.client_program("pg_dump")
    monkeypatch.setenv("PG_DUMP", str(program))
    assert databases.client_program("pg_dump") == str(program)
    monkeypatch.setenv("PG_RESTORE", str(tmp_path / "missing"))
    with pytest.raises(BackupError, match=r"PG_RESTORE is set to .*missing', which is not an executable program"):
        databases.client_program("pg_restore")


# PostgreSQL


@pytest.mark.postgres
@postgres_only
def test_backup_without_pg_dump_is_refused(source, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setenv("PG_DUMP", str(tmp_path / "no-pg-dump"))
    with pytest.raises(CommandError, match=r"PG_DUMP is set to .*, which is not an executable program"):
        call_command("backup", f"--output={folder / 'b.tar'}", stdout=io.StringIO())

    monkeypatch.delenv("PG_DUMP")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(CommandError, match="pg_dump was not found on the PATH"):
        call_command("backup", f"--output={folder / 'b.tar'}", stdout=io.StringIO())
    assert list(folder.iterdir()) == []


@pytest.mark.postgres
@postgres_only
def test_a_failing_pg_dump_leaves_no_partial_archive(source, tmp_path, monkeypatch):
    fake = tmp_path / "pg_dump"
    fake.write_text(
        "#!/bin/sh\n"
        'for argument in "$@"; do case "$argument" in --file=*) printf PGDMP > "${argument#--file=}";; esac; done\n'
        "echo 'pg_dump: error: connection to server lost' >&2\n"
        "exit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PG_DUMP", str(fake))
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(CommandError, match=r"pg_dump \(.*\) failed with exit status 1: pg_dump: error: connection"):
        call_command("backup", f"--output={folder / 'backup.tar'}", stdout=io.StringIO())
    assert list(folder.iterdir()) == []


@pytest.mark.postgres
@postgres_only
def test_pg_dump_gets_the_password_from_the_environment_only(source, tmp_path, fresh_database, monkeypatch):
    calls = []
    run_client = databases._run_client

    def recording(name, arguments, environment):
        calls.append((name, arguments, environment))
        run_client(name, arguments, environment)

    monkeypatch.setattr(databases, "_run_client", recording)
    archive = make_backup(tmp_path / "backups")
    target = fresh_database()
    restore(archive, target, tmp_path / "media-out")
    restore(archive, target, tmp_path / "media-out", "--force")

    password = connection.settings_dict["PASSWORD"]
    assert password
    (dump_name, dump, dump_environment), (_, first_restore, _), (name, restore_arguments, restore_environment) = calls
    assert (dump_name, name) == ("pg_dump", "pg_restore")
    assert "--clean" not in first_restore, "an empty database has nothing to drop"
    assert {"--format=custom", "--no-owner", "--no-privileges"} <= set(dump)
    assert any(argument.startswith("--snapshot=") for argument in dump)
    restore_options = {"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"}
    assert restore_options | {"--clean", "--if-exists"} <= set(restore_arguments)
    assert restore_options <= set(first_restore)
    for arguments in (dump, restore_arguments):
        assert not any(password in argument for argument in arguments)
    assert dump_environment["PGPASSWORD"] == restore_environment["PGPASSWORD"] == password


@pytest.mark.postgres
@postgres_only
def test_manifest_and_dump_agree_despite_concurrent_writes(source, tmp_path, fresh_database, monkeypatch):
    """A row committed after the counts but before pg_dump runs is in neither the manifest nor the dump."""
    rows_before = User.objects.count()
    run_client = databases._run_client

    def write_then_run(name, arguments, environment):
        if name == "pg_dump":
            UserFactory(username="late.writer")
        run_client(name, arguments, environment)

    monkeypatch.setattr(databases, "_run_client", write_then_run)
    archive = make_backup(tmp_path / "backups")
    monkeypatch.undo()

    assert User.objects.filter(username="late.writer").exists()
    assert manifest_of(archive)["tables"]["platform_app_user"]["rows"] == rows_before
    target = fresh_database()
    restore(archive, target, tmp_path / "restored-media")
    with databases.connect(database_settings(target)) as database, database.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE username = 'late.writer') FROM platform_app_user")
        assert cursor.fetchone() == (rows_before, 0)


@pytest.mark.postgres
@postgres_only
def test_postgresql_archive_holds_a_custom_format_dump(source, tmp_path):
    archive = make_backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"
        assert "database.sqlite3" not in tar.getnames()


# SQLite


@sqlite_only
def test_sqlite_archive_holds_a_standalone_copy(source, tmp_path):
    before = table_states(connection.settings_dict)
    archive = make_backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        tar.extract("database.sqlite3", tmp_path, filter="data")
    copy = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "database.sqlite3")}
    # Through Django's connection: the schema's CHECK constraints call its REGEXP function.
    with databases.connect(copy) as database, database.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchone() == ("ok",)
    copy_states = table_states(copy)
    assert copy_states == before
    assert manifest_of(archive)["tables"] == as_manifest_tables(before)


@sqlite_only
def test_sqlite_restore_replaces_the_whole_file_with_force(source, tmp_path, fresh_database):
    archive = make_backup(tmp_path / "backups")
    target = fresh_database()
    with closing(sqlite3.connect(database_settings(target)["NAME"])) as database:
        database.execute("CREATE TABLE leftover (x integer)")
    restore(archive, target, tmp_path / "restored-media", "--force")
    states = table_states(database_settings(target))
    assert "leftover" not in states
    assert states == table_states(connection.settings_dict)


# Behind a pooler in transaction mode


def test_behind_a_transaction_pooler_backups_connect_to_the_server_directly(settings, tmp_path):
    """pg_dump's session settings would outlive it on a pooled server connection: the direct address or nothing."""
    settings.DATABASE_POOL_MODE = "transaction"
    settings.DATABASE_DIRECT_URL = ""
    archive = tmp_path / "b.tar"
    with pytest.raises(CommandError, match=r"DATABASE_POOL_MODE=transaction.*set DATABASE_DIRECT_URL"):
        call_command("backup", f"--output={archive}", stdout=io.StringIO())
    assert not archive.exists()

    settings.DATABASE_DIRECT_URL = f"sqlite:///{tmp_path / 'direct.sqlite3'}"
    assert database_settings()["NAME"] == str(tmp_path / "direct.sqlite3")
    assert database_settings("sqlite:////srv/other.sqlite3")["NAME"] == "/srv/other.sqlite3", "--database-url first"

    settings.DATABASE_DIRECT_URL = "carrier-pigeon://loft"
    with pytest.raises(BackupError, match=r"^DATABASE_DIRECT_URL is not a database URL"):
        database_settings()

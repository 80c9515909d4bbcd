"""Behind PgBouncer in transaction mode, nothing the ORM does may need the same server connection twice.

PgBouncer hands each transaction whichever server connection is free, so state kept in a session is lost
between two transactions of one Django connection. The one such state the platform's code uses is the
cursor that QuerySet.iterator() holds open on PostgreSQL (the exports, the directory's CSV, the newsletter
sending); `DATABASE_POOL_MODE=transaction` turns it into client-side fetching (compact/settings/base.py).

These tests need a PgBouncer in transaction mode in front of the test server: PGBOUNCER_URL, e.g.
postgres://compact:secret@127.0.0.1:6432/ (the database is the test database, whatever the URL names).
"""

from __future__ import annotations

import os
import re
import warnings
from contextlib import contextmanager

import dj_database_url
import psycopg
import pytest
from django.db import DatabaseError, connections, transaction

from platform_app.directory.models import Organization

PGBOUNCER_URL = os.environ.get("PGBOUNCER_URL", "")
CHUNK = 10

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.pgbouncer,
    pytest.mark.django_db(transaction=True, databases=["default", "pooled"]),
]


@pytest.fixture(scope="module", autouse=True)
def pooled_alias(django_db_setup, django_db_blocker):
    """The alias `pooled`: the test database, reached through PGBOUNCER_URL. Tests say whether it may open
    server-side cursors, as DATABASE_POOL_MODE would."""
    direct = connections["default"].settings_dict
    pooled = dj_database_url.parse(PGBOUNCER_URL, conn_max_age=60)
    connections.settings["pooled"] = {
        **direct,
        "HOST": pooled["HOST"],
        "PORT": pooled["PORT"],
        "USER": pooled["USER"] or direct["USER"],
        "PASSWORD": pooled["PASSWORD"] or direct["PASSWORD"],
        # The same database: the test case empties it once, through `default`.
        "TEST": {**direct.get("TEST", {}), "MIRROR": "default"},
    }
    yield "pooled"
    with django_db_blocker.unblock():
        connections["pooled"].close()
    release_the_servers(connections.settings["pooled"])
    del connections["pooled"]
    del connections.settings["pooled"]


def release_the_servers(pooled: dict) -> None:
    """Closes PgBouncer's server connections to the test database, which it keeps for the next client once
    the tests' own have left: while they are open the database cannot be dropped at the end of the run.
    KILL then RESUME on its admin console, for a user it names in `admin_users` (as CI's does); without
    that, a warning says why the database may be left behind."""
    name = pooled["NAME"]
    if not re.fullmatch(r"\w+", name):
        raise ValueError(f"Not a database name the admin console takes: {name!r}")
    try:
        with psycopg.connect(
            host=pooled["HOST"],
            port=pooled["PORT"],
            user=pooled["USER"],
            password=pooled["PASSWORD"],
            dbname="pgbouncer",
            autocommit=True,
        ) as console:
            console.execute(f"KILL {name}")
            console.execute(f"RESUME {name}")
    except psycopg.Error as exc:
        warnings.warn(f"PgBouncer keeps its connections to {name}, which may not be dropped: {exc}", stacklevel=1)


@contextmanager
def server_side_cursors(allowed: bool):
    connection = connections["pooled"]
    connection.close()
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = not allowed
    try:
        yield "pooled"
    finally:
        connection.close()


def iterate_while_another_client_holds_the_server(alias: str, pooled: dict) -> list[int]:
    """Reads the organisations in chunks; between two chunks, another client opens a transaction.

    PgBouncer gives that client the server connection that was released last (the one the first chunk
    came from), so the next chunk is fetched on another server connection.
    """
    rows = Organization.objects.using(alias).order_by("pk").values_list("pk", flat=True).iterator(CHUNK)
    seen = [next(rows) for _ in range(CHUNK)]
    with psycopg.connect(
        host=pooled["HOST"],
        port=pooled["PORT"],
        user=pooled["USER"],
        password=pooled["PASSWORD"],
        dbname=pooled["NAME"],
    ) as other:
        other.execute("SELECT 1")  # opens a transaction, which keeps its server connection until it ends
        seen.extend(rows)
    return seen


@pytest.fixture
def pooler(reference):
    """The organisations' ids in order, as read directly."""
    expected = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    assert len(expected) > 2 * CHUNK, "the reference data gives the iterator several chunks"
    return expected


def test_an_iterator_reads_every_row_when_the_pooler_moves_it_between_server_connections(pooler):
    with server_side_cursors(allowed=False) as alias:
        seen = iterate_while_another_client_holds_the_server(alias, connections[alias].settings_dict)
    assert seen == pooler


def test_a_server_side_cursor_is_lost_when_the_pooler_moves_its_client(pooler):
    """What the setting prevents: without it, the second chunk asks a server that never saw the cursor."""
    # Django's error, or psycopg's own when closing the lost cursor fails the same way as it unwinds.
    lost = pytest.raises((DatabaseError, psycopg.Error), match=r'cursor "_django_curs_\w+" does not exist')
    with server_side_cursors(allowed=True) as alias, lost:
        iterate_while_another_client_holds_the_server(alias, connections[alias].settings_dict)


def test_a_transaction_keeps_its_server_connection_through_the_pooler(pooler):
    """SELECT FOR UPDATE and SET TRANSACTION hold within one transaction, the only unit PgBouncer keeps."""
    with (
        server_side_cursors(allowed=False) as alias,
        transaction.atomic(using=alias),
        connections[alias].cursor() as cursor,
    ):
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        locked = list(Organization.objects.using(alias).select_for_update().order_by("pk")[:3])
        cursor.execute("SELECT pg_backend_pid(), current_setting('transaction_isolation')")
        first_pid, isolation = cursor.fetchone()
        cursor.execute("SELECT pg_backend_pid()")
        (second_pid,) = cursor.fetchone()
    assert isolation == "repeatable read"
    assert first_pid == second_pid
    assert [o.pk for o in locked] == pooler[:3]

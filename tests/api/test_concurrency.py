"""Two people changing the same recommendation or document at once: neither change is lost unseen."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from platform_app.accounts.tokens import token_create
from platform_app.cted.models import Recommendation
from platform_app.cted.services import recommendation_record_progress, recommendation_save
from platform_app.library.models import Document
from platform_app.mail.models import EmailDelivery
from platform_app.ops.databases import connect
from platform_app.support.models import SupportRequest, SupportStep
from tests.factories import DocumentFactory, RecommendationFactory

from .conftest import SchemaCheckedClient
from .test_support import request_body


def detail(recommendation: Recommendation) -> str:
    return reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})


def test_a_change_from_an_older_revision_is_refused_with_409(api, people, reference):
    recommendation = RecommendationFactory()
    read = api.as_user(people.state).get(detail(recommendation)).json()
    assert read["revision"] == 1

    cted = SchemaCheckedClient().as_user(people.cted)
    first = cted.patch(detail(recommendation), {"priority": "high", "revision": read["revision"]})
    assert first.status_code == 200
    assert first.json()["revision"] == 2

    second = api.patch(detail(recommendation), {"progress_note": "Bill tabled.", "revision": read["revision"]})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert body["revision"] == 2
    assert "changed this record since you opened it" in body["detail"]
    recommendation.refresh_from_db()
    assert (recommendation.priority, recommendation.progress_note, recommendation.revision) == ("high", "", 2)

    # Starting again from the current revision, the State's change goes through, and CTED's stays.
    third = api.patch(detail(recommendation), {"progress_note": "Bill tabled.", "revision": 2})
    assert third.status_code == 200
    recommendation.refresh_from_db()
    assert (recommendation.priority, recommendation.progress_note, recommendation.revision) == (
        "high",
        "Bill tabled.",
        3,
    )


def test_the_revision_may_come_as_if_match(api, people, reference):
    recommendation = RecommendationFactory()
    client = api.as_user(people.cted)
    assert client.patch(detail(recommendation), {"priority": "low"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.patch(detail(recommendation), {"priority": "high"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    malformed = client.patch(detail(recommendation), {"priority": "high"}, HTTP_IF_MATCH="yesterday")
    assert malformed.status_code == 400
    assert "If-Match" in malformed.json()["detail"]
    recommendation.refresh_from_db()
    assert recommendation.priority == "low"


def test_a_change_without_a_revision_writes_only_its_own_fields(people, reference):
    """CTED's edit started from a copy read before the State's progress: the progress stays."""
    recommendation = RecommendationFactory()
    read_by_cted = Recommendation.objects.get(pk=recommendation.pk)
    recommendation_record_progress(
        user=people.state, recommendation=recommendation, status="in_progress", progress_note="Bill tabled."
    )
    recommendation_save(user=people.cted, recommendation=read_by_cted, priority="high")
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note, recommendation.priority) == (
        "in_progress",
        "Bill tabled.",
        "high",
    )


def test_the_progress_form_shows_a_conflict_and_keeps_what_was_typed(client, people, reference):
    recommendation = RecommendationFactory()
    client.force_login(people.state)
    page = client.get(reverse("cted:recommendation", args=[recommendation.pk]))
    assert 'name="revision" value="1"' in page.content.decode()

    recommendation_save(user=people.cted, recommendation=recommendation, status="implemented")

    response = client.post(
        reverse("cted:recommendation_progress", args=[recommendation.pk]),
        {"status": "in_progress", "progress_note": "Our own account of the work.", "revision": "1"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "changed this record since you opened it" in text
    assert "Our own account of the work." in text
    assert 'name="revision" value="2"' in text
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note) == ("implemented", "")


def test_the_admin_refuses_to_save_over_a_newer_revision(client, people, reference):
    document = DocumentFactory(title="Original title")
    client.force_login(people.secretariat)
    url = reverse("admin:platform_app_document_change", args=[document.pk])
    form = client.get(url).context["adminform"].form
    assert form["opened_revision"].value() == document.revision

    Document.objects.get(pk=document.pk).save()  # someone else saves meanwhile

    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "title": "My title",
            "themes": [theme.pk for theme in document.themes.all()],
            "pillars": [pillar.pk for pillar in document.pillars.all()],
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
        }
    )
    data = {key: value for key, value in data.items() if value != []}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Original title"

    data["opened_revision"] = document.revision
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    document.refresh_from_db()
    assert document.title == "My title"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_changes_from_one_revision_one_wins_and_one_is_told(people, reference):
    recommendation = RecommendationFactory()
    url = detail(recommendation)
    keys = {role: token_create(user=getattr(people, role), name="race")[1] for role in ("cted", "state")}
    bodies = {"cted": {"priority": "high", "revision": 1}, "state": {"progress_note": "Bill tabled.", "revision": 1}}
    start = threading.Barrier(2)
    answers: dict[str, int] = {}

    def change(role: str) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Token {keys[role]}")
            start.wait(timeout=10)
            answers[role] = client.patch(url, bodies[role], content_type="application/json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(role,)) for role in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answers.values()) == [200, 409]
    winner = next(role for role, code in answers.items() if code == 200)
    recommendation.refresh_from_db()
    assert recommendation.revision == 2
    if winner == "cted":
        assert (recommendation.priority, recommendation.progress_note) == ("high", "")
    else:
        assert (recommendation.priority, recommendation.progress_note) == ("medium", "Bill tabled.")


# --- many writers at once, through a real server ---------------------------------------------------------

SIMULTANEOUS_FILINGS = 24


def database_url_of_the_tests(folder: Path) -> str:
    """A URL through which another process reads and writes what this test committed.

    SQLite's test database lives in this process's memory: it is copied into a file, in SQLite's default
    (rollback) journal mode until the server first connects to it. PostgreSQL's test database is used as it is.
    """
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        path = folder / "db.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{path}"
    credentials = f"{quote(config['USER'], safe='')}:{quote(config['PASSWORD'], safe='')}"
    return f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, folder: Path) -> Iterator[str]:
    """The platform served by gunicorn (several processes of several threads, as deployed) on `database_url`,
    with eager Celery as without REDIS_URL; yields its address. Its log is in folder/server.log.

    It is ready once /health/ answers, as a load balancer is told. That first connection takes a new SQLite
    file into WAL mode, as `migrate` does before a deployment's server starts: many connections at once
    switching the same file may find it locked.
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    env |= {
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_THROTTLE_RATE": "1000000/hour",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "locmem:",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "compact.wsgi:application",
        *("--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4"),
        *("--access-logfile", os.devnull, "--log-level", "warning"),
    ]
    with open(folder / "server.log", "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert server.poll() is None, (folder / "server.log").read_text()
            try:
                with urllib.request.urlopen(f"{address}/health/", timeout=5) as health:  # noqa: S310 - loopback
                    assert health.status == 200
                break
            except urllib.error.HTTPError as error:
                pytest.fail(f"/health/ answered {error.code}: {error.read()[:500]!r}")
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer /health/ within 20 s"
                time.sleep(0.2)
        yield address
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def post_json(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - a loopback address
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - a loopback address
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {"body": error.read().decode(errors="replace")[:500]}


def failed_in(log: str) -> dict[str, int]:
    """The errors the server logged with their traceback, each with the last line of the platform it came
    through, counted."""
    places = Counter()
    for record in re.split(r"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ )", log, flags=re.MULTILINE):
        lines = [line.strip() for line in record.splitlines()]
        if not lines or " ERROR " not in lines[0] or "Traceback (most recent call last):" not in lines:
            continue
        ours = [line for line in lines if line.startswith(f'File "{settings.BASE_DIR}/') and "/.venv/" not in line]
        errors = [line for line in lines if re.match(r"[\w.]+(Error|Exception)\b", line)]
        places[f"{ours[-1] if ours else '?'}: {errors[-1] if errors else '?'}"] += 1
    return dict(places)


@pytest.mark.skipif(connection.vendor not in {"sqlite", "postgresql"}, reason="SQLite or PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_writes_through_the_server_all_succeed(people, reference, tmp_path):
    """Two dozen requests filed at the same moment, through gunicorn on the database the suite runs on
    (SQLite without DATABASE_URL): each is answered 201 and is in the database with its step, and the
    mail to the Secretariat written after each commit is there too. On SQLite, a writer that finds the
    database busy must wait for it, never fail with "database is locked"."""
    _, token = token_create(user=people.state, name="simultaneous")
    database_url = database_url_of_the_tests(tmp_path)
    start = threading.Barrier(SIMULTANEOUS_FILINGS)

    def file(number: int) -> tuple[int, dict]:
        start.wait(timeout=30)
        return post_json(target, token, request_body(title=f"Request {number}"))

    with gunicorn(database_url, tmp_path) as address:
        target = address + reverse("api:support-request-list")
        with ThreadPoolExecutor(SIMULTANEOUS_FILINGS) as pool:
            answers = list(pool.map(file, range(SIMULTANEOUS_FILINGS)))

    codes = Counter(code for code, _ in answers)
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert codes == {201: SIMULTANEOUS_FILINGS}, f"answers {dict(codes)}; failed in {failed_in(log)}"
    filed = {answer["id"] for _, answer in answers}
    with connect(dj_database_url.parse(database_url)) as database, database.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {SupportRequest._meta.db_table}")  # noqa: S608
        assert {row[0] for row in cursor.fetchall()} == filed
        cursor.execute(
            f"SELECT id, request_id FROM {SupportStep._meta.db_table} WHERE action = %s",  # noqa: S608
            [SupportStep.Action.FILED],
        )
        steps = dict(cursor.fetchall())
        assert sorted(steps.values()) == sorted(filed)
        cursor.execute(f"SELECT key FROM {EmailDelivery._meta.db_table}")  # noqa: S608
        mailed = {row[0] for row in cursor.fetchall()}
    assert mailed == {f"support:{step}:u{people.secretariat.pk}" for step in steps}
    assert "database is locked" not in log

"""/health/: the database, pending migrations, the cache, file storage and, with a broker, a Celery worker.

A load balancer reads the status code (200 healthy, 500 when a check fails) and may ask for JSON;
a person gets an HTML page. The checks run against whatever services the settings name.
"""

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable

from platform_app.ops import health as health_checks
from tests.storage import media_storage_settings, stored
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CELERY = "platform_app.ops.health.CeleryPing"
DATABASE = "Database(alias='default')"
MIGRATIONS = "Migrations(alias='default')"
CACHE = "Cache(alias='default')"
STORAGE = "Storage(alias='default')"
WORKER = "CeleryPing()"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _path(check) -> str:
    return check if isinstance(check, str) else check[0]


@pytest.fixture
def without_celery(settings):
    """The configured checks but the worker ping, for tests about the other services."""
    settings.HEALTH_CHECKS = [check for check in settings.HEALTH_CHECKS if _path(check) != CELERY]


def health(client, **headers):
    return client.get(reverse("health"), headers={"accept": "application/json", **headers})


def test_the_url():
    assert reverse("health") == "/health/"
    assert reverse("health_node") == "/health/node/"


@pytest.fixture(autouse=True)
def _migrations_looked_for_anew(monkeypatch):
    """Each test finds out afresh whether the migrations are applied."""
    monkeypatch.setattr(health_checks, "_applied", set())


def test_every_service_answers(client, without_celery):
    response = health(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {DATABASE: "OK", MIGRATIONS: "OK", CACHE: "OK", STORAGE: "OK"}


def test_json_on_request_by_query(client, without_celery):
    response = client.get(reverse("health"), {"format": "json"}, headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.json()[DATABASE] == "OK"


def test_anonymous_and_never_cached(client, without_celery):
    response = health(client)
    assert response.status_code == 200  # no redirect to the sign-in page
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control and "no-store" in cache_control and "max-age=0" in cache_control


def test_a_browser_gets_a_page(client, without_celery):
    response = client.get(reverse("health"), headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "System status" in page and "Database(alias=" in page and "Storage(alias=" in page


def test_only_get(client, without_celery):
    assert client.post(reverse("health")).status_code == 405


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_cache_fails_and_is_named(client, without_celery):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    # A context, not the settings fixture: the cache is restored before the suite clears it.
    with override_settings(CACHES=caches):
        started = time.monotonic()
        response = health(client)
        elapsed = time.monotonic() - started
    assert response.status_code == 500
    body = response.json()
    assert body[CACHE] != "OK" and "Connection" in body[CACHE]
    assert body[DATABASE] == "OK" and body[STORAGE] == "OK"
    assert elapsed < 5


def test_unwritable_storage_fails_and_is_named(client, without_celery, settings, tmp_path):
    not_a_folder = tmp_path / "media-is-a-file"
    not_a_folder.write_text("")
    settings.MEDIA_ROOT = not_a_folder
    response = health(client)
    assert response.status_code == 500
    body = response.json()
    assert body[STORAGE] != "OK" and body[DATABASE] == "OK"


def test_storage_writes_reads_and_deletes_its_probe_and_leaves_no_file(media_storage, client, without_celery):
    # The configured media storage, the local disk or an S3 bucket, is the one probed.
    response = health(client)
    assert response.status_code == 200 and response.json()[STORAGE] == "OK"
    assert stored(media_storage) == []


@pytest.mark.s3
def test_a_missing_bucket_fails_the_storage_check_and_is_named(client, without_celery, settings):
    missing = f"compact-test-missing-{uuid.uuid4().hex}"
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_settings(missing)}
    response = health(client)
    assert response.status_code == 500
    body = response.json()
    assert body[STORAGE] != "OK" and body[DATABASE] == "OK"
    assert missing not in json.dumps(body)  # the report names the check, not the bucket


def test_pending_migrations_fail(client, without_celery, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)])
    response = health(client)
    assert response.status_code == 500
    assert response.json()[MIGRATIONS] == "Unavailable: 1 unapplied migration(s)"
    node = client.get(reverse("health_node"), headers={"accept": "application/json"})
    assert node.status_code == 500, "a node whose code is ahead of the database takes no requests yet"


def test_applied_migrations_are_looked_for_until_found_then_no_more(client, without_celery, monkeypatch):
    plans = []
    pending = [("a migration", False)]

    def plan(self, targets):
        plans.append(list(pending))
        return list(pending)

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan)
    assert health(client).json()[MIGRATIONS] != "OK"
    pending.clear()  # the deployment's migrate has run
    assert health(client).json()[MIGRATIONS] == "OK"
    assert health(client).json()[MIGRATIONS] == "OK"
    assert client.get(reverse("health_node"), headers={"accept": "application/json"}).status_code == 200
    assert len(plans) == 2, "once found applied, the migrations are not read again"


# /health/node/: whether a load balancer may send this node requests


def node_health(client):
    return client.get(reverse("health_node"), headers={"accept": "application/json"})


def test_a_node_answers_with_its_database_and_migrations(client):
    response = node_health(client)
    assert response.status_code == 200
    assert response.json() == {DATABASE: "OK", MIGRATIONS: "OK"}
    assert response["Cache-Control"] == health(client)["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_a_shared_service_down_fails_health_but_leaves_every_node_serving(client, without_celery):
    """With the cache (Redis) unreachable, every node would fail /health/ alike; a balancer that asked it
    would take them all out though they serve. /health/node/ leaves them in, and /health/ tells monitoring."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=caches):
        everything = health(client)
        node = node_health(client)
    assert everything.status_code == 500 and everything.json()[CACHE] != "OK"
    assert node.status_code == 200 and CACHE not in node.json()


def test_a_node_without_its_database_is_taken_out(client, monkeypatch):
    def unreachable(self):
        raise ServiceUnavailable("Database unavailable")

    monkeypatch.setattr(Database, "run", unreachable)
    response = node_health(client)
    assert response.status_code == 500 and response.json()[DATABASE] != "OK"


def test_text_for_a_load_balancer_that_asks_for_it(client, without_celery):
    response = client.get(reverse("health"), headers={"accept": "text/plain"})
    assert response.status_code == 200 and f"{DATABASE}: OK" in response.content.decode()


# Celery: a worker is asked only when there is a broker.

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps([c if isinstance(c, str) else c[0] for c in settings.HEALTH_CHECKS]))
"""


def registered_checks(**env) -> list[str]:
    result = run_python(PROBE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_celery_is_checked_only_with_a_broker():
    assert CELERY not in registered_checks()
    with_broker = registered_checks(REDIS_URL="redis://cache:6379/1")
    assert CELERY in with_broker
    assert set(registered_checks()) < set(with_broker)


def test_the_answer_names_the_worker_check_only_with_a_broker(client):
    assert (WORKER in health(client).json()) == bool(os.environ.get("REDIS_URL"))


@pytest.mark.redis
def test_the_cache_check_uses_redis(client, without_celery, settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert health(client).json()[CACHE] == "OK"


@pytest.mark.redis
def test_no_worker_answering_fails_quickly(client, settings):
    """Pings on a control exchange of its own, which no worker (of this or a parallel test) listens to."""
    from celery import Celery

    app = Celery("health-test", broker=settings.CELERY_BROKER_URL, set_as_default=False, set_as_current=False)
    app.conf.control_exchange = f"health-test-{uuid.uuid4().hex}"
    settings.HEALTH_CHECKS = [
        *(check for check in settings.HEALTH_CHECKS if _path(check) != CELERY),
        (CELERY, {"app": app, "timeout": datetime.timedelta(seconds=0.3)}),
    ]
    try:
        started = time.monotonic()
        response = health(client)
        elapsed = time.monotonic() - started
    finally:
        app.close()
    assert response.status_code == 500
    body = response.json()
    assert body[WORKER] == "Unavailable: Celery workers unavailable"
    assert body[DATABASE] == "OK" and body[CACHE] == "OK"
    assert elapsed < 5


@pytest.mark.redis
def test_a_running_worker_answers(client):
    """Starts the real worker command against the broker; /health/ passes once it answers."""
    from compact.celery import app

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "compact.settings"}
    node = f"health-test-{os.getpid()}@localhost"
    # The check asks for a worker of the default queue (this process's, conftest.py); a task an earlier
    # test left on it would keep a solo worker busy instead of answering.
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "compact", "worker", "--pool=solo", "-n", node],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        response = None
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            response = health(client)
            if response.json().get(WORKER) == "OK":
                break
        assert response is not None and response.json().get(WORKER) == "OK", "no worker answered within 45 s"
        assert response.status_code == 200, response.json()
    finally:
        worker.terminate()
        worker.wait(timeout=30)

"""Shared pytest fixtures. The reference data is loaded once into each test database."""

from __future__ import annotations

import copy
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from pytest_django.plugin import blocking_manager_key

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(item) -> bool:
    """Whether pytest-django runs `item` as a TransactionTestCase, which empties every table afterwards."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres, redis, pgbouncer or s3 run only where the service is configured (always in CI)."""
    skip_pg = pytest.mark.skip(reason="DATABASE_URL is not set to PostgreSQL")
    skip_redis = pytest.mark.skip(reason="REDIS_URL is not set")
    skip_pooler = pytest.mark.skip(reason="PGBOUNCER_URL is not set")
    skip_s3 = pytest.mark.skip(reason="S3_TEST_ENDPOINT_URL is not set to an S3-protocol server (moto_server in CI)")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)
        if item.get_closest_marker("pgbouncer") and not os.environ.get("PGBOUNCER_URL"):
            item.add_marker(skip_pooler)
        if item.get_closest_marker("s3") and not os.environ.get("S3_TEST_ENDPOINT_URL"):
            item.add_marker(skip_s3)
        if item.get_closest_marker("shared_world") and _is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test empties the tables, the shared people and world of its module "
                "included; move it to a module not marked shared_world"
            )


def _load_reference_committed() -> None:
    from django.db import transaction

    from platform_app.reference.loader import load_reference

    with transaction.atomic():
        load_reference()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_reference_committed()


# A transactional test empties every table when it ends, the reference data included. The next test
# that runs in a transaction of its own gets it back once, committed, before its fixtures are set up;
# otherwise each of them would load it again inside its own transaction, seconds a test.
_flushed = pytest.StashKey[bool]()
_skipped = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if item.config.stash.get(_flushed, False) and not _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            _load_reference_committed()
        item.config.stash[_flushed] = False
    try:
        return (yield)
    except pytest.skip.Exception:
        item.stash[_skipped] = True
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if _is_transactional(item) and not item.stash.get(_skipped, False):
            item.config.stash[_flushed] = True


@pytest.fixture
def reference(db):
    """The Compact reference data: loaded once into each test database and, after a transactional test
    emptied the tables, back before the next test (pytest_runtest_setup); a transactional test loads its own."""
    from platform_app.reference.loader import load_reference
    from platform_app.structure.models import WorkingGroup

    if not WorkingGroup.objects.exists():
        load_reference()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture
def tasks_in_process(settings):
    """Celery runs each task in the process that queues it, as under `make run` without Redis, whatever the
    environment says. Through Django's settings, which the Celery app reads, so that the next test finds them
    as configured: a value set on `current_app.conf` would stay in front of the settings for good."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True


# --- people of every role, and the scenario of what each may see ----------------------------------------


@dataclass
class SharedWorld:
    people: object  # tests.people.People
    world: object  # tests.scenario.Scenario
    media: Path  # the files the scenario stored


@pytest.fixture(scope="module", autouse=True)
def _shared_world(request, tmp_path_factory):
    """The people and the scenario of a module marked `shared_world`, built once for the module.

    They are written in a transaction that outlives the module's tests and is rolled back after the last
    one; each test runs in a savepoint inside it (pytest-django's TestCase atomics) and gets deep copies
    of the objects, so neither its writes nor its changes to the objects reach another test: Django's
    `setUpTestData`, per module. Every test of such a module sees them, whether it asks for them or not,
    so that what a test finds does not depend on the tests run before it. `shared_world(add=f)` also
    calls f(people, world) to add the rows the module's tests read besides the scenario.
    """
    marker = request.node.get_closest_marker("shared_world")
    if marker is None:
        yield None
        return
    from django.db import transaction
    from django.test import override_settings

    from tests import scenario as sc
    from tests.people import make_people

    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    media = tmp_path_factory.mktemp("shared-media")
    with blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                people = make_people()
                world = sc.build(people)
                if "add" in marker.kwargs:  # the rows the module's tests read besides the scenario
                    marker.kwargs["add"](people, world)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield SharedWorld(people=people, world=world, media=media)
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def _shared_copy(_shared_world):
    """This test's own copies of the shared people and scenario (one copy, so that they refer to each other)."""
    if _shared_world is None:
        return None
    return copy.deepcopy((_shared_world.people, _shared_world.world))


@pytest.fixture
def people(reference, _shared_copy):
    """One person of each role (tests/people.py)."""
    from tests.people import make_people

    return _shared_copy[0] if _shared_copy is not None else make_people()


@pytest.fixture
def world(people, _shared_copy):
    """The hand-written scenario of tests/scenario.py: each object with the roles that may see it."""
    from tests import scenario as sc

    return _shared_copy[1] if _shared_copy is not None else sc.build(people)


@pytest.fixture(autouse=True)
def _second_factor_at_test_sign_in(request, monkeypatch):
    """`client.login()` and `force_login()` of a staff member also confirm a TOTP device of theirs, as
    `force_login` stands for the password. Tests of the second factor itself are marked
    `real_second_factor` and go through its page (tests/test_security.py)."""
    if "real_second_factor" in request.keywords:
        yield
        return
    from django.test.client import Client

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff or user.is_superuser:
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "_login", _login)
    yield


@pytest.fixture(autouse=True)
def _a_totp_step_passes_after_each_check(request, monkeypatch):
    """In tests of the second factor, the authenticator's clock moves on to the next 30-second step after
    every code checked, as it does when a check falls just before a step boundary. A test that checks two
    codes as if they were of the same step then fails every time, not once in a while."""
    if "real_second_factor" not in request.keywords:
        yield
        return
    import time
    from types import SimpleNamespace

    import django_otp.oath
    from django_otp.plugins.otp_totp import models as totp_models

    from tests import factories

    passed = [0.0]
    real_time = time.time

    def clock() -> float:
        return real_time() + passed[0]

    checked = totp_models.TOTPDevice.verify_token

    def verify_token(device, token):
        try:
            return checked(device, token)
        finally:
            passed[0] += device.step

    monkeypatch.setattr(totp_models, "time", SimpleNamespace(time=clock))
    monkeypatch.setattr(django_otp.oath, "time", clock)
    monkeypatch.setattr(factories, "time", SimpleNamespace(time=clock))
    monkeypatch.setattr(totp_models.TOTPDevice, "verify_token", verify_token)
    yield


@pytest.fixture(autouse=True)
def _default_language_per_test():
    """A page served in French or Arabic leaves that language active in the thread; each test starts
    from the default one, so that none depends on the language of the test run before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, _shared_world):
    """Uploaded and generated files of a test go to its own folder, never into the project; it starts
    with a copy of the files of its module's shared scenario."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if _shared_world is not None:
        shutil.copytree(_shared_world.media, settings.MEDIA_ROOT)


@pytest.fixture(params=["filesystem", pytest.param("s3", marks=pytest.mark.s3)])
def media_storage(request, settings, _media_root, _shared_world):
    """The storage of uploaded files, once the local disk (the test's MEDIA_ROOT) and once a fresh bucket of the
    S3-protocol server at S3_TEST_ENDPOINT_URL, configured as MEDIA_STORAGE=s3 does; a test that takes it runs
    against both. The bucket starts with the files of the module's shared scenario and is removed afterwards."""
    from django.core.files.storage import default_storage

    from tests import storage

    if request.param == "filesystem":
        yield default_storage
        return
    bucket = storage.new_bucket()
    try:
        # Django's setting_changed handler drops the storages, and default_storage (every FileField's) with them.
        settings.STORAGES = {**settings.STORAGES, "default": storage.media_storage_settings(bucket)}
        if _shared_world is not None:
            storage.copy_folder(_shared_world.media, default_storage)
        yield default_storage
    finally:
        storage.remove_bucket(bucket)


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker():
    """Each xdist worker caches in its own Redis database.

    The workers share one Redis server, and `cache.clear()` empties a whole database: without
    this, one worker's clear would wipe the counters (throttles, visits) another is testing.
    """
    from django.conf import settings
    from django.test.utils import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if not (worker and str(location).startswith(("redis://", "rediss://"))):
        yield
        return
    base = str(location).rsplit("/", 1)[0] if str(location).count("/") > 2 else str(location)
    database = 1 + int(worker.removeprefix("gw") or 0) % 15
    caches = {"default": {**settings.CACHES["default"], "LOCATION": f"{base}/{database}"}}
    with override_settings(CACHES=caches):
        cache.clear()
        yield


@pytest.fixture(scope="session", autouse=True)
def _celery_queue_per_process():
    """Tasks sent by this test process go to a queue of its own.

    The xdist workers share one Redis broker: on the default queue, a Celery worker one of them
    starts (tests/background) could take a task another sent, for another test database. Workers
    the tests start listen on this queue only (CELERY_QUEUE is passed down to them).
    """
    if not os.environ.get("REDIS_URL"):
        yield
        return
    from compact.celery import app

    queue = f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    previous = os.environ.get("CELERY_QUEUE")
    os.environ["CELERY_QUEUE"] = queue
    app.conf.task_default_queue = queue
    yield
    if previous is None:
        os.environ.pop("CELERY_QUEUE", None)
    else:
        os.environ["CELERY_QUEUE"] = previous


@pytest.fixture(autouse=True)
def _clear_cache():
    yield
    cache.clear()

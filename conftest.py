"""Shared pytest fixtures. The reference data is loaded once into each test database."""

import os

import pytest
from django.core.cache import cache


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres or redis run only where the service is configured (always in CI)."""
    skip_pg = pytest.mark.skip(reason="DATABASE_URL is not set to PostgreSQL")
    skip_redis = pytest.mark.skip(reason="REDIS_URL is not set")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(skip_redis)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from platform_app.reference.loader import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference(db):
    """The Compact reference data; reloaded if a transactional test flushed the database."""
    from platform_app.reference.loader import load_reference
    from workinggroups.models import WorkingGroup

    if not WorkingGroup.objects.exists():
        load_reference()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
def _default_language_per_test():
    """A page served in French or Arabic leaves that language active in the thread; each test starts
    from the default one, so that none depends on the language of the test run before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


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


# People of every role (tests/people.py), for the API and the page tests alike.
from tests.people import people  # noqa: E402, F401

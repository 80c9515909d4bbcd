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
def _media_root(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    yield
    cache.clear()

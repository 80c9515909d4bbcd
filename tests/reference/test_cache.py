"""What the cache keeps holds every language: a value filled for a Spanish reader is read by an Arabic one in
Arabic (platform_app/core/caching.py keeps records, whose names are read when they are shown)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from platform_app.core import caching
from platform_app.reference.loader import load_reference
from platform_app.structure.models import WorkingGroup

pytestmark = pytest.mark.django_db

TRANSLATIONS = Path(__file__).with_name("translated_names.json")


def home(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_groups_cached_for_a_spanish_reader_read_in_arabic_for_an_arabic_one(client, people):
    load_reference(translations=TRANSLATIONS)
    cache.clear()
    organization = people.entity.focal_point.organization
    pcve = WorkingGroup.objects.get(short_name="PCVE")
    assert pcve.memberships.filter(organization=organization).exists()
    client.force_login(people.entity)

    spanish = home(client, "es")
    assert pcve.name_es in spanish
    assert cache.get(caching.organization_groups_key(organization.pk)) is not None

    arabic = home(client, "ar")
    assert pcve.name_ar in arabic
    assert pcve.name_es not in arabic

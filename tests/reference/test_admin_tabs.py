"""The Secretariat edits the names of working groups, organizations, pillars, thematic areas and languages
in the admin, a tab per official language, with scripts served by the platform itself (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from platform_app.accounts.models import User
from platform_app.accounts.roles import SECRETARIAT
from platform_app.directory.models import Organization
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db

SUFFIXES = ("en", "fr", "es", "ru", "zh_hans", "ar")


@pytest.fixture
def secretariat(reference):
    user = User.objects.create_superuser("names.secretariat", "names.secretariat@example.org", "unused-password-2026")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def stored(model, pk, *fields) -> tuple:
    """The columns as stored (`name` is its own column, besides `name_en` … `name_ar`)."""
    return model.objects.rewrite(False).filter(pk=pk).values_list(*fields).get()


def change_url(model, pk) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


@pytest.mark.parametrize(
    ("model", "lookup", "fields"),
    [
        (WorkingGroup, {"short_name": "PCVE"}, ("name",)),
        (Organization, {"acronym": "UNODC"}, ("name", "acronym")),
        (Pillar, {"number": 1}, ("name",)),
        (ThematicArea, {"slug": "border-management"}, ("name",)),
        (Language, {"code": "zh"}, ("name",)),
    ],
)
def test_the_change_page_has_a_field_per_language_grouped_for_the_tabs(client, secretariat, model, lookup, fields):
    client.force_login(secretariat)
    response = client.get(change_url(model, model.objects.get(**lookup).pk))
    assert response.status_code == 200
    html = response.content.decode()
    for field in fields:
        for suffix in SUFFIXES:
            tag = re.search(rf'<input[^>]*name="{field}_{suffix}"[^>]*>', html)
            assert tag, f"{field}_{suffix}"
            # The classes modeltranslation's script groups into tabs, English marked as the default.
            assert f"mt-field-{field}-{suffix}" in tag.group(0).split('class="')[1].split('"')[0].split()
            assert ("mt-default" in tag.group(0)) == (suffix == "en")
        assert f'name="{field}"' not in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    # Served by the platform, after the admin's jQuery they run on.
    assert not [src for src in scripts if not src.startswith("/") or src.startswith("//")], scripts
    order = [
        "/static/admin/js/vendor/jquery/jquery.min.js",
        "/static/admin/js/jquery.init.js",
        "/static/vendor/jquery-ui/jquery-ui.min.js",
        "/static/modeltranslation/js/tabbed_translation_fields.js",
    ]
    assert [scripts.index(src) for src in order] == sorted(scripts.index(src) for src in order)


def test_saving_the_working_group_stores_its_spanish_name(client, secretariat):
    client.force_login(secretariat)
    group = WorkingGroup.objects.get(short_name="GENDER")
    english = group.name_en
    data = change_form_data(client.get(change_url(WorkingGroup, group.pk)))
    data["name_es"] = "Grupo de Trabajo sobre la Adopción de un Enfoque de Género"
    data["name_ru"] = ""
    response = client.post(change_url(WorkingGroup, group.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    spanish = "Grupo de Trabajo sobre la Adopción de un Enfoque de Género"
    # An empty tab is no name (read in English), not an empty one.
    assert stored(WorkingGroup, group.pk, "name", "name_en", "name_es", "name_ru") == (english, english, spanish, None)
    with translation.override("es"):
        assert WorkingGroup.objects.get(pk=group.pk).name == spanish
    with translation.override("ru"):
        assert WorkingGroup.objects.get(pk=group.pk).name == english


def test_english_is_required_and_the_rest_is_not(client, secretariat):
    client.force_login(secretariat)
    pillar = Pillar.objects.get(number=3)
    data = change_form_data(client.get(change_url(Pillar, pillar.pk)))
    data["name_en"] = ""
    response = client.post(change_url(Pillar, pillar.pk), data)
    assert response.status_code == 200
    assert "name_en" in response.context["adminform"].form.errors


def test_a_spanish_speaking_secretariat_saves_without_changing_the_english_column(client, secretariat):
    client.force_login(secretariat)
    client.cookies["django_language"] = "es"
    kenya = Organization.objects.get(iso_alpha3="KEN")
    data = change_form_data(client.get(change_url(Organization, kenya.pk)))
    data["description"] = "Estado Miembro de África oriental."
    response = client.post(change_url(Organization, kenya.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(Organization, kenya.pk, "name", "name_es") == ("Kenya", "Kenia")
    assert kenya.history.order_by("-history_id").first().name == "Kenya"

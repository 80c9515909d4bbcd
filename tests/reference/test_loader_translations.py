"""The reference loader keeps names in the six official languages: Member States and languages from CLDR,
the Compact's bodies from a translations file (tests/reference/translated_names.json here, worded apart from
the platform's own file), checked like the fixture; a name missing in a language is read in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

from platform_app.directory.models import Organization
from platform_app.reference import translations
from platform_app.reference.loader import ReferenceDataError, load_reference, read_fixture, read_translations
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup

pytestmark = pytest.mark.django_db

TRANSLATIONS = Path(__file__).with_name("translated_names.json")
GIVEN = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")


def read_in(language: str, model, attribute: str = "name", **lookup) -> str:
    """`attribute` of the record, read as a reader of `language` reads it (the language active then)."""
    with translation.override(language):
        return getattr(model.objects.get(**lookup), attribute)


def names(model, **lookup) -> dict[str, str]:
    return {language: read_in(language, model, **lookup) for language in LANGUAGES}


@pytest.fixture
def translated(reference):
    load_reference(translations=TRANSLATIONS)


def test_a_working_group_is_named_in_each_language_of_the_file(translated):
    pcve = GIVEN["working_groups"]["PCVE"]
    expected = {language: pcve[language]["name"] for language in LANGUAGES if language != "en"}
    expected["en"] = "Working Group on Preventing and Countering Violent Extremism Conducive to Terrorism"
    assert names(WorkingGroup, short_name="PCVE") == expected


def test_a_name_the_file_does_not_give_is_read_in_english(translated):
    # BMLE is named in French only; what another file wrote in the other languages is cleared here.
    WorkingGroup.objects.filter(short_name="BMLE").update(name_es=None, name_ru=None, name_zh_hans=None, name_ar=None)
    english = read_in("en", WorkingGroup, short_name="BMLE")
    got = names(WorkingGroup, short_name="BMLE")
    assert got["fr"] == GIVEN["working_groups"]["BMLE"]["fr"]["name"]
    assert got["es"] == got["ru"] == got["zh-hans"] == got["ar"] == english


def test_acronyms_where_a_language_writes_them_otherwise_and_the_english_one_elsewhere(translated):
    Organization.objects.filter(acronym="UNODC").update(acronym_es=None)
    assert read_in("fr", Organization, "acronym", acronym="UNODC") == "ONUDC"
    assert read_in("es", Organization, "acronym", acronym="UNODC") == "UNODC"
    assert read_in("es", Organization, acronym="UNODC") == GIVEN["entities"]["UNODC"]["es"]["name"]
    assert read_in("fr", Organization, "display_name", kind="regional_org", acronym="AU") == "Union africaine (UA)"


def test_pillars_and_thematic_areas_come_from_the_file(translated):
    assert read_in("es", Pillar, number=2) == "Prevenir y combatir el terrorismo"
    border = names(ThematicArea, slug="border-management")
    assert border["en"] == "Border management"
    assert (border["es"], border["ru"]) == ("Gestión de fronteras", "Пограничный контроль")


def test_member_states_and_languages_are_named_by_cldr(reference):
    assert names(Organization, iso_alpha3="KEN") == {
        "en": "Kenya",
        "fr": "Kenya",
        "es": "Kenia",
        "ru": "Кения",
        "zh-hans": "肯尼亚",
        "ar": "كينيا",
    }
    # English keeps the UN's own name, where CLDR writes "Bolivia".
    bolivia = names(Organization, iso_alpha3="BOL")
    assert (bolivia["en"], bolivia["es"]) == ("Bolivia (Plurinational State of)", "Bolivia")
    assert names(Language, code="zh") == {
        "en": "Chinese",
        "fr": "Chinois",
        "es": "Chino",
        "ru": "Китайский",
        "zh-hans": "中文",
        "ar": "الصينية",
    }


def test_the_english_name_stays_in_its_own_column_whoever_saves(translated):
    """Lookups through models that are not translated (a focal point's organization__name) and the
    directory's search triggers read the `name` column: it keeps the English name."""
    with translation.override("es"):
        group = WorkingGroup.objects.get(short_name="PCVE")
        group.name = "Grupo de Trabajo PCVE"
        group.save()
    row = WorkingGroup.objects.filter(pk=group.pk).values_list("name_en", "name_es").get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM workinggroups_workinggroup WHERE id = %s", [group.pk])
        (column,) = cursor.fetchone()
    assert row == (column, "Grupo de Trabajo PCVE")
    assert column.startswith("Working Group on Preventing")
    # History keeps the English name too.
    assert group.history.order_by("-history_id").first().name == column


def test_an_update_in_english_sets_the_column_and_in_another_language_its_own(reference):
    groups = WorkingGroup.objects.filter(short_name="RMME")
    groups.update(name="Working Group on Resources")
    with translation.override("ar"):
        groups.update(name="الفريق العامل المعني بالموارد")
    stored = groups.rewrite(False).values_list("name", "name_en", "name_ar").get()
    assert stored == ("Working Group on Resources", "Working Group on Resources", "الفريق العامل المعني بالموارد")


def test_loading_again_changes_nothing(translated):
    assert not load_reference(translations=TRANSLATIONS).changed


def test_the_command_reads_the_platforms_own_file_when_it_is_there(reference):
    if not translations.DEFAULT_TRANSLATIONS.exists():
        pytest.skip("the platform's translations file is not there")
    own = json.loads(translations.DEFAULT_TRANSLATIONS.read_text(encoding="utf-8"))
    expected = own["working_groups"]["RMME"]["es"]["name"]
    WorkingGroup.objects.filter(short_name="RMME").update(name_es=None)
    call_command("load_compact_reference", verbosity=0)
    assert read_in("es", WorkingGroup, short_name="RMME") == expected


def test_without_a_translations_file_the_fixture_alone_loads(reference, tmp_path, monkeypatch):
    monkeypatch.setattr(translations, "DEFAULT_TRANSLATIONS", tmp_path / "absent.json")
    assert read_translations(tmp_path / "absent.json", read_fixture()) == {}
    with pytest.raises(ReferenceDataError, match="cannot be read"):
        read_translations(tmp_path / "other.json", read_fixture())


def _broken(tmp_path, mutate) -> Path:
    data = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "translated_names.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "record", "field"),
    [
        (lambda d: d["entities"].update(NOPE={"fr": {"name": "Rien"}}), "entities", "NOPE"),
        # A regional organization is not an entity.
        (lambda d: d["entities"].update(AU={"fr": {"name": "Union africaine"}}), "entities", "AU"),
        (lambda d: d["working_groups"]["PCVE"].update(de={"name": "Arbeitsgruppe"}), "working_groups.PCVE", "de"),
        (lambda d: d["working_groups"]["PCVE"].update(en={"name": "Another"}), "working_groups.PCVE", "en"),
        (lambda d: d["working_groups"]["PCVE"]["es"].update(name="x" * 256), "working_groups.PCVE.es", "name"),
        (lambda d: d["thematic_areas"]["Border management"]["es"].update(name="x" * 201), "Border management", "name"),
        (lambda d: d["working_groups"]["PCVE"]["es"].update(acronym="PCVE"), "working_groups.PCVE.es", "acronym"),
        (lambda d: d["entities"]["UNODC"]["fr"].update(acronym="O" * 33), "entities.UNODC.fr", "acronym"),
        (lambda d: d["pillars"]["2"]["es"].update(name="  "), "pillars.2.es", "name"),
        (lambda d: d["pillars"].update({"5": {"es": {"name": "Quinto"}}}), "pillars", "5"),
        (lambda d: d.update(committees={}), "(file)", "committees"),
        (lambda d: d.update(format=2), "(file)", "format"),
    ],
)
def test_a_malformed_translations_file_is_refused_naming_record_and_field(reference, tmp_path, mutate, record, field):
    path = _broken(tmp_path, mutate)
    before = list(WorkingGroup.objects.values_list("name_fr", "name_es").order_by("pk"))
    with pytest.raises(CommandError) as excinfo:
        call_command("load_compact_reference", translations=path)
    message = str(excinfo.value)
    assert "Nothing was loaded" in message and str(path) in message
    assert record in message and f"'{field}'" in message
    assert list(WorkingGroup.objects.values_list("name_fr", "name_es").order_by("pk")) == before


def test_the_migration_gives_existing_records_their_english_name(reference):
    from importlib import import_module

    migration = import_module("platform_app.migrations.0021_translated_names")
    # The models as the migration knows them: without modeltranslation's rewriting of `name`.
    state = MigrationLoader(connection).project_state(("platform_app", "0021_translated_names"))
    WorkingGroup.objects.update(name_en=None)
    Organization.objects.filter(kind="entity").update(acronym_en=None)
    migration.names_are_english(state.apps, None)
    assert not WorkingGroup.objects.filter(name_en__isnull=True).exists()
    unodc = Organization.objects.filter(acronym="UNODC").values_list("acronym_en", flat=True).get()
    assert unodc == "UNODC"

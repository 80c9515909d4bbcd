"""CLDR's names of countries, languages, regions and subregions (platform_app.core.cldr), and the order of
translated names: by the name in the reader's language, else the English one, as that language sorts."""

from __future__ import annotations

import pytest
from babel import Locale
from django.db.models import Count
from django.utils import translation
from django.utils.translation import to_locale

from platform_app.core import cldr
from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea, WorkingGroupMembership
from tests.factories import RegionalOrganizationFactory


@pytest.mark.parametrize(
    ("language", "country", "region", "subregion", "language_name"),
    [
        ("en", "Kenya", "Africa", "Eastern Africa", "Chinese"),
        ("fr", "Kenya", "Afrique", "Afrique orientale", "Chinois"),
        ("es", "Kenia", "África", "África oriental", "Chino"),
        ("ru", "Кения", "Африка", "Восточная Африка", "Китайский"),
        ("zh-hans", "肯尼亚", "非洲", "东非", "中文"),
        ("ar", "كينيا", "أفريقيا", "شرق أفريقيا", "الصينية"),
    ],
)
def test_names_by_code_in_each_official_language(language, country, region, subregion, language_name):
    assert cldr.country_name("KE", language) == country
    assert cldr.region_name("africa", language) == region
    assert cldr.subregion_name("Eastern Africa", language) == subregion
    assert cldr.language_name("zh", language) == language_name
    with translation.override(language):
        assert cldr.country_name("ke") == country
        assert str(Organization.Region.AFRICA.label) == region


def test_english_keeps_the_m49_names_cldr_shortens():
    assert cldr.subregion_name("South-eastern Asia", "en") == "South-eastern Asia"
    assert cldr.subregion_name("South-eastern Asia", "es") == "Sudeste asiático"
    assert cldr.subregion_name("Somewhere else", "es") == "Somewhere else"
    assert cldr.region_name("antarctica", "fr") == "antarctica"


@pytest.mark.parametrize(
    ("asked", "official"),
    [("es-419", "es"), ("zh-cn", "zh-hans"), ("zh", "zh-hans"), ("zh-hant", "en"), ("de", "en"), ("AR", "ar")],
)
def test_any_language_reads_as_one_of_the_six(asked, official):
    assert cldr.official_language(asked) == official


def test_every_subregion_of_the_reference_data_has_a_cldr_name(reference):
    subregions = set(Organization.objects.exclude(subregion="").values_list("subregion", flat=True))
    assert subregions <= set(cldr.SUBREGION_CODES)
    for language in ("fr", "es", "ru", "zh-hans", "ar"):
        territories = Locale.parse(to_locale(language)).territories
        for subregion in subregions:
            assert cldr.subregion_name(subregion, language) == territories[cldr.SUBREGION_CODES[subregion]]


def names_in(language: str, queryset) -> list[str]:
    with translation.override(language):
        return [row.name for row in queryset.all()]


@pytest.mark.django_db
def test_spanish_order_of_countries_by_default_and_by_order_by(reference):
    states = Organization.objects.filter(kind="member_state", iso_alpha2__in=["BE", "BY", "BZ", "BJ", "DE", "IE", "IQ"])
    spanish = ["Alemania", "Bélgica", "Belice", "Benín", "Bielorrusia", "Irak", "Irlanda"]
    assert names_in("es", states) == spanish
    with translation.override("es"):
        assert [s.name for s in states.order_by("-name")] == spanish[::-1]
        assert list(states.values_list("name", flat=True)) == spanish
    assert names_in("en", states) == ["Belarus", "Belgium", "Belize", "Benin", "Germany", "Iraq", "Ireland"]
    assert names_in("ru", states.filter(iso_alpha2__in=["BE", "BY", "DE"])) == ["Беларусь", "Бельгия", "Германия"]


@pytest.mark.django_db
def test_a_record_without_a_name_in_the_language_sorts_by_its_english_one(reference):
    RegionalOrganizationFactory(name="Caribbean Community", acronym="CARICOM")
    regional = Organization.objects.filter(kind="regional_org", acronym__in=["CARICOM", "AU", "EU"])
    Organization.objects.filter(acronym__in=["AU", "EU"]).update(name_es=None)
    Organization.objects.filter(acronym="AU").update(name_es="Unión Africana")
    # Unión Africana (Spanish), Caribbean Community and European Union (English): U after C and E.
    assert names_in("es", regional) == ["Caribbean Community", "European Union", "Unión Africana"]


@pytest.mark.django_db
def test_ordering_by_name_still_counts_by_group(reference):
    """Meta.ordering by name is left out of a GROUP BY, as Django does with any Meta.ordering."""
    with translation.override("es"):
        counted = dict(Organization.objects.filter(kind="member_state").values_list("region").annotate(n=Count("id")))
        themes = ThematicArea.objects.values("id").annotate(n=Count("focal_points"))
        assert themes.count() == ThematicArea.objects.count()
    assert counted == {"africa": 54, "americas": 35, "asia": 47, "europe": 43, "oceania": 14}


@pytest.mark.django_db
def test_ordering_through_a_relation_follows_the_readers_names(reference):
    memberships = WorkingGroupMembership.objects.filter(working_group__short_name="BMLE", organization__kind="entity")
    members = Organization.objects.filter(pk__in=memberships.values("organization"))
    with translation.override("es"):
        through = [m.organization.name for m in memberships.order_by("organization").select_related("organization")]
        direct = [o.name for o in members]
    assert len(through) > 3
    assert through == direct
    with translation.override("en"):
        assert direct != [o.name for o in members]

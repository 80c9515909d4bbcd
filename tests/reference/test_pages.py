"""The pages name countries, regions, working groups and organizations in the reader's language, chosen as
the site chooses it (the language cookie that /i18n/setlang/ sets), and in English where a name is missing;
lists sorted by name sort in the reader's language; a search finds a name in the reader's language and in
English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from platform_app.directory.models import Organization
from platform_app.reference.loader import load_reference
from platform_app.structure.models import WorkingGroup

TRANSLATIONS = Path(__file__).with_name("translated_names.json")
PCVE = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["working_groups"]["PCVE"]
PCVE_EN = "Working Group on Preventing and Countering Violent Extremism Conducive to Terrorism"


def _test_names(people, world):
    load_reference(translations=TRANSLATIONS)


pytestmark = pytest.mark.shared_world(add=_test_names)

KENYA = {"en": "Kenya", "fr": "Kenya", "es": "Kenia", "ru": "Кения", "zh-hans": "肯尼亚", "ar": "كينيا"}
EASTERN_AFRICA = {
    "en": "Eastern Africa",
    "fr": "Afrique orientale",
    "es": "África oriental",
    "ru": "Восточная Африка",
    "zh-hans": "东非",
    "ar": "شرق أفريقيا",
}
AFRICA = {"en": "Africa", "fr": "Afrique", "es": "África", "ru": "Африка", "zh-hans": "非洲", "ar": "أفريقيا"}


def page(client, user, url: str, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] == language
    return response.content.decode()


def heading(html: str) -> str:
    start = html.index("<h1")
    return html[start : html.index("</h1>", start)]


@pytest.mark.parametrize("language", sorted(KENYA))
def test_kenya_reads_in_the_readers_language(client, people, language):
    html = page(client, people.state, reverse("countries:profile", args=["KEN"]), language)
    assert KENYA[language] in heading(html)
    assert f"{AFRICA[language]} ({EASTERN_AFRICA[language]})" in html
    if language != "en":
        assert "Eastern Africa" not in html


def test_the_language_chosen_with_setlang_names_kenya(client, people):
    client.force_login(people.state)
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("countries:profile", args=["KEN"])}, follow=True
    )
    assert response.status_code == 200
    assert "Kenia" in heading(response.content.decode())


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "zh-hans", "ar"])
def test_a_working_groups_page_names_it_in_the_readers_language(client, people, language):
    html = page(client, people.entity, reverse("workinggroups:detail", args=["PCVE"]), language)
    name = PCVE_EN if language == "en" else PCVE[language]["name"]
    assert escape(name) in heading(html)
    index = page(client, people.entity, reverse("workinggroups:index"), language)
    assert escape(name) in index


def test_a_name_missing_in_a_language_is_shown_in_english(client, people):
    WorkingGroup.objects.filter(short_name="GENDER").update(name_ru=None)
    english = WorkingGroup.objects.get(short_name="GENDER").name_en
    html = page(client, people.entity, reverse("workinggroups:detail", args=["GENDER"]), "ru")
    assert escape(english) in heading(html)


def _positions(html: str, names: list[str]) -> list[int]:
    return [html.index(f">{name}<") for name in names]


def test_the_countries_list_is_in_the_readers_alphabetical_order(client, people):
    # Europe's States in Spanish: Alemania first (Germany), and Bélgica with the B's, not after Bulgaria as
    # comparing code points would put it.
    html = page(client, people.state, reverse("countries:index"), "es")
    spanish = ["Alemania", "Austria", "Bélgica", "Bielorrusia", "Bulgaria", "España", "Noruega"]
    assert _positions(html, spanish) == sorted(_positions(html, spanish))
    english = page(client, people.state, reverse("countries:index"), "en")
    names = ["Austria", "Belarus", "Belgium", "Bulgaria", "Germany", "Norway", "Spain"]
    assert _positions(english, names) == sorted(_positions(english, names))


def test_the_directorys_organizations_are_in_the_readers_order_and_regions_in_cldrs_words(client, people):
    url = reverse("directory:organizations") + "?kind=member_state&region=europe"
    html = page(client, people.state, url, "es")
    positions = [html.index(escape(name)) for name in ("Alemania", "Austria", "España", "Noruega")]
    assert positions == sorted(positions)
    norway = Organization.objects.get(iso_alpha3="NOR")
    detail = page(client, people.state, reverse("directory:organization", args=[norway.pk]), "fr")
    assert "Europe (Europe du Nord)" in detail


@pytest.mark.parametrize("words", ["Kenya", "Kenia"])
def test_a_spanish_reader_finds_kenya_by_its_spanish_or_english_name(client, people, words):
    html = page(client, people.state, reverse("directory:organizations") + f"?q={words}", "es")
    kenya = Organization.objects.get(iso_alpha3="KEN")
    assert reverse("directory:organization", args=[kenya.pk]) in html
    found = page(client, people.state, reverse("search:index") + f"?q={words}", "es")
    assert reverse("countries:profile", args=["KEN"]) in found
    assert "Kenia" in found

"""The API names countries, organizations and working groups in the language the client asks for, with
`?lang=` or else Accept-Language, English without either, and says which in Content-Language; an unknown
`lang` is a 400 like any other malformed parameter. The schema documents both, so a generated client knows
them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from platform_app.reference.loader import load_reference

from .openapi import openapi_schema

TRANSLATIONS = Path(__file__).parents[1] / "reference" / "translated_names.json"
PCVE = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["working_groups"]["PCVE"]
PCVE_EN = "Working Group on Preventing and Countering Violent Extremism Conducive to Terrorism"
LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh-hans"]
# The codes as the schema lists them: settings.UN_LANGUAGES's order.
OFFERED = [code for code, _name in settings.UN_LANGUAGES]

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(reference):
    load_reference(translations=TRANSLATIONS)


@pytest.fixture
def reader(api, people, names):
    return api.as_user(people.state)


def pcve(response) -> dict:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return body["results"][0] if "results" in body else body


GROUPS = reverse("api:working-group-list")


def test_accept_language_names_the_group_and_content_language_says_so(reader):
    response = reader.get(GROUPS, {"short_name": "PCVE"}, HTTP_ACCEPT_LANGUAGE="es")
    assert pcve(response)["name"] == PCVE["es"]["name"]
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_lang_names_the_group_in_each_language(reader, language):
    response = reader.get(GROUPS, {"short_name": "PCVE", "lang": language})
    assert pcve(response)["name"] == (PCVE_EN if language == "en" else PCVE[language]["name"])
    assert response["Content-Language"] == language


def test_lang_wins_over_accept_language_in_lists_and_details(reader):
    group = pcve(reader.get(GROUPS, {"short_name": "PCVE"}))
    detail = reader.get(
        reverse("api:working-group-detail", args=[group["id"]]), {"lang": "ru"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert (pcve(detail)["name"], detail["Content-Language"]) == (PCVE["ru"]["name"], "ru")
    # The names inside it too: UNODC is ONUDC in French.
    french = pcve(reader.get(reverse("api:working-group-detail", args=[group["id"]]), {"lang": "fr"}))
    unodc = next(m["organization"] for m in french["memberships"] if m["organization"]["acronym"] == "ONUDC")
    assert unodc["name"] == "Office des Nations Unies contre les drogues et le crime"


def test_without_either_names_come_in_english_whatever_the_portals_cookie(reader):
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = reader.get(GROUPS, {"short_name": "PCVE"})
    assert (pcve(response)["name"], response["Content-Language"]) == (PCVE_EN, "en")


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("de-DE, fr;q=0.5, en;q=0.3", "fr"),
        ("es-419", "es"),
        ("pt-BR", "en"),
        ("ar;q=0, ru;q=0.4", "ru"),
        ("zh-TW", "en"),
        ("*", "en"),
        ("not a language tag", "en"),
    ],
)
def test_accept_language_takes_the_first_official_language_it_names(reader, header, language):
    response = reader.get(GROUPS, {"short_name": "PCVE"}, HTTP_ACCEPT_LANGUAGE=header)
    assert response["Content-Language"] == language
    assert pcve(response)["name"] == (PCVE_EN if language == "en" else PCVE[language]["name"])


@pytest.mark.parametrize("value", ["de", "ZH-HANS", "zh", "english", "en-GB"])
def test_an_unknown_lang_is_a_400_naming_the_parameter(reader, value):
    response = reader.get(GROUPS, {"lang": value})
    assert response.status_code == 400
    message = "Unknown language; choose among: ar, en, es, fr, ru, zh-hans."
    assert response.json() == {"detail": f"lang: {message}", "code": "invalid", "errors": {"lang": [message]}}


def test_an_empty_lang_is_no_lang(reader):
    response = reader.get(GROUPS, {"short_name": "PCVE", "lang": ""}, HTTP_ACCEPT_LANGUAGE="ar")
    assert (pcve(response)["name"], response["Content-Language"]) == (PCVE["ar"]["name"], "ar")


def test_countries_are_named_by_cldr_and_found_by_either_name(reader):
    organizations = reverse("api:organization-list")
    for words in ("Kenya", "Кения"):
        response = reader.get(organizations, {"kind": "member_state", "search": words, "lang": "ru"})
        assert [row["name"] for row in response.json()["results"]] == ["Кения"]
    # An acronym filters as written in English or in the reader's language.
    for acronym in ("UNODC", "ONUDC"):
        found = reader.get(organizations, {"acronym": acronym, "lang": "fr"}).json()["results"]
        assert [row["acronym"] for row in found] == ["ONUDC"]


def test_each_language_has_its_own_etag(reader):
    spanish = reader.get(GROUPS, {"short_name": "PCVE"}, HTTP_ACCEPT_LANGUAGE="es")
    russian = reader.get(GROUPS, {"short_name": "PCVE"}, HTTP_ACCEPT_LANGUAGE="ru", HTTP_IF_NONE_MATCH=spanish["ETag"])
    assert russian.status_code == 200 and russian["ETag"] != spanish["ETag"]
    again = reader.get(GROUPS, {"short_name": "PCVE"}, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=spanish["ETag"])
    assert again.status_code == 304


def test_the_schema_documents_lang_accept_language_and_content_language():
    schema = openapi_schema()
    assert schema["components"]["headers"]["Content-Language"]["schema"] == {"type": "string", "enum": OFFERED}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert all(
                response["headers"]["Content-Language"] == {"$ref": "#/components/headers/Content-Language"}
                for response in responses.values()
            ), (method, path)
            json_answer = any("application/json" in r.get("content", {}) for c, r in responses.items() if c[0] == "2")
            parameters = {(p["name"], p["in"]): p for p in operation.get("parameters", [])}
            assert (("lang", "query") in parameters) == json_answer, (method, path)
            if json_answer:
                assert parameters[("lang", "query")]["schema"] == {"type": "string", "enum": OFFERED}
                assert ("Accept-Language", "header") in parameters

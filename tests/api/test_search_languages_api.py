"""The API's side of search in each language (tests/test_search_languages.py has the rest): the language
of entries, recommendations and documents is optional input, detected when left out and refused with a 400
when unknown; and `search=` reads the words in the client's language (Accept-Language) and word for word."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from platform_app.countries.models import CountryEntry
from platform_app.cted.models import Recommendation
from platform_app.library.models import Document
from tests.factories import SAMPLE_PDF, CountryAssessmentFactory, RecommendationFactory, reference_group
from tests.test_search_languages import SEARCHES, TEXTS

pytestmark = pytest.mark.django_db

ENTRIES = reverse("api:country-entry-list")
RECOMMENDATIONS = reverse("api:recommendation-list")


def entry_body(**overrides):
    body = {"kind": "priority", "title": "Border management", "text": TEXTS["es"][1], "dated_on": "2026-05-01"}
    return body | overrides


def test_an_entry_is_written_with_the_language_given_or_detected(api, people):
    client = api.as_user(people.state)
    given = client.post(ENTRIES, entry_body(language="es"), format="json")
    assert given.status_code == 201, given.json()
    assert given.json()["language"] == "es"
    detected = client.post(ENTRIES, entry_body(title=TEXTS["fr"][0], text=TEXTS["fr"][1]), format="json")
    assert detected.status_code == 201, detected.json()
    assert detected.json()["language"] == "fr"
    assert CountryEntry.objects.get(pk=detected.json()["id"]).language == "fr"

    changed = client.patch(
        reverse("api:country-entry-detail", args=[given.json()["id"]]), {"language": "ru"}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["language"] == "ru"
    # A change that leaves the language out keeps it.
    kept = client.patch(reverse("api:country-entry-detail", args=[given.json()["id"]]), {"title": "X"}, format="json")
    assert kept.json()["language"] == "ru"


def test_an_unknown_language_is_refused_with_the_codes_accepted(api, people):
    before = CountryEntry.objects.count()
    response = api.as_user(people.state).post(ENTRIES, entry_body(language="klingon"), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["language"])
    assert "klingon" in message
    assert "zh-hans" in message
    assert CountryEntry.objects.count() == before

    assessment = CountryAssessmentFactory()
    body = {"assessment": assessment.pk, "number": 9, "thematic_area": "border-management", "text": "Do more."}
    refused = api.as_user(people.cted).post(RECOMMENDATIONS, body | {"language": "zh"}, format="json")
    assert refused.status_code == 400
    assert "language" in refused.json()["errors"]
    created = api.as_user(people.cted).post(RECOMMENDATIONS, body | {"text": TEXTS["ar"][0]}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["language"] == "ar"


def test_a_document_shared_without_a_language_gets_the_detected_one(api, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = {
        "title": TEXTS["ru"][0],
        "published_on": "2026-10-01",
        "working_group": reference_group("BMLE").pk,
        "visibility": "working_group",
        "document_type": "report",
        "file": SimpleUploadedFile("brief.pdf", SAMPLE_PDF, content_type="application/pdf"),
    }
    response = api.as_user(people.entity).post(reverse("api:document-list"), form, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "ru"
    assert Document.objects.get(pk=response.json()["id"]).language_id == "ru"


@pytest.fixture
def recommendations(reference):
    """A recommendation in each language to Kenya, whose assessment is not shared: Norway does not see them."""
    assessment = CountryAssessmentFactory()
    return {
        code: RecommendationFactory(assessment=assessment, number=n, text=title, progress_note=text)
        for n, (code, (title, text)) in enumerate(TEXTS.items(), start=1)
    }


@pytest.mark.postgres
@override_settings(LANGUAGES=settings.UN_LANGUAGES)
@pytest.mark.parametrize(("reader", "text", "code"), SEARCHES)
def test_the_api_searches_recommendations_in_the_clients_language(api, people, recommendations, reader, text, code):
    by_pk = {recommendation.pk: key for key, recommendation in recommendations.items()}
    response = api.as_user(people.state).get(RECOMMENDATIONS, {"search": text}, HTTP_ACCEPT_LANGUAGE=reader)
    assert response.status_code == 200
    assert {by_pk.get(row["id"]) for row in response.json()["results"]} == {code}
    assert Recommendation.objects.get(pk=recommendations[code].pk).language == code

    hidden = api.as_user(people.other_state).get(RECOMMENDATIONS, {"search": text}, HTTP_ACCEPT_LANGUAGE=reader)
    assert hidden.status_code == 200
    assert not {row["id"] for row in hidden.json()["results"]} & set(by_pk)

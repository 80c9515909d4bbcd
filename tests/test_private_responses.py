"""Nothing a signed-in person is shown may be kept by a browser or a shared cache.

Every answer to a signed-in request, page or API, whatever view made it, carries
`Cache-Control: private, no-store`; answers to anonymous requests keep their own caching.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from platform_app.accounts.tokens import token_create
from tests.factories import CountryAssessmentFactory, DocumentFactory, EventFactory

pytestmark = pytest.mark.shared_world

PRIVATE = "private, no-store"

PAGES = [
    "home",
    "account:profile",
    "directory:index",
    "library:index",
    "calendar:month",
    "cted:index",
    "support:index",
    "countries:index",
    "projects:index",
    "newsletters:index",
    "workinggroups:index",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_signed_in_page_is_private_and_not_stored(client, people, name):
    client.force_login(people.state)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_downloads_errors_and_redirects_of_a_signed_in_person_are_not_stored(client, people):
    document = DocumentFactory()
    event = EventFactory()
    client.force_login(people.state)
    for path, status in [
        (reverse("calendar:event_ics", args=[event.pk]), 200),
        (reverse("library:download", args=[document.pk]), 200),
        (reverse("library:document", args=[99_999_999]), 404),
        ("/admin/", 302),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response["Cache-Control"] == PRIVATE, path


def test_the_staff_admin_is_private_and_not_stored(client, people):
    client.force_login(people.secretariat)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("credentials", ["token", "session"])
def test_every_signed_in_api_answer_is_private_and_not_stored(people, credentials):
    assessment = CountryAssessmentFactory()
    client = APIClient()
    if credentials == "token":
        _, key = token_create(user=people.state, name="cache", days=1)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    else:
        client.force_login(people.state)
    for path, status in [
        (reverse("api:document-list"), 200),
        (reverse("api:assessment-detail", args=[assessment.pk]), 200),
        (reverse("api:metrics"), 200),
        ("/api/v1/documents/99999999/", 404),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response["Cache-Control"] == PRIVATE, path


def test_anonymous_answers_keep_their_own_caching(client):
    never_cached = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert client.get(reverse("login"))["Cache-Control"] == never_cached
    assert client.get(reverse("health"))["Cache-Control"] == never_cached

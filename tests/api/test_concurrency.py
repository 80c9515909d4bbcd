"""Two people changing the same recommendation or document at once: neither change is lost unseen."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from platform_app import services
from platform_app.models import Document, Recommendation
from platform_app.tokens import token_create
from tests.factories import DocumentFactory, RecommendationFactory

from .conftest import SchemaCheckedClient


def detail(recommendation: Recommendation) -> str:
    return reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})


def test_a_change_from_an_older_revision_is_refused_with_409(api, people, reference):
    recommendation = RecommendationFactory()
    read = api.as_user(people.state).get(detail(recommendation)).json()
    assert read["revision"] == 1

    cted = SchemaCheckedClient().as_user(people.cted)
    first = cted.patch(detail(recommendation), {"priority": "high", "revision": read["revision"]})
    assert first.status_code == 200
    assert first.json()["revision"] == 2

    second = api.patch(detail(recommendation), {"progress_note": "Bill tabled.", "revision": read["revision"]})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert body["revision"] == 2
    assert "changed this record since you opened it" in body["detail"]
    recommendation.refresh_from_db()
    assert (recommendation.priority, recommendation.progress_note, recommendation.revision) == ("high", "", 2)

    # Starting again from the current revision, the State's change goes through, and CTED's stays.
    third = api.patch(detail(recommendation), {"progress_note": "Bill tabled.", "revision": 2})
    assert third.status_code == 200
    recommendation.refresh_from_db()
    assert (recommendation.priority, recommendation.progress_note, recommendation.revision) == (
        "high",
        "Bill tabled.",
        3,
    )


def test_the_revision_may_come_as_if_match(api, people, reference):
    recommendation = RecommendationFactory()
    client = api.as_user(people.cted)
    assert client.patch(detail(recommendation), {"priority": "low"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.patch(detail(recommendation), {"priority": "high"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    malformed = client.patch(detail(recommendation), {"priority": "high"}, HTTP_IF_MATCH="yesterday")
    assert malformed.status_code == 400
    assert "If-Match" in malformed.json()["detail"]
    recommendation.refresh_from_db()
    assert recommendation.priority == "low"


def test_a_change_without_a_revision_writes_only_its_own_fields(people, reference):
    """CTED's edit started from a copy read before the State's progress: the progress stays."""
    recommendation = RecommendationFactory()
    read_by_cted = Recommendation.objects.get(pk=recommendation.pk)
    services.recommendation_record_progress(
        user=people.state, recommendation=recommendation, status="in_progress", progress_note="Bill tabled."
    )
    services.recommendation_save(user=people.cted, recommendation=read_by_cted, priority="high")
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note, recommendation.priority) == (
        "in_progress",
        "Bill tabled.",
        "high",
    )


def test_the_progress_form_shows_a_conflict_and_keeps_what_was_typed(client, people, reference):
    recommendation = RecommendationFactory()
    client.force_login(people.state)
    page = client.get(reverse("cted:recommendation", args=[recommendation.pk]))
    assert 'name="revision" value="1"' in page.content.decode()

    services.recommendation_save(user=people.cted, recommendation=recommendation, status="implemented")

    response = client.post(
        reverse("cted:recommendation_progress", args=[recommendation.pk]),
        {"status": "in_progress", "progress_note": "Our own account of the work.", "revision": "1"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "changed this record since you opened it" in text
    assert "Our own account of the work." in text
    assert 'name="revision" value="2"' in text
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note) == ("implemented", "")


def test_the_admin_refuses_to_save_over_a_newer_revision(client, people, reference):
    document = DocumentFactory(title="Original title")
    client.force_login(people.secretariat)
    url = reverse("admin:platform_app_document_change", args=[document.pk])
    form = client.get(url).context["adminform"].form
    assert form["opened_revision"].value() == document.revision

    Document.objects.get(pk=document.pk).save()  # someone else saves meanwhile

    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "title": "My title",
            "themes": [theme.pk for theme in document.themes.all()],
            "pillars": [pillar.pk for pillar in document.pillars.all()],
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
        }
    )
    data = {key: value for key, value in data.items() if value != []}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Original title"

    data["opened_revision"] = document.revision
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    document.refresh_from_db()
    assert document.title == "My title"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_changes_from_one_revision_one_wins_and_one_is_told(people, reference):
    recommendation = RecommendationFactory()
    url = detail(recommendation)
    keys = {role: token_create(user=getattr(people, role), name="race")[1] for role in ("cted", "state")}
    bodies = {"cted": {"priority": "high", "revision": 1}, "state": {"progress_note": "Bill tabled.", "revision": 1}}
    start = threading.Barrier(2)
    answers: dict[str, int] = {}

    def change(role: str) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Token {keys[role]}")
            start.wait(timeout=10)
            answers[role] = client.patch(url, bodies[role], content_type="application/json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(role,)) for role in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answers.values()) == [200, 409]
    winner = next(role for role, code in answers.items() if code == 200)
    recommendation.refresh_from_db()
    assert recommendation.revision == 2
    if winner == "cted":
        assert (recommendation.priority, recommendation.progress_note) == ("high", "")
    else:
        assert (recommendation.priority, recommendation.progress_note) == ("medium", "Bill tabled.")

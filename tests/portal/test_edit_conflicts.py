"""Two people change the same record: the second to save hears of the first's change (409), and the page
keeps what the second typed, with the revision now stored, so that saving again is a knowing choice.
The same on every page that edits a revisioned record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from platform_app.countries.models import CountryEntry
from platform_app.cted.models import Recommendation
from tests.factories import (
    CountryAssessmentFactory,
    CountryEntryFactory,
    CountryPageFactory,
    RecommendationFactory,
    reference_org,
)

pytestmark = pytest.mark.django_db


def _stale(record, **change):
    """Someone else saves `record` after it was read: its stored revision moves on."""
    read = record.revision
    for name, value in change.items():
        setattr(record, name, value)
    record.save()
    record.refresh_from_db()
    assert record.revision == read + 1
    return read


def test_a_country_entry_saved_meanwhile_is_a_conflict_that_keeps_the_text(client, people):
    entry = CountryEntryFactory(page=CountryPageFactory(member_state=reference_org("KE")))
    read = _stale(entry, title="Their title")
    client.force_login(people.state)
    response = client.post(
        reverse("countries:entry_edit", args=[entry.pk]),
        {
            "kind": entry.kind,
            "title": "My title",
            "text": "My text",
            "dated_on": "2026-06-01",
            "audience": CountryEntry.Audience.PLATFORM,
            "revision": read,
        },
    )
    assert response.status_code == 409
    form = response.context["form"]
    assert str(form["revision"].value()) == str(entry.revision)
    assert form["title"].value() == "My title"
    entry.refresh_from_db()
    assert entry.title == "Their title"


def test_a_recommendation_saved_meanwhile_is_a_conflict_that_keeps_the_note(client, people):
    assessment = CountryAssessmentFactory(member_state=reference_org("KE"))
    recommendation = RecommendationFactory(assessment=assessment)
    read = _stale(recommendation, progress_note="Their note")
    client.force_login(people.state)
    response = client.post(
        reverse("cted:recommendation_progress", args=[recommendation.pk]),
        {"status": Recommendation.Status.IN_PROGRESS, "progress_note": "My note", "revision": read},
    )
    assert response.status_code == 409
    form = response.context["form"]
    assert str(form["revision"].value()) == str(recommendation.revision)
    assert form["progress_note"].value() == "My note"

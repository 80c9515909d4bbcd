"""Requests for tailored support in "Compact in numbers": counted in the snapshot, shown in aggregate."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from platform_app.metrics.aggregation import aggregate, breakdowns, median_days_to_first_offer
from platform_app.structure.models import ThematicArea
from platform_app.support.models import SupportRequest
from tests.factories import SupportOfferFactory, SupportRequestFactory, reference_org

FILED = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
Status = SupportRequest.Status


def _dated(request: SupportRequest, *, filed: datetime, first_offer: timedelta | None = None) -> None:
    SupportRequest.objects.filter(pk=request.pk).update(
        created_at=filed, first_offer_at=filed + first_offer if first_offer is not None else None
    )


@pytest.fixture
def requests(reference):
    """Three requests: two of Kenya's with offers after 2 days and after 5 days 8 hours, one of Norway's
    still submitted. The median wait for a first offer is (2 + 5⅓) / 2 = 3.67 days."""
    themes = list(ThematicArea.objects.order_by("slug")[:2])
    unodc = reference_org("UNODC")
    offered = SupportRequestFactory(title="Kenya secret title A", thematic_area=themes[0], routed_to=[unodc])
    accepted = SupportRequestFactory(title="Kenya secret title B", thematic_area=themes[1], routed_to=[unodc])
    submitted = SupportRequestFactory(
        title="Norway secret title C", member_state=reference_org("NO"), thematic_area=themes[0]
    )
    SupportOfferFactory(request=offered)
    SupportOfferFactory(request=accepted, status="accepted", decided_at=FILED + timedelta(days=9))
    SupportRequest.objects.filter(pk=offered.pk).update(status=Status.OFFERED)
    SupportRequest.objects.filter(pk=accepted.pk).update(status=Status.ACCEPTED)
    _dated(offered, filed=FILED, first_offer=timedelta(days=2))
    _dated(accepted, filed=FILED + timedelta(days=1), first_offer=timedelta(days=5, hours=8))
    _dated(submitted, filed=FILED + timedelta(days=3))
    return themes


def _rows(breakdown: list[dict]) -> dict[str, int]:
    return {row["key"]: row["count"] for row in breakdown}


def test_requests_are_counted_by_status_theme_and_region_with_the_median_wait(requests):
    parts = breakdowns()
    assert _rows(parts["support_requests_by_status"]) == {"submitted": 1, "offered": 1, "accepted": 1}
    labels = {row["key"]: row["label"] for row in parts["support_requests_by_status"]}
    assert labels["offered"] == "Offers received"
    assert _rows(parts["support_requests_by_thematic_area"]) == {requests[0].slug: 2, requests[1].slug: 1}
    assert {row["label"] for row in parts["support_requests_by_thematic_area"]} == {t.name for t in requests}
    assert _rows(parts["support_requests_by_region"]) == {"africa": 2, "europe": 1}
    assert parts["support_first_offer_days"] == [
        {"key": "median", "label": "Median days from filing to first offer", "days": 3.7, "count": 2}
    ]


def test_the_median_of_an_odd_number_of_waits_is_the_middle_one(requests):
    third = SupportRequestFactory(title="Another", thematic_area=requests[0])
    SupportOfferFactory(request=third)
    _dated(third, filed=FILED, first_offer=timedelta(hours=12))  # 0.5, 2 and 5.33 days
    assert median_days_to_first_offer() == 2.0


def test_without_any_offer_the_median_is_null(reference):
    assert median_days_to_first_offer() is None
    SupportRequestFactory()
    parts = breakdowns()
    assert parts["support_first_offer_days"][0]["days"] is None
    assert parts["support_first_offer_days"][0]["count"] == 0
    assert _rows(parts["support_requests_by_status"]) == {"submitted": 1}


def test_the_snapshot_and_the_api_carry_the_support_breakdowns(client, people, requests):
    snapshot = aggregate(datetime(2040, 1, 1, tzinfo=UTC)).snapshot
    snapshot.refresh_from_db()
    assert snapshot.breakdowns["support_first_offer_days"][0]["days"] == 3.7
    client.force_login(people.state)
    parts = client.get("/api/v1/metrics/").json()["breakdowns"]
    assert _rows(parts["support_requests_by_region"]) == {"africa": 2, "europe": 1}
    assert parts["support_first_offer_days"][0]["days"] == 3.7


def _support_section(body: str) -> str:
    match = re.search(r'<section class="card" aria-labelledby="support-heading">.*?</section>', body, re.S)
    assert match, "no section on requests for tailored support"
    return match.group(0)


def test_the_dashboard_shows_the_aggregates_to_every_platform_user_and_names_no_request(client, people, requests):
    aggregate(datetime(2040, 1, 1, tzinfo=UTC))
    for user in (people.state, people.other_state, people.entity, people.regional, people.secretariat):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        body = response.content.decode()
        section = _support_section(body)
        assert "Requests for tailored support" in section
        assert "3.7" in section  # the median wait for a first offer
        assert "Offers received" in section and "Africa" in section and "Europe" in section
        assert '<th scope="row">Africa</th><td>2</td>' in section
        assert 'role="img"' in section and "<table>" in section
        assert "secret title" not in section  # no request is named
        if user in (people.other_state, people.regional):  # nor, anywhere on the page, to those not concerned
            assert "secret title" not in body
        assert "Kenya" not in section and "Norway" not in section  # nor any State
        assert response.context["support"]["total"] == 3


def test_the_section_reads_the_snapshot_only(client, people, requests, django_capture_on_commit_callbacks):
    client.force_login(people.state)
    # The reference data's published figures hold no breakdowns: nothing is counted on request.
    assert "support-heading" not in client.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the snapshot's commit refreshes the cache
        aggregate(datetime(2040, 1, 1, tzinfo=UTC))
    SupportRequestFactory(title="Filed after the snapshot")
    assert client.get(reverse("home")).context["support"]["total"] == 3


def test_the_public_landing_page_shows_no_support_section(client, requests):
    aggregate(datetime(2040, 1, 1, tzinfo=UTC))
    body = client.get(reverse("home")).content.decode()
    assert "Compact in numbers" in body and "support-heading" not in body


def test_statuses_and_regions_are_named_in_the_readers_language(client, people, requests):
    aggregate(datetime(2040, 1, 1, tzinfo=UTC))
    client.force_login(people.state)
    section = _support_section(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert '<th scope="row">Soumise</th><td>1</td>' in section
    assert '<th scope="row">Afrique</th><td>2</td>' in section

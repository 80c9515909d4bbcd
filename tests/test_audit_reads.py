"""Reads of confidential records are in the audit log the same way in the portal and the API.

A detail read is one event naming the record; a list (a page of results, a country's profile, the API's
list) is one event per confidential kind it showed, naming the kind and how many, not one per row.
Lists of records the audit log does not follow write nothing.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from platform_app.accounts.tokens import token_create
from platform_app.core.models import AuditEvent
from tests.factories import (
    CountryAssessmentFactory,
    DocumentFactory,
    RecommendationFactory,
    SupportRequestFactory,
    reference_org,
)

Kind = AuditEvent.Kind


@pytest.fixture
def kenya(people):
    """Kenya's confidential records, each kind of them, and records of kinds the log does not follow."""
    assessment = CountryAssessmentFactory(shared=True)
    recommendations = RecommendationFactory.create_batch(3, assessment=assessment)
    request = SupportRequestFactory(recommendations=recommendations[:2])
    DocumentFactory.create_batch(
        2, restricted=True, organization=reference_org("KE"), allowed_organizations=[reference_org("KE")]
    )
    DocumentFactory(organization=reference_org("KE"))  # shared with every platform user: not followed
    return SimpleNamespace(assessment=assessment, recommendations=recommendations, request=request)


def listed(user) -> dict[str, tuple[str, str]]:
    """The list events written for `user`: kind -> (record type, what it says)."""
    events = AuditEvent.objects.filter(user=user, object_id="").exclude(kind=Kind.SIGN_IN)
    found = {}
    for event in events:
        assert event.kind not in found, f"two {event.kind} events for one list"
        found[event.kind] = (event.object_type, event.object_repr)
    return found


def shown(count: int) -> str:
    return f"{count} shown in a list"


PORTAL_LISTS = [
    ("support:index", (), {Kind.SUPPORT_REQUEST_READ: ("platform_app.supportrequest", shown(1))}),
    ("library:index", (), {Kind.DOCUMENT_READ: ("platform_app.document", shown(2))}),
    (
        "cted:country",
        ("KEN",),
        {
            Kind.ASSESSMENT_READ: ("platform_app.countryassessment", shown(1)),
            Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(3)),
        },
    ),
    (
        "countries:profile",
        ("KEN",),
        {
            Kind.ASSESSMENT_READ: ("platform_app.countryassessment", shown(1)),
            Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(3)),
            Kind.DOCUMENT_READ: ("platform_app.document", shown(2)),
        },
    ),
    (
        "home",
        (),
        {
            Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(3)),
            Kind.DOCUMENT_READ: ("platform_app.document", shown(2)),
        },
    ),
]


@pytest.mark.parametrize(("name", "args", "expected"), PORTAL_LISTS, ids=[row[0] for row in PORTAL_LISTS])
def test_a_portal_list_of_confidential_records_is_one_event_per_kind(client, people, kenya, name, args, expected):
    client.force_login(people.state)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert listed(people.state) == expected


def test_a_page_showing_several_kinds_writes_their_events_in_one_statement(client, people, kenya):
    # The country profile shows three kinds; their events are one INSERT, not a round trip (and, outside a
    # transaction, a commit) each.
    client.force_login(people.state)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("countries:profile", args=["KEN"])).status_code == 200
    audit = 'INSERT INTO "platform_app_auditevent"'
    inserts = [query["sql"] for query in queries.captured_queries if query["sql"].startswith(audit)]
    assert len(inserts) == 1, inserts
    assert len(listed(people.state)) == 3


def test_the_pages_of_one_record_list_the_confidential_records_they_show(client, people, kenya):
    client.force_login(people.state)
    assert client.get(reverse("cted:assessment", args=[kenya.assessment.pk])).status_code == 200
    assert listed(people.state) == {Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(3))}
    AuditEvent.objects.all().delete()
    assert client.get(reverse("support:request", args=[kenya.request.pk])).status_code == 200
    assert listed(people.state) == {Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(2))}
    # And each page records the read of its own record.
    assert AuditEvent.objects.filter(kind=Kind.SUPPORT_REQUEST_READ, object_id=str(kenya.request.pk)).count() == 1


def test_the_gaps_page_records_the_recommendations_it_lists(client, people, kenya):
    client.force_login(people.entity)
    assert client.get(reverse("cted:gaps")).status_code == 200
    assert listed(people.entity) == {Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(3))}


API_LISTS = [
    ("api:support-request-list", Kind.SUPPORT_REQUEST_READ, "platform_app.supportrequest", 1),
    ("api:recommendation-list", Kind.RECOMMENDATION_READ, "platform_app.recommendation", 3),
    ("api:assessment-list", Kind.ASSESSMENT_READ, "platform_app.countryassessment", 1),
    ("api:document-list", Kind.DOCUMENT_READ, "platform_app.document", 2),
]


@pytest.fixture
def api(people):
    client = APIClient()
    _, key = token_create(user=people.state, name="audit", days=1)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize(("name", "kind", "label", "count"), API_LISTS, ids=[row[0] for row in API_LISTS])
def test_an_api_list_of_confidential_records_is_one_event_naming_the_kind_and_count(
    api, people, kenya, name, kind, label, count
):
    response = api.get(reverse(name))
    assert response.status_code == 200
    assert listed(people.state) == {kind: (label, shown(count))}
    event = AuditEvent.objects.get(kind=kind, object_id="")
    assert event.via_api and event.path == reverse(name)


def test_a_page_of_an_api_list_counts_the_rows_it_returned(api, people, kenya):
    assert api.get(reverse("api:recommendation-list"), {"page_size": 2}).status_code == 200
    assert listed(people.state) == {Kind.RECOMMENDATION_READ: ("platform_app.recommendation", shown(2))}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("api:support-request-detail", Kind.SUPPORT_REQUEST_READ),
        ("api:recommendation-detail", Kind.RECOMMENDATION_READ),
        ("api:assessment-detail", Kind.ASSESSMENT_READ),
    ],
)
def test_every_api_detail_of_a_confidential_record_is_recorded(api, people, kenya, name, kind):
    record = {
        Kind.SUPPORT_REQUEST_READ: kenya.request,
        Kind.RECOMMENDATION_READ: kenya.recommendations[0],
        Kind.ASSESSMENT_READ: kenya.assessment,
    }[kind]
    assert api.get(reverse(name, args=[record.pk])).status_code == 200
    event = AuditEvent.objects.get(user=people.state, kind=kind)
    assert (event.object_id, event.via_api) == (str(record.pk), True)


def test_lists_of_records_the_log_does_not_follow_write_nothing(api, client, people, kenya):
    assert api.get(reverse("api:organization-list")).status_code == 200
    assert api.get(reverse("api:event-list")).status_code == 200
    client.force_login(people.state)
    assert client.get(reverse("directory:index")).status_code == 200
    assert client.get(reverse("projects:index")).status_code == 200
    assert not AuditEvent.objects.filter(user=people.state).exclude(kind=Kind.SIGN_IN).exists()


def test_a_refused_or_failed_list_writes_no_read(api, people, kenya):
    assert api.get(reverse("api:recommendation-list"), {"status": "done"}).status_code == 400
    assert listed(people.state) == {}

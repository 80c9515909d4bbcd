"""The pages of requests for tailored support and of the Member States' own pages.

The scenario (tests/scenario.py) has Kenya's requests (routed to UNODC, to BMLE, not routed) and Norway's
(routed to UNOCT), an offer on each routed one, and Kenya's page with entries for every focal point, for
entities only, for the African Union only, and one the Secretariat hid.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_app.countries.models import CountryEntry, EntryAttachment
from platform_app.structure.models import Pillar, ThematicArea, WorkingGroup
from platform_app.support.models import SupportRequest, SupportRouting
from tests import scenario as sc
from tests.factories import (
    SAMPLE_PDF,
    CountryAssessmentFactory,
    RecommendationFactory,
    SupportRequestFactory,
    reference_org,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("support:index")
REQUEST_LINK = re.compile(r'href="/support/(\d+)/"')
ROLES = sorted(sc.PLATFORM)


def _listed(client, query: str = "") -> set[int]:
    ids, url = set(), f"{INDEX}?{query}"
    response = client.get(url)
    assert response.status_code == 200
    ids |= {int(pk) for pk in REQUEST_LINK.findall(response.content.decode())}
    return ids


@pytest.mark.parametrize("role", ROLES)
def test_the_list_and_its_search_hold_only_what_the_role_may_see(client, people, world, role):
    client.force_login(people.roles()[role])
    expected = world.expected_ids("support-requests", role)
    assert _listed(client) & world.all_ids("support-requests") == expected
    assert _listed(client, f"q={sc.MARKER}") == expected
    body = client.get(f"{INDEX}?q={sc.MARKER}").content.decode()
    count = len(expected)
    assert (f"{count} request" if count == 1 else f"{count} requests") in body


@pytest.mark.parametrize("role", ROLES)
def test_the_profile_shows_each_role_the_entries_it_may_see(client, people, world, role):
    client.force_login(people.roles()[role])
    body = client.get(reverse("countries:profile", kwargs={"iso3": "KEN"})).content.decode()
    for name, entry in world.objects["country-entries"].items():
        assert (entry.title in body) is (role in world.visible["country-entries"][name]), (name, role)
    hidden_reason = world.objects["country-entries"]["hidden"].moderation_reason
    assert (hidden_reason in body) is (role in ("state", "secretariat"))


def _filing(recommendation_ids, **overrides):
    return {
        "title": "Support for the financial intelligence unit",
        "needs": "Analysts' training.",
        "thematic_area": ThematicArea.objects.order_by("name").first().pk,
        "pillar": Pillar.objects.get(number=2).pk,
        "urgency": "routine",
        "recommendations": recommendation_ids,
        **overrides,
    }


def test_filing_with_another_states_recommendation_is_refused_with_a_message(client, people):
    norway = RecommendationFactory(assessment=CountryAssessmentFactory(member_state=reference_org("NO")), number=3)
    client.force_login(people.state)
    response = client.post(reverse("support:create"), _filing([norway.pk]))
    assert response.status_code == 200
    assert "One of the chosen options is not among those listed." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_filing_with_a_working_group_that_does_not_exist_is_refused(client, people):
    client.force_login(people.state)
    missing = WorkingGroup.objects.order_by("-pk").first().pk + 100
    response = client.post(reverse("support:create"), _filing([], working_groups=[missing]))
    assert "One of the chosen options is not among those listed." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_filed_request_lands_on_its_page_with_the_recommendation(client, people, django_capture_on_commit_callbacks):
    own = RecommendationFactory(assessment=CountryAssessmentFactory(member_state=reference_org("KE")), number=4)
    client.force_login(people.state)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:create"), _filing([own.pk]), follow=True)
    filed = SupportRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("support:request", kwargs={"pk": filed.pk})
    assert list(filed.recommendations.all()) == [own]
    assert "Recommendation 4" in response.content.decode()


def test_routing_to_a_working_group_that_does_not_exist_writes_nothing(client, people):
    request = SupportRequestFactory()
    client.force_login(people.secretariat)
    missing = WorkingGroup.objects.order_by("-pk").first().pk + 100
    response = client.post(reverse("support:route", kwargs={"pk": request.pk}), {"working_groups": [missing]})
    assert response.status_code == 400
    assert "One of the chosen options is not among those listed." in response.content.decode()
    assert not SupportRouting.objects.exists()
    request.refresh_from_db()
    assert request.status == "submitted"


def test_a_closed_request_cannot_be_edited(client, people):
    request = SupportRequestFactory(status="closed")
    client.force_login(people.state)
    url = reverse("support:edit", kwargs={"pk": request.pk})
    response = client.post(url, _filing([], title="Changed after closing"), follow=True)
    assert "This request is closed: it takes no more changes." in response.content.decode()
    request.refresh_from_db()
    assert request.title != "Changed after closing"


def test_an_entity_not_reached_by_the_request_gets_404_on_its_moves(client, people):
    request = SupportRequestFactory(routed_to=[reference_org("UNOCT")])
    client.force_login(people.entity)
    assert client.get(reverse("support:request", kwargs={"pk": request.pk})).status_code == 404
    for name in ("offer", "route", "close", "edit"):
        response = client.post(reverse(f"support:{name}", kwargs={"pk": request.pk}), {"description": "Help"})
        assert response.status_code == 404, name
    assert not request.offers.exists()


def test_the_state_writes_an_entry_with_a_file_that_only_its_audience_downloads(client, people):
    client.force_login(people.state)
    pdf = SimpleUploadedFile("strategy.pdf", SAMPLE_PDF, content_type="application/pdf")
    response = client.post(
        reverse("countries:entry_create", kwargs={"iso3": "KEN"}),
        {
            "kind": "good_practice",
            "title": "Community policing",
            "text": "Neighbourhood committees since 2023.",
            "dated_on": date(2025, 4, 2).isoformat(),
            "audience": "entities",
            "attachments": [pdf],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CountryEntry.objects.get(title="Community policing")
    attachment = EntryAttachment.objects.get(entry=entry)
    download = reverse("countries:attachment", kwargs={"pk": attachment.pk})
    for user, status in ((people.entity, 200), (people.other_state, 404), (people.regional, 404), (people.state, 200)):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == SAMPLE_PDF


def test_the_secretariat_hides_an_entry_with_a_reason_the_state_reads(client, people, world):
    entry = world.objects["country-entries"]["platform"]
    client.force_login(people.secretariat)
    url = reverse("countries:entry_moderate", kwargs={"pk": entry.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Names a private person."}).status_code == 302
    profile = reverse("countries:profile", kwargs={"iso3": "KEN"})
    client.force_login(people.other_state)
    assert entry.title not in client.get(profile).content.decode()
    client.force_login(people.state)
    assert "Names a private person." in client.get(profile).content.decode()


def test_reading_a_request_is_in_the_audit_log(client, people, world):
    from platform_app.core.models import AuditEvent

    request = world.objects["support-requests"]["kenya_to_unodc"]
    client.force_login(people.entity)
    assert client.get(reverse("support:request", kwargs={"pk": request.pk})).status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SUPPORT_REQUEST_READ)
    assert (event.user, event.object_id) == (people.entity, str(request.pk))

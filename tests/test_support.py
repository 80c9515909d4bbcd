"""Member States' pages and requests for tailored support: who sees what, and the rules of each move."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platform_app.countries.models import CountryEntry, CountryPage, EntryAttachment
from platform_app.countries.services import entry_moderate, entry_save
from platform_app.mail.models import EmailDelivery
from platform_app.structure.models import Pillar, ThematicArea
from platform_app.support.models import SupportOffer, SupportRequest, SupportRouting, SupportStep
from platform_app.support.policies import offer_may_make
from platform_app.support.services import (
    offer_decide,
    offer_make,
    request_close,
    request_file,
    request_route,
    request_update,
)
from tests import scenario as sc
from tests.factories import (
    SAMPLE_PDF,
    CountryAssessmentFactory,
    CountryEntryFactory,
    FocalPointFactory,
    RecommendationFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)

pytestmark = pytest.mark.django_db

MODELS = {
    "country-pages": CountryPage,
    "country-entries": CountryEntry,
    "support-requests": SupportRequest,
    "support-offers": SupportOffer,
}


@pytest.mark.parametrize("role", sorted(sc.PLATFORM))
@pytest.mark.parametrize("resource", sorted(MODELS))
def test_each_role_sees_exactly_what_the_rules_allow(people, world, resource, role):
    user = people.roles()[role]
    seen = set(MODELS[resource].objects.visible_to(user).values_list("pk", flat=True))
    assert seen & world.all_ids(resource) == world.expected_ids(resource, role)


def test_steps_routings_and_attachments_follow_what_they_belong_to(people, world):
    request = world.objects["support-requests"]["kenya_to_unodc"]
    hidden = world.objects["country-entries"]["hidden"]
    EntryAttachment.objects.create(entry=hidden, file="countries/00/x.pdf", original_filename="x.pdf")
    for user, sees in ((people.state, True), (people.entity, True), (people.other_state, False), (people.cted, False)):
        assert SupportRouting.objects.visible_to(user).filter(request=request).exists() is sees
    for user, sees in ((people.state, True), (people.secretariat, True), (people.entity, False)):
        assert EntryAttachment.objects.visible_to(user).filter(entry=hidden).exists() is sees
    assert not SupportStep.objects.visible_to(people.regional).exists()


def _kenya_recommendation():
    return RecommendationFactory(assessment=CountryAssessmentFactory(member_state=reference_org("KE")), number=7)


def _file(user, **overrides):
    fields = {
        "title": "Forensic laboratory support",
        "needs": "Training for twelve analysts.",
        "thematic_area": ThematicArea.objects.order_by("slug").first(),
        "pillar": Pillar.objects.get(number=2),
        **overrides,
    }
    return request_file(user=user, **fields)


def test_the_whole_thread_from_filing_to_acceptance(people, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    recommendation = _kenya_recommendation()
    other_unodc = FocalPointFactory(organization=reference_org("UNODC")).user
    with django_capture_on_commit_callbacks(execute=True):
        request = _file(people.state, recommendations=[recommendation], working_groups=[reference_group("CJLR-CFT")])
    assert request.status == SupportRequest.Status.SUBMITTED
    assert EmailDelivery.objects.filter(kind="support", recipient=people.secretariat).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        request_route(user=people.secretariat, request=request, organizations=[reference_org("UNODC")])
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ROUTED
    routed_to = set(
        EmailDelivery.objects.filter(kind="support", key__contains=":u").values_list("recipient", flat=True)
    )
    assert {people.entity.pk, other_unodc.pk} <= routed_to and people.other_state.pk not in routed_to

    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_make(user=people.entity, request=request, description="Two mentors for six months.")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.OFFERED and request.first_offer_at is not None
    assert EmailDelivery.objects.filter(kind="support", recipient=people.state).count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offer_decide(user=people.state, offer=offer, accept=True, note="With thanks.")
    request.refresh_from_db()
    offer.refresh_from_db()
    assert (request.status, offer.status, offer.decided_by) == ("accepted", "accepted", people.state)
    assert {m.to[0] for m in mail.outbox} == {people.entity.email, other_unodc.email}
    steps = list(request.steps.values_list("action", "status", "actor"))
    assert steps == [
        ("filed", "submitted", people.state.pk),
        ("routed", "routed", people.secretariat.pk),
        ("offered", "offered", people.entity.pk),
        ("accepted", "accepted", people.state.pk),
    ]


def test_citing_another_states_recommendation_is_refused_and_nothing_is_written(people):
    norway = RecommendationFactory(assessment=CountryAssessmentFactory(member_state=reference_org("NO")), number=1)
    with pytest.raises(ValidationError) as raised:
        _file(people.state, recommendations=[norway])
    assert "recommendations" in raised.value.message_dict
    assert not SupportRequest.objects.exists() and not SupportStep.objects.exists()


def test_only_member_states_file_and_only_the_secretariat_routes(people):
    for user in (people.entity, people.regional, people.cted):
        with pytest.raises(PermissionDenied):
            _file(user)
    request = _file(people.state)
    for user in (people.state, people.entity, people.other_state):
        with pytest.raises(PermissionDenied):
            request_route(user=user, request=request, organizations=[reference_org("UNODC")])
    with pytest.raises(ValidationError):
        request_route(user=people.secretariat, request=request, organizations=[reference_org("NO")])
    assert not request.routings.exists()


def test_an_entity_the_request_did_not_reach_cannot_offer(people):
    request = SupportRequestFactory(routed_to=[reference_org("UNOCT")])
    with pytest.raises(PermissionDenied):
        offer_make(user=people.entity, request=request, description="Unasked help.")
    assert not SupportOffer.objects.exists()


def test_a_closed_request_takes_no_more_changes_routes_or_offers(people):
    request = SupportRequestFactory(routed_to=[reference_org("UNODC")])
    offer = SupportOfferFactory(request=request)
    request_close(user=people.state, request=request, note="Served.")
    request.refresh_from_db()
    assert request.status == "closed" and request.closed_at is not None
    with pytest.raises(ValidationError, match="closed"):
        request_update(user=people.state, request=request, title="Changed")
    with pytest.raises(ValidationError):
        request_route(user=people.secretariat, request=request, organizations=[reference_org("UNOCT")])
    with pytest.raises(ValidationError):
        offer_make(user=people.entity, request=request, description="Late offer.")
    with pytest.raises(ValidationError):
        offer_decide(user=people.state, offer=offer, accept=True)
    request.refresh_from_db()
    assert request.title != "Changed" and request.offers.count() == 1


def test_only_the_requesting_state_answers_an_offer_and_only_once(people):
    offer = SupportOfferFactory(request=SupportRequestFactory(routed_to=[reference_org("UNODC")]))
    for user in (people.other_state, people.entity, people.secretariat):
        with pytest.raises(PermissionDenied):
            offer_decide(user=user, offer=offer, accept=True)
    offer_decide(user=people.state, offer=offer, accept=False, note="Covered already.")
    with pytest.raises(ValidationError, match="already"):
        offer_decide(user=people.state, offer=offer, accept=True)


def test_entries_are_written_by_the_state_with_checked_files(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kenya = reference_org("KE")
    pdf = SimpleUploadedFile("plan.pdf", SAMPLE_PDF, content_type="application/pdf")
    entry = entry_save(
        user=people.state,
        state=kenya,
        kind="priority",
        title="National action plan",
        text="Adopted in 2025.",
        dated_on=date(2025, 5, 1),
        attachments=[pdf],
    )
    assert entry.attachments.get().original_filename == "plan.pdf"
    with pytest.raises(PermissionDenied):
        entry_save(
            user=people.other_state, state=kenya, kind="priority", title="X", text="Y", dated_on=date(2025, 1, 1)
        )
    disguised = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as raised:
        entry_save(
            user=people.state,
            state=kenya,
            kind="challenge",
            title="Another",
            text="Text",
            dated_on=date(2025, 1, 1),
            attachments=[disguised],
        )
    assert "attachments" in raised.value.message_dict
    assert CountryEntry.objects.count() == 1
    with pytest.raises(ValidationError):
        entry_save(
            user=people.state,
            state=kenya,
            kind="challenge",
            title="T",
            text="X",
            dated_on=date(2025, 1, 1),
            audience="named",
        )


def test_moderation_keeps_the_reason_in_the_history(people):
    entry = CountryEntryFactory()
    with pytest.raises(PermissionDenied):
        entry_moderate(user=people.state, entry=entry, hidden=True, reason="No")
    with pytest.raises(ValidationError):
        entry_moderate(user=people.secretariat, entry=entry, hidden=True, reason="  ")
    entry_moderate(user=people.secretariat, entry=entry, hidden=True, reason="Names a private person.")
    entry_moderate(user=people.secretariat, entry=entry, hidden=False, reason="Name removed.")
    reasons = list(entry.history.order_by("history_date").values_list("history_change_reason", "is_hidden"))
    assert reasons[-2:] == [("Names a private person.", True), ("Name removed.", False)]
    assert CountryEntry.objects.visible_to(people.other_state).filter(pk=entry.pk).exists()


def test_a_request_routed_to_a_group_reaches_its_entity_members_and_not_its_observers(client, people):
    pcve = reference_group("PCVE")
    roles = dict(pcve.memberships.values_list("organization__acronym", "role"))
    assert (roles["DESA"], roles["UNODC"]) == ("observer", "member")
    observer = FocalPointFactory(organization=reference_org("DESA")).user
    request = SupportRequestFactory(routed_to=[pcve])
    detail = reverse("support:request", args=[request.pk])
    offer = reverse("support:offer", args=[request.pk])

    assert not SupportRequest.objects.visible_to(observer).filter(pk=request.pk).exists()
    assert not SupportRouting.objects.visible_to(observer).filter(request=request).exists()
    assert offer_may_make(observer, request) is False
    with pytest.raises(PermissionDenied):
        offer_make(user=observer, request=request, description="Help from an observer.")
    client.force_login(observer)
    assert f'href="{detail}"' not in client.get(reverse("support:index")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.post(offer, {"description": "Help from an observer."}).status_code == 404
    assert not SupportOffer.objects.exists()

    member = people.entity  # UNODC
    assert offer_may_make(member, request) is True
    client.force_login(member)
    assert f'href="{detail}"' in client.get(reverse("support:index")).content.decode()
    assert client.get(detail).status_code == 200
    assert client.post(offer, {"description": "Two mentors."}).status_code == 302
    assert SupportOffer.objects.get().organization == reference_org("UNODC")

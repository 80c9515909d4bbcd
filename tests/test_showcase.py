"""Member States showcasing their efforts to a working group: who asks, who decides, what is refused, and who
sees the requests.

In the reference data CTED chairs BMLE and UNODC (the `entity` of tests/people.py) is one of its
vice-chairs; Kenya (`state`) is invited to read BMLE's space (tests/scenario.py), Norway (`other_state`) and
the African Union (`regional`) are not.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platform_app.directory.models import Organization
from tests.factories import (
    AgendaItemFactory,
    FocalPointFactory,
    MeetingFactory,
    ShowcaseRequestFactory,
    reference_group,
    reference_org,
)
from tests.people import People
from tests.scenario import Scenario
from workinggroups import services
from workinggroups.models import AgendaItem, ShowcaseRequest

pytestmark = pytest.mark.django_db

Status = ShowcaseRequest.Status
LEADERS = ["secretariat", "cted", "entity"]
NOT_LEADERS = ["state", "other_state", "regional"]


@pytest.fixture
def bmle(reference):
    return reference_group("BMLE")


@pytest.fixture
def upcoming(bmle):
    return MeetingFactory(
        working_group=bmle, title="BMLE plenary to come", starts_at=timezone.now() + timedelta(days=30)
    )


@pytest.fixture
def kenyas(people, bmle) -> ShowcaseRequest:
    """Kenya's request to BMLE, asked through the service."""
    return services.showcase_request(
        user=people.state,
        working_group=bmle,
        title="Kenya's community policing programme",
        summary="How community policing prevents recruitment.",
        preferred_period="Early next year",
    )


@pytest.fixture
def observer(reference):
    """A focal point of DESA, an observer of BMLE: in the group, but not one of its leaders."""
    return FocalPointFactory(organization=reference_org("DESA")).user


def snapshot() -> tuple:
    return (
        list(ShowcaseRequest.objects.order_by("pk").values()),
        list(AgendaItem.objects.order_by("pk").values()),
        ShowcaseRequest.history.count(),
        AgendaItem.history.count(),
    )


# --- asking --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["state", "other_state"])
def test_a_member_states_focal_point_asks_for_its_own_state(people: People, bmle, role):
    user = people.roles()[role]
    showcase = services.showcase_request(user=user, working_group=bmle, title="  Our efforts ", summary="Text")
    assert showcase.member_state == user.focal_point.organization
    assert showcase.member_state.kind == Organization.Kind.MEMBER_STATE
    assert (showcase.status, showcase.title, showcase.requested_by, showcase.agenda_item) == (
        Status.REQUESTED,
        "Our efforts",
        user,
        None,
    )
    assert showcase.history.count() == 1


@pytest.mark.parametrize("role", ["secretariat", "cted", "entity", "regional", "outsider"])
def test_only_member_states_ask(people: People, bmle, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.showcase_request(user=people.roles()[role], working_group=bmle, title="Efforts", summary="Text")
    assert snapshot() == before


@pytest.mark.parametrize("group", [None, 0, -1, 2**63, "BMLE", "999999"])
def test_an_unknown_working_group_is_refused_with_a_message(people: People, reference, group):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_request(user=people.state, working_group=group, title="Efforts", summary="Text")
    assert refused.value.message_dict["working_group"] == ["This working group does not exist."]
    assert snapshot() == before


def test_an_inactive_working_group_is_refused_with_a_message(people: People, bmle):
    bmle.is_active = False
    bmle.save()
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_request(user=people.state, working_group=bmle, title="Efforts", summary="Text")
    assert "not active" in refused.value.message_dict["working_group"][0]
    assert snapshot() == before


@pytest.mark.parametrize(("field", "data"), [("title", {"title": " "}), ("summary", {"summary": ""})])
def test_a_request_needs_a_title_and_a_summary(people: People, bmle, field, data):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_request(user=people.state, working_group=bmle, **{"title": "T", "summary": "S", **data})
    assert field in refused.value.message_dict
    assert snapshot() == before


def test_a_second_open_request_to_the_same_group_is_refused(people: People, bmle, kenyas):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_request(user=people.state, working_group=bmle, title="Again", summary="Text")
    assert "already has a request" in refused.value.message_dict["working_group"][0]
    assert snapshot() == before
    # Another State, or another group, is another matter; so is a new request once the first is decided.
    services.showcase_request(user=people.other_state, working_group=bmle, title="Norway", summary="Text")
    services.showcase_request(user=people.state, working_group=reference_group("PCVE"), title="PCVE", summary="Text")
    services.showcase_withdraw(user=people.state, showcase=kenyas)
    services.showcase_request(user=people.state, working_group=bmle, title="Again", summary="Text")
    assert ShowcaseRequest.objects.filter(member_state=reference_org("KE"), working_group=bmle).count() == 2


def test_the_database_keeps_one_open_request_and_scheduled_means_on_an_agenda(kenyas, upcoming):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseRequestFactory(member_state=kenyas.member_state, working_group=kenyas.working_group)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseRequest.objects.filter(pk=kenyas.pk).update(status=Status.SCHEDULED)
    item = AgendaItemFactory(meeting=upcoming)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseRequest.objects.filter(pk=kenyas.pk).update(agenda_item=item)


# --- deciding ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", LEADERS)
def test_the_groups_leaders_and_the_secretariat_schedule_it_in_a_meeting_to_come(
    people: People, kenyas, upcoming, role
):
    AgendaItemFactory(meeting=upcoming, position=4, title="Opening")
    user = people.roles()[role]
    scheduled = services.showcase_schedule(user=user, showcase=kenyas, meeting=upcoming, duration_minutes=20)
    item = scheduled.agenda_item
    assert scheduled.status == Status.SCHEDULED
    assert (scheduled.decided_by, scheduled.decided_at is not None) == (user, True)
    assert (item.meeting, item.presenter, item.position, item.duration_minutes) == (
        upcoming,
        reference_org("KE"),
        5,
        20,
    )
    assert "Kenya" in item.title and kenyas.title in item.title
    assert list(upcoming.agenda_items.values_list("title", flat=True)) == ["Opening", item.title]
    # A meeting's key does as well as the meeting, and a title of the leader's own choice is kept.
    other = services.showcase_request(
        user=people.other_state, working_group=kenyas.working_group, title="N", summary="S"
    )
    named = services.showcase_schedule(user=user, showcase=other, meeting=upcoming.pk, title="Norway's practice")
    assert named.agenda_item.title == "Norway's practice"


@pytest.mark.parametrize("role", [*NOT_LEADERS, "outsider", "observer"])
def test_others_neither_schedule_nor_decline(people: People, kenyas, upcoming, observer, role):
    user = observer if role == "observer" else people.roles()[role]
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.showcase_schedule(user=user, showcase=kenyas, meeting=upcoming)
    with pytest.raises(PermissionDenied):
        services.showcase_decline(user=user, showcase=kenyas, note="No")
    assert snapshot() == before


def test_leaders_of_another_group_do_not_decide(people: People, reference, upcoming):
    # CTED does not lead PCVE; a request to PCVE is not CTED's to decide (nor to see).
    showcase = services.showcase_request(
        user=people.state, working_group=reference_group("PCVE"), title="PCVE", summary="S"
    )
    pcve_leaders = set(reference_group("PCVE").leadership().values_list("organization__acronym", flat=True))
    assert "CTED" not in pcve_leaders
    with pytest.raises(PermissionDenied):
        services.showcase_decline(user=people.cted, showcase=showcase, note="No")
    assert not ShowcaseRequest.objects.visible_to(people.cted).filter(pk=showcase.pk).exists()


def _bad_meeting(kind: str, bmle):
    now = timezone.now()
    if kind == "of another group":
        return MeetingFactory(working_group=reference_group("PCVE"), starts_at=now + timedelta(days=3))
    if kind == "already over":
        return MeetingFactory(working_group=bmle, starts_at=now - timedelta(days=3))
    if kind == "under way":
        return MeetingFactory(working_group=bmle, starts_at=now - timedelta(minutes=30))
    if kind == "deleted":
        meeting = MeetingFactory(working_group=bmle, starts_at=now + timedelta(days=3))
        meeting.delete()
        return meeting
    return {"unknown": 2**40, "none": None, "malformed": "abc", "huge": 2**70}[kind]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("of another group", "Choose a meeting of this working group."),
        ("unknown", "Choose a meeting of this working group."),
        ("none", "Choose a meeting of this working group."),
        ("malformed", "Choose a meeting of this working group."),
        ("huge", "Choose a meeting of this working group."),
        ("deleted", "Choose a meeting of this working group."),
        ("already over", "This meeting has already started; choose one still to come."),
        ("under way", "This meeting has already started; choose one still to come."),
    ],
)
def test_a_meeting_that_is_not_the_groups_or_not_to_come_is_refused(people: People, bmle, kenyas, kind, message):
    meeting = _bad_meeting(kind, bmle)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_schedule(user=people.cted, showcase=kenyas, meeting=meeting)
    assert refused.value.message_dict["meeting"] == [message]
    assert snapshot() == before


def test_a_bad_duration_writes_nothing(people: People, kenyas, upcoming):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_schedule(user=people.cted, showcase=kenyas, meeting=upcoming, duration_minutes=0)
    assert "duration_minutes" in refused.value.message_dict
    assert snapshot() == before


def test_a_decline_says_why(people: People, kenyas):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.showcase_decline(user=people.entity, showcase=kenyas, note="  ")
    assert "decision_note" in refused.value.message_dict
    assert snapshot() == before
    declined = services.showcase_decline(user=people.entity, showcase=kenyas, note="The agenda is full this year.")
    assert (declined.status, declined.decision_note, declined.decided_by) == (
        Status.DECLINED,
        "The agenda is full this year.",
        people.entity,
    )
    assert declined.agenda_item is None


@pytest.mark.parametrize("first", ["schedule", "decline", "withdraw"])
def test_a_decided_request_is_not_decided_again(people: People, kenyas, upcoming, first):
    {
        "schedule": lambda: services.showcase_schedule(user=people.cted, showcase=kenyas, meeting=upcoming),
        "decline": lambda: services.showcase_decline(user=people.cted, showcase=kenyas, note="No room"),
        "withdraw": lambda: services.showcase_withdraw(user=people.state, showcase=kenyas),
    }[first]()
    before = snapshot()
    for again in (
        lambda: services.showcase_schedule(user=people.secretariat, showcase=kenyas, meeting=upcoming),
        lambda: services.showcase_decline(user=people.secretariat, showcase=kenyas, note="No"),
        lambda: services.showcase_withdraw(user=people.state, showcase=kenyas),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert refused.value.messages == ["This request has already been decided or withdrawn."]
    assert snapshot() == before


@pytest.mark.parametrize("role", ["secretariat", "cted", "entity", "other_state", "regional"])
def test_only_the_state_withdraws_its_request(people: People, kenyas, role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.showcase_withdraw(user=people.roles()[role], showcase=kenyas)
    assert snapshot() == before
    assert services.showcase_withdraw(user=people.state, showcase=kenyas).status == Status.WITHDRAWN


# --- who sees what -------------------------------------------------------------------------------------


def test_a_request_is_seen_by_the_state_the_groups_leaders_and_the_secretariat(people: People, kenyas, observer):
    norways = ShowcaseRequestFactory(member_state=reference_org("NO"))
    seen = {
        role: set(ShowcaseRequest.objects.visible_to(user).values_list("pk", flat=True))
        for role, user in {**people.roles(), "observer": observer}.items()
    }
    assert seen == {
        "anonymous": set(),
        "outsider": set(),
        "secretariat": {kenyas.pk, norways.pk},
        "cted": {kenyas.pk, norways.pk},
        "entity": {kenyas.pk, norways.pk},
        "state": {kenyas.pk},
        "other_state": {norways.pk},
        "regional": set(),
        "observer": set(),
    }


def test_agenda_items_are_seen_as_their_meeting_is(people: People, world: Scenario, kenyas, upcoming):
    scheduled = services.showcase_schedule(user=people.cted, showcase=kenyas, meeting=upcoming)
    pcve_item = AgendaItemFactory(meeting=world.objects["meetings"]["pcve"])
    for role, user in people.roles().items():
        seen = set(AgendaItem.objects.visible_to(user).values_list("pk", flat=True))
        expected = {scheduled.agenda_item_id} if role in {"secretariat", "cted", "entity", "state"} else set()
        if role in {"secretariat", "cted", "entity"}:
            expected.add(pcve_item.pk)
        assert seen == expected, role


def test_norway_never_sees_kenyas_request_in_any_list_or_page(client, people: People, world: Scenario, kenyas):
    norways = services.showcase_request(
        user=people.other_state, working_group=kenyas.working_group, title="Norway's exit programme", summary="S"
    )
    upcoming = MeetingFactory(working_group=kenyas.working_group, starts_at=timezone.now() + timedelta(days=9))
    services.showcase_schedule(user=people.cted, showcase=kenyas, meeting=upcoming)
    client.force_login(people.other_state)
    title = escape(kenyas.title)

    for name in ("showcase_list", "detail", "showcase_create"):
        for group in ("BMLE", "PCVE"):
            response = client.get(reverse(f"workinggroups:{name}", args=[group]))
            assert response.status_code == 200, name
            assert title not in response.content.decode() and "community policing" not in response.content.decode()
    listed = client.get(reverse("workinggroups:showcase_list", args=["BMLE"]))
    assert [s.pk for s in listed.context["page"].object_list] == [norways.pk]
    for name in ("showcase", "showcase_decide", "showcase_withdraw"):
        url = reverse(f"workinggroups:{name}", args=["BMLE", kenyas.pk])
        assert client.get(url).status_code == 404, name
        if name != "showcase":  # the request's page takes no POST from anyone
            assert client.post(url, {"action": "decline", "decision_note": "No"}).status_code == 404, name
    assert client.get(reverse("workinggroups:meeting", args=["BMLE", upcoming.pk])).status_code == 404
    for name in ("showcase", "showcase_decide"):
        assert client.get(reverse(f"workinggroups:{name}", args=["PCVE", kenyas.pk])).status_code == 404
    kenyas.refresh_from_db()
    assert kenyas.status == Status.SCHEDULED and kenyas.decision_note == ""


# --- the pages -----------------------------------------------------------------------------------------


def test_the_groups_page_offers_member_states_to_showcase(client, people: People, world: Scenario):
    create = reverse("workinggroups:showcase_create", args=["BMLE"])
    listing = reverse("workinggroups:showcase_list", args=["BMLE"])
    for role, (asks, lists) in {
        "state": (True, True),
        "other_state": (True, True),
        "cted": (False, True),
        "secretariat": (False, True),
        "regional": (False, False),
    }.items():
        client.force_login(people.roles()[role])
        html = client.get(reverse("workinggroups:detail", args=["BMLE"])).content.decode()
        assert (create in html, "Showcase your efforts" in html, listing in html) == (asks, asks, lists), role


def test_a_state_asks_through_the_form_and_reads_its_request(client, people: People, world: Scenario):
    client.force_login(people.state)
    url = reverse("workinggroups:showcase_create", args=["BMLE"])
    page = client.get(url).content.decode()
    for field in ("title", "summary", "preferred_period"):
        assert f'for="id_{field}"' in page

    response = client.post(url, {"title": "", "summary": "", "preferred_period": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_error"' in html and 'id="id_summary_error"' in html
    assert not ShowcaseRequest.objects.exists()

    response = client.post(url, {"title": "Border posts", "summary": "Joint posts.", "preferred_period": "June"})
    showcase = ShowcaseRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workinggroups:showcase", args=["BMLE", showcase.pk])
    assert (showcase.member_state, showcase.requested_by) == (reference_org("KE"), people.state)
    page = client.get(response["Location"]).content.decode()
    assert "Border posts" in page and "Withdraw the request" in page and "Schedule or decline" not in page

    again = client.post(url, {"title": "Again", "summary": "Again."})
    assert again.status_code == 200
    assert "already has a request" in again.content.decode()
    assert ShowcaseRequest.objects.count() == 1


def test_a_state_may_not_ask_an_inactive_group(client, people: People, bmle):
    bmle.is_active = False
    bmle.save()
    client.force_login(people.state)
    assert client.get(reverse("workinggroups:showcase_create", args=["BMLE"])).status_code == 403
    assert "Showcase your efforts" not in client.get(reverse("workinggroups:detail", args=["BMLE"])).content.decode()


def test_a_leader_schedules_it_and_the_meeting_shows_it_with_its_presenter(
    client, people: People, world: Scenario, kenyas, upcoming
):
    past = MeetingFactory(working_group=kenyas.working_group, starts_at=timezone.now() - timedelta(days=2))
    client.force_login(people.cted)
    listed = client.get(reverse("workinggroups:showcase_list", args=["BMLE"]))
    assert [s.pk for s in listed.context["page"].object_list] == [kenyas.pk]
    url = reverse("workinggroups:showcase_decide", args=["BMLE", kenyas.pk])
    response = client.get(url)
    choices = [m.pk for m in response.context["schedule_form"].fields["meeting"].queryset]
    assert upcoming.pk in choices and past.pk not in choices
    html = response.content.decode()
    assert 'for="schedule-meeting"' in html and 'for="decline-decision_note"' in html

    refused = client.post(url, {"action": "schedule", "meeting": past.pk})
    assert refused.status_code == 200 and 'id="schedule-meeting_error"' in refused.content.decode()
    assert not AgendaItem.objects.exists()

    response = client.post(url, {"action": "schedule", "meeting": upcoming.pk, "duration_minutes": "15"})
    assert response.status_code == 302
    kenyas.refresh_from_db()
    assert kenyas.status == Status.SCHEDULED and kenyas.agenda_item.meeting == upcoming

    upcoming.agenda = "1. Opening"
    upcoming.save()
    for user in (people.cted, people.state):
        client.force_login(user)
        html = client.get(reverse("workinggroups:meeting", args=["BMLE", upcoming.pk])).content.decode()
        assert "1. Opening" in html
        assert html.index("1. Opening") < html.index(escape(kenyas.agenda_item.title))
        assert "presented by <bdi>Kenya</bdi>" in html and "15 minutes" in html
    # Decided: the decision page sends back to the request.
    client.force_login(people.cted)
    assert client.get(url).status_code == 302


def test_a_leader_declines_it_with_a_reason_the_state_reads(client, people: People, world: Scenario, kenyas):
    client.force_login(people.entity)
    url = reverse("workinggroups:showcase_decide", args=["BMLE", kenyas.pk])
    refused = client.post(url, {"action": "decline", "decision_note": ""})
    assert 'id="decline-decision_note_error"' in refused.content.decode()
    client.post(url, {"action": "decline", "decision_note": "Please ask again next year."})
    kenyas.refresh_from_db()
    assert kenyas.status == Status.DECLINED
    client.force_login(people.state)
    html = client.get(reverse("workinggroups:showcase", args=["BMLE", kenyas.pk])).content.decode()
    assert "Please ask again next year." in html and "Declined" in html


def test_the_state_reads_but_does_not_decide_and_withdraws(client, people: People, world: Scenario, kenyas):
    client.force_login(people.state)
    assert client.get(reverse("workinggroups:showcase_decide", args=["BMLE", kenyas.pk])).status_code == 403
    withdraw = reverse("workinggroups:showcase_withdraw", args=["BMLE", kenyas.pk])
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    kenyas.refresh_from_db()
    assert kenyas.status == Status.WITHDRAWN
    # The Secretariat sees the request but does not withdraw it for the State.
    again = ShowcaseRequestFactory(member_state=reference_org("KE"))
    client.force_login(people.secretariat)
    assert client.post(reverse("workinggroups:showcase_withdraw", args=["BMLE", again.pk])).status_code == 404

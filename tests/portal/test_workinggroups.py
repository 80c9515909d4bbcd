"""Working group pages: the public facts of each group, its space for those who may read it, and writes
by its members and the Secretariat only.

In the scenario (tests/scenario.py) UNODC (entity) and CTED are members of BMLE, Kenya (state) is
invited to read BMLE's space, the African Union's (regional) invitation has expired and Norway
(other_state) is neither a member nor invited anywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platform_app.calendar.models import Event
from platform_app.library.models import Document
from platform_app.structure.models import WorkingGroup
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    MeetingFactory,
    PostFactory,
    WorkplanActivityFactory,
    reference_group,
    reference_org,
)
from tests.people import People
from tests.scenario import Scenario
from workinggroups.models import Meeting, Post, WorkplanActivity

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]

ROLES = ["secretariat", "cted", "entity", "state", "other_state", "regional"]
# Who reads each space in the scenario (entities read every space; Kenya is BMLE's guest).
READERS = {
    "BMLE": {"secretariat", "cted", "entity", "state"},
    "PCVE": {"secretariat", "cted", "entity"},
}
NEUTRAL = "are open to its members and observers"
# The sections of a group's page other than its overview ("detail").
SECTIONS = ("meetings", "workplan", "discussion", "documents", "events")


def url(name: str, group: str = "BMLE", **kwargs) -> str:
    return reverse(f"workinggroups:{name}", kwargs={"short_name": group, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def observer(reference):
    """A focal point of DESA, an observer of BMLE (and, as a Compact entity, a reader of every space)."""
    return FocalPointFactory(organization=reference_org("DESA")).user


# --- the list and the public part -------------------------------------------------------------------


def test_index_lists_the_eight_groups_with_their_leadership(client, people: People, world: Scenario):
    response = signed_in(client, people.other_state).get(reverse("workinggroups:index"))
    assert response.status_code == 200
    groups = response.context["my_groups"] + response.context["other_groups"]
    assert [g.short_name for g in groups] == list(
        WorkingGroup.objects.order_by("number").values_list("short_name", flat=True)
    )
    assert len(groups) == 8
    html = response.content.decode()
    bmle = next(g for g in groups if g.short_name == "BMLE")
    assert [m.organization.acronym for m in bmle.roles["chair"]] == ["CTED"]
    assert {m.organization.acronym for m in bmle.roles["vice_chair"]} == {"INTERPOL", "UNODC"}
    assert "Border Management and Law Enforcement" in html or bmle.name in html
    assert reverse("workinggroups:detail", kwargs={"short_name": "HRRoL-VoT"}) in html


@pytest.mark.parametrize(
    ("role", "mine"),
    [
        # UNODC belongs to every group in the reference data (PCVE, RMME and NARS count all entities).
        ("entity", {"PCVE", "BMLE", "ETCIP", "CJLR-CFT", "RMME", "NARS", "HRRoL-VoT", "GENDER"}),
        ("state", {"BMLE"}),  # invited
        ("regional", set()),  # the invitation expired
        ("other_state", set()),
        ("secretariat", set()),
    ],
)
def test_index_lists_my_groups_first(client, people: People, world: Scenario, role, mine):
    response = signed_in(client, people.roles()[role]).get(reverse("workinggroups:index"))
    assert {g.short_name for g in response.context["my_groups"]} == mine
    assert not mine & {g.short_name for g in response.context["other_groups"]}
    html = response.content.decode()
    if mine and response.context["other_groups"]:
        assert html.index("my-groups-heading") < html.index("other-groups-heading")
    assert ("my-groups-heading" in html) == bool(mine)


def test_short_names_match_in_any_case_and_unknown_ones_are_404(client, people: People, world: Scenario):
    client = signed_in(client, people.other_state)
    for asked, found in [("CJLR-CFT", "CJLR-CFT"), ("cjlr-cft", "CJLR-CFT"), ("HRROL-vot", "HRRoL-VoT")]:
        response = client.get(url("detail", asked))
        assert response.status_code == 200
        assert response.context["group"].short_name == found
    assert client.get(url("detail", "NOPE")).status_code == 404
    assert client.get("/working-groups/BMLE%00/").status_code == 404


def test_detail_shows_objective_pillars_members_and_observers_to_everyone(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    response = signed_in(client, people.regional).get(url("detail"))
    html = response.content.decode()
    assert response.status_code == 200
    assert bmle.objective.splitlines()[0][:40] in html
    roles = response.context["roles"]
    assert {m.organization.acronym for m in roles["observer"]} == {"DESA", "IOM", "UNHCR", "UNICEF"}
    assert len(roles["member"]) == 17
    for pillar in bmle.pillars.all():
        assert pillar.name in html


# --- who reads which space ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("group", ["BMLE", "PCVE"])
def test_each_role_reads_the_spaces_the_matrix_allows(client, people: People, world: Scenario, role, group):
    activity = WorkplanActivityFactory(working_group=reference_group(group), title="Joint workplan zephyrine")
    thread = PostFactory(working_group=reference_group(group), title="Thread zephyrine", author=people.secretariat)
    client = signed_in(client, people.roles()[role])
    response = client.get(url("detail", group))
    assert response.status_code == 200
    html = response.content.decode()
    meeting_ids = {m.pk for m in world.objects["meetings"].values() if m.working_group.short_name == group}
    sections = {name: client.get(url(name, group)) for name in SECTIONS}
    if role in READERS[group]:
        assert response.context["may_read"]
        shown = response.context["upcoming_meetings"] + response.context["past_meetings"]
        assert {m.pk for m in shown} == meeting_ids & world.expected_ids("meetings", role)
        assert [a.pk for a in response.context["activities"]] == [activity.pk]
        assert [t.pk for t in response.context["threads"]] == [thread.pk]
        assert "Joint workplan zephyrine" in html and "Thread zephyrine" in html
        assert NEUTRAL not in html
        assert all(page.status_code == 200 for page in sections.values())
        assert {m.pk for m in sections["meetings"].context["page"]} == meeting_ids & world.expected_ids(
            "meetings", role
        )
        assert [a.pk for a in sections["workplan"].context["page"]] == [activity.pk]
        assert [t.pk for t in sections["discussion"].context["page"]] == [thread.pk]
    else:
        assert not response.context["may_read"]
        assert "upcoming_meetings" not in response.context and "sections" not in response.context
        for hidden in ("plenary", "Joint workplan", "Thread zephyrine", "Invited organizations", 'class="wg-sections"'):
            assert hidden not in html
        assert NEUTRAL in html
        # Every other section is the space itself: a 404, as a meeting of the space is.
        assert {name: page.status_code for name, page in sections.items()} == dict.fromkeys(SECTIONS, 404)


def test_guests_are_listed_only_while_invited(client, people: People, world: Scenario):
    response = signed_in(client, people.entity).get(url("detail"))
    guests = {g.organization.name for g in response.context["guests"]}
    assert guests == {"Kenya"}  # the African Union's invitation expired


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_is_for_readers_of_its_space(client, people: People, world: Scenario, role):
    meeting = world.objects["meetings"]["bmle"]
    response = signed_in(client, people.roles()[role]).get(url("meeting", pk=meeting.pk))
    if role in world.visible["meetings"]["bmle"]:
        assert response.status_code == 200
        assert meeting.title in response.content.decode()
    else:
        assert response.status_code == 404


def test_a_meeting_of_another_group_is_404(client, people: People, world: Scenario):
    pcve_meeting = world.objects["meetings"]["pcve"]
    client = signed_in(client, people.secretariat)
    assert client.get(url("meeting", "BMLE", pk=pcve_meeting.pk)).status_code == 404
    assert client.get(url("meeting", "PCVE", pk=pcve_meeting.pk)).status_code == 200
    assert client.get(url("meeting", "BMLE", pk=10**12)).status_code == 404


def test_meeting_times_are_shown_in_the_viewers_zone(client, people: People, world: Scenario):
    meeting = world.objects["meetings"]["bmle"]
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=datetime(2030, 1, 15, 9, 0, tzinfo=UTC), ends_at=datetime(2030, 1, 15, 11, 0, tzinfo=UTC)
    )
    people.state.time_zone = "Africa/Nairobi"
    people.state.save(update_fields=["time_zone"])
    html = signed_in(client, people.state).get(url("meeting", pk=meeting.pk)).content.decode()
    assert "15 January 2030, 12:00" in html and "Africa/Nairobi" in html


# --- documents and events of a space follow their own visibility ---------------------------------------


@pytest.fixture
def bmle_space(world: Scenario) -> Scenario:
    """The scenario's documents attached to BMLE's meeting and its events moved to the coming days."""
    bmle = reference_group("BMLE")
    meeting = world.objects["meetings"]["bmle"]
    meeting.documents.set(world.all_ids("documents"))
    Document.objects.filter(pk__in=world.all_ids("documents")).update(working_group=bmle)
    start = timezone.now() + timedelta(days=3)
    Event.objects.filter(pk__in=world.all_ids("events")).update(
        working_group=bmle, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    return world


@pytest.mark.parametrize("role", sorted(READERS["BMLE"]))
def test_documents_and_events_in_a_space_follow_their_own_visibility(client, people: People, bmle_space, role):
    world = bmle_space
    client = signed_in(client, people.roles()[role])
    detail = client.get(url("detail"))
    # The overview shows the latest three; the documents section all of them.
    latest = {d.pk for d in detail.context["documents"]}
    assert latest <= world.expected_ids("documents", role)
    assert len(latest) == min(3, len(world.expected_ids("documents", role)))
    assert {e.pk for e in detail.context["events"]} == world.expected_ids("events", role)
    assert {d.pk for d in client.get(url("documents")).context["page"]} == world.expected_ids("documents", role)
    assert {e.pk for e in client.get(url("events")).context["page"]} == world.expected_ids("events", role)
    meetings = client.get(url("meetings")).context["page"]
    (meeting,) = [m for m in meetings if m.pk == world.objects["meetings"]["bmle"].pk]
    assert {d.pk for d in meeting.visible_documents} == world.expected_ids("documents", role)
    page = client.get(url("meeting", pk=meeting.pk))
    assert {d.pk for d in page.context["meeting"].visible_documents} == world.expected_ids("documents", role)
    html = page.content.decode()
    for name, document in world.objects["documents"].items():
        assert (escape(document.title) in html) == (role in world.visible["documents"][name])


def test_kenya_as_a_guest_reads_meetings_but_not_the_working_group_document(client, people: People, bmle_space):
    html = signed_in(client, people.state).get(url("meeting", pk=bmle_space.objects["meetings"]["bmle"].pk))
    html = html.content.decode()
    assert bmle_space.objects["documents"]["platform"].title in html
    assert bmle_space.objects["documents"]["bmle"].title not in html


# --- writes --------------------------------------------------------------------------------------------


def thread_data(**extra):
    return {"title": "Coordination of border data", "body": "Shall we meet in March?", **extra}


@pytest.mark.parametrize("role", ["secretariat", "cted", "entity"])
def test_members_and_the_secretariat_start_threads_and_reply(client, people: People, world: Scenario, role):
    client = signed_in(client, people.roles()[role])
    assert client.get(url("post_create")).status_code == 200
    response = client.post(url("post_create"), thread_data())
    thread = Post.objects.get(title="Coordination of border data")
    assert response.status_code == 302
    assert response["Location"] == f"{url('discussion')}?post={thread.pk}#post-{thread.pk}"
    assert thread.author == people.roles()[role] and thread.working_group.short_name == "BMLE"
    response = client.post(url("post_create"), {"body": "Yes, in Vienna.", "parent": thread.pk})
    assert response.status_code == 302
    reply = Post.objects.get(parent=thread)
    assert reply.body == "Yes, in Vienna." and reply.title == ""
    assert response["Location"] == f"{url('discussion')}?post={reply.pk}#post-{reply.pk}"


def test_a_reply_with_htmx_returns_the_thread(client, people: People, world: Scenario):
    thread = PostFactory(working_group=reference_group("BMLE"), author=people.cted, title="Agenda")
    client = signed_in(client, people.entity)
    response = client.post(url("post_create"), {"body": "Agreed.", "parent": thread.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and f'id="post-{thread.pk}"' in html and "Agreed." in html
    # An empty reply comes back in place, with the error, and writes nothing.
    response = client.post(url("post_create"), {"body": "  ", "parent": thread.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert thread.replies.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("state", 403), ("other_state", 404), ("regional", 404), ("outsider", 403), ("observer", 403)],
)
def test_writes_are_refused_to_observers_guests_and_others(client, people, world, observer, role, status):
    user = observer if role == "observer" else people.roles()[role]
    client = signed_in(client, user)
    bmle = reference_group("BMLE")
    meeting = world.objects["meetings"]["bmle"]
    activity = WorkplanActivityFactory(working_group=bmle)
    thread = PostFactory(working_group=bmle, author=people.entity)
    before = (Post.objects.count(), WorkplanActivity.objects.count(), Meeting.objects.count())
    attempts = [
        (url("post_create"), thread_data()),
        (url("post_create"), {"body": "Me too", "parent": thread.pk}),
        (url("activity_create"), {"title": "X", "status": "planned", "priority": "high", "position": 1}),
        (url("activity_edit", pk=activity.pk), {"title": "X", "status": "planned", "priority": "high", "position": 1}),
        (url("meeting_create"), {"title": "X", "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00"}),
        (
            url("meeting_edit", pk=meeting.pk),
            {"title": "X", "starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00"},
        ),
    ]
    for target, data in attempts:
        assert client.get(target).status_code == status, target
        assert client.post(target, data).status_code == status, target
    assert (Post.objects.count(), WorkplanActivity.objects.count(), Meeting.objects.count()) == before
    activity.refresh_from_db()
    assert activity.title != "X"


def test_a_reply_to_a_thread_of_another_group_is_refused(client, people: People, world: Scenario):
    pcve_thread = PostFactory(working_group=reference_group("PCVE"), author=people.secretariat)
    client = signed_in(client, people.entity)  # reads PCVE, writes in BMLE
    before = Post.objects.count()
    response = client.post(url("post_create"), {"body": "Crossing over", "parent": pcve_thread.pk})
    assert response.status_code == 200
    assert "Replies answer a thread of the same working group." in response.content.decode()
    response = client.post(url("post_create"), {"body": "To nowhere", "parent": 10**12})
    assert response.status_code == 200 and "This thread does not exist." in response.content.decode()
    assert Post.objects.count() == before
    assert client.get(url("post_create") + f"?parent={pcve_thread.pk}").status_code == 404


def test_a_reply_to_a_reply_is_refused(client, people: People, world: Scenario):
    thread = PostFactory(working_group=reference_group("BMLE"), author=people.cted)
    reply = PostFactory(working_group=reference_group("BMLE"), author=people.cted, parent=thread, title="")
    response = signed_in(client, people.entity).post(url("post_create"), {"body": "Nested", "parent": reply.pk})
    assert response.status_code == 200 and not Post.objects.filter(body="Nested").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "body": "No title"}, "title"),
        ({"title": "Empty", "body": ""}, "body"),
        ({"title": "Blank", "body": "   "}, "body"),
        ({"title": "Nul\x00", "body": "Text"}, "title"),
        ({"title": "Nul", "body": "Te\x00xt"}, "body"),
        ({"title": "x" * 256, "body": "Too long a title"}, "title"),
        ({"title": "Big", "body": "x" * 20_001}, "body"),
        ({"title": "Bad parent", "body": "Text", "parent": "abc"}, "parent"),
        ({"title": "Huge parent", "body": "Text", "parent": "9" * 30}, "parent"),
    ],
)
def test_bad_posts_show_errors_and_write_nothing(client, people: People, world: Scenario, data, field):
    before = Post.objects.count()
    response = signed_in(client, people.entity).post(url("post_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Post.objects.count() == before
    typed = data.get("body", "")
    if typed.strip() and len(typed) < 100 and "\x00" not in typed:
        assert typed in response.content.decode()  # what was typed is kept


def test_only_the_author_edits_a_post(client, people: People, world: Scenario):
    thread = PostFactory(working_group=reference_group("BMLE"), author=people.entity, title="Old", body="Old body")
    assert signed_in(client, people.cted).post(url("post_edit", pk=thread.pk), thread_data()).status_code == 403
    assert signed_in(client, people.secretariat).get(url("post_edit", pk=thread.pk)).status_code == 403
    assert signed_in(client, people.other_state).get(url("post_edit", pk=thread.pk)).status_code == 404
    client = signed_in(client, people.entity)
    assert client.get(url("post_edit", pk=thread.pk)).status_code == 200
    response = client.post(url("post_edit", pk=thread.pk), {"title": "", "body": "New body"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    response = client.post(url("post_edit", pk=thread.pk), {"title": "New", "body": "New body"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.title, thread.body) == ("New", "New body") and thread.edited_at is not None
    # A post of another group is not found through this group's address.
    assert client.get(url("post_edit", "ETCIP", pk=thread.pk)).status_code == 404


def activity_data(**extra):
    return {
        "title": "Regional workshop on border data",
        "description": "With the regional organizations.",
        "lead_organization": reference_org("UNODC").pk,
        "status": "in_progress",
        "priority": "high",
        "due_on": "2030-06-30",
        "position": "3",
        **extra,
    }


def test_members_add_and_edit_workplan_activities(client, people: People, world: Scenario):
    client = signed_in(client, people.entity)
    assert client.get(url("activity_create")).status_code == 200
    response = client.post(url("activity_create"), activity_data())
    assert response.status_code == 302
    activity = WorkplanActivity.objects.get(title="Regional workshop on border data")
    assert response["Location"] == f"{url('workplan')}?activity={activity.pk}#activity-{activity.pk}"
    assert activity.working_group.short_name == "BMLE" and activity.lead_organization.acronym == "UNODC"
    assert activity.due_on == date(2030, 6, 30) and activity.position == 3
    response = client.post(
        url("activity_edit", pk=activity.pk), activity_data(status="completed", lead_organization="")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "completed" and activity.lead_organization is None
    workplan = client.get(url("workplan")).content.decode()
    assert "Regional workshop on border data" in workplan and "Completed" in workplan
    # Another group's activity is not edited through BMLE's address.
    other = WorkplanActivityFactory(working_group=reference_group("ETCIP"))
    assert client.get(url("activity_edit", pk=other.pk)).status_code == 404


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"lead_organization": "KE"}, "lead_organization"),  # Kenya is no member of BMLE
        ({"lead_organization": "DESA"}, "lead_organization"),  # an observer
        ({"lead_organization": "abc"}, "lead_organization"),
        ({"lead_organization": "9" * 30}, "lead_organization"),
        ({"position": "99999999999999999999"}, "position"),
        ({"position": "-1"}, "position"),
        ({"due_on": "2030-02-31"}, "due_on"),
        ({"status": "done"}, "status"),
        ({"title": ""}, "title"),
        ({"title": "Nul\x00"}, "title"),
        ({"description": "x" * 20_001}, "description"),
    ],
)
def test_bad_activities_show_errors_and_write_nothing(client, people: People, world: Scenario, extra, field):
    if extra.get("lead_organization") in ("KE", "DESA"):
        extra = {"lead_organization": reference_org(extra["lead_organization"]).pk}
    before = WorkplanActivity.objects.count()
    response = signed_in(client, people.entity).post(url("activity_create"), activity_data(**extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert WorkplanActivity.objects.count() == before
    assert "Regional workshop on border data" in response.content.decode() or field == "title"


def meeting_data(**extra):
    return {
        "title": "Fifth plenary",
        "starts_at": "2030-03-10T10:00",
        "ends_at": "2030-03-10T12:30",
        "location": "Vienna",
        "online_url": "https://meet.example.org/bmle",
        "agenda": "1. Opening",
        "summary": "",
        **extra,
    }


def test_members_schedule_meetings_in_their_own_time_zone_with_documents(client, people: People, world: Scenario):
    people.entity.time_zone = "Europe/Vienna"
    people.entity.save(update_fields=["time_zone"])
    bmle_document = world.objects["documents"]["bmle"]
    bmle_document.refresh_from_db()
    client = signed_in(client, people.entity)
    form_page = client.get(url("meeting_create"))
    assert form_page.status_code == 200
    choices = set(form_page.context["form"].fields["documents"].queryset.values_list("pk", flat=True))
    assert bmle_document.pk in choices
    response = client.post(url("meeting_create"), meeting_data(documents=[bmle_document.pk]))
    meeting = Meeting.objects.get(title="Fifth plenary")
    assert response.status_code == 302 and response["Location"] == url("meeting", pk=meeting.pk)
    assert meeting.starts_at == datetime(2030, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Vienna (CET)
    assert meeting.created_by == people.entity
    assert list(meeting.documents.all()) == [bmle_document]
    response = client.post(url("meeting_edit", pk=meeting.pk), meeting_data(summary="Agreed on a workplan."))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.summary == "Agreed on a workplan." and meeting.documents.count() == 0
    edit_page = client.get(url("meeting_edit", pk=meeting.pk)).content.decode()
    assert 'value="2030-03-10T10:00"' in edit_page


def test_editing_a_meeting_keeps_documents_the_editor_cannot_see(client, people: People, world: Scenario):
    meeting = world.objects["meetings"]["bmle"]
    hidden = world.objects["documents"]["for_kenya"]  # restricted to Kenya: UNODC does not see it
    meeting.documents.set([hidden])
    response = signed_in(client, people.entity).post(url("meeting_edit", pk=meeting.pk), meeting_data())
    assert response.status_code == 302
    assert list(meeting.documents.all()) == [hidden]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_at": "2030-03-10T09:00"}, "ends_at"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"starts_at": "2030-13-45T10:00"}, "starts_at"),
        ({"title": "Nul\x00"}, "title"),
        ({"agenda": "a\x00b"}, "agenda"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"title": "x" * 501}, "title"),
        ({"documents": ["abc"]}, "documents"),
        ({"documents": ["99999999999999999999"]}, "documents"),
        ({"documents": "OTHER_GROUP"}, "documents"),
        ({"documents": "NOT_VISIBLE"}, "documents"),
    ],
)
def test_bad_meetings_show_errors_and_write_nothing(client, people: People, world: Scenario, extra, field):
    if extra.get("documents") == "OTHER_GROUP":
        extra = {"documents": [DocumentFactory(in_working_group=True).pk]}  # a PCVE document
    elif extra.get("documents") == "NOT_VISIBLE":
        extra = {"documents": [world.objects["documents"]["for_kenya"].pk]}
    before = Meeting.objects.count()
    response = signed_in(client, people.entity).post(url("meeting_create"), meeting_data(**extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Meeting.objects.count() == before
    assert "Vienna" in response.content.decode()  # what was typed is kept


def test_the_meeting_service_checks_permission_and_documents_itself(people: People, world: Scenario):
    from django.core.exceptions import PermissionDenied, ValidationError

    from workinggroups import services

    bmle = reference_group("BMLE")
    start = datetime(2030, 1, 1, 10, tzinfo=UTC)
    with pytest.raises(PermissionDenied):
        services.meeting_save(user=people.state, working_group=bmle, title="X", starts_at=start, ends_at=start)
    with pytest.raises(ValidationError):
        services.meeting_save(
            user=people.entity,
            working_group=bmle,
            title="X",
            starts_at=start,
            ends_at=start,
            documents=[world.objects["documents"]["for_kenya"]],
        )
    with pytest.raises(ValidationError):
        services.meeting_save(
            user=people.entity, working_group=bmle, title="X", starts_at=start, ends_at=start - timedelta(hours=1)
        )
    with pytest.raises(PermissionDenied):
        services.post_create(user=people.state, working_group=bmle, title="X", body="Y")
    assert not Meeting.objects.filter(title="X").exists() and not Post.objects.filter(title="X").exists()


@pytest.mark.parametrize("name", SECTIONS)
def test_malformed_page_numbers_are_ignored(client, people: People, world: Scenario, name):
    client = signed_in(client, people.entity)
    for query in ("?page=abc", "?page=99999999999999999999999", "?page=-4", "?page=%00", "?page=2&page=x"):
        response = client.get(url(name) + query)
        assert response.status_code == 200, query
        assert response.context["page"].number == 1, query


# --- the sections of a group's page ----------------------------------------------------------------------


def _block(html: str, element_id: str) -> str:
    """The element with this id, from its opening tag to the end of that tag's element (no nesting of the
    same tag inside, which holds for the threads' articles and the replies' list items)."""
    start = html.rindex("<", 0, html.index(f'id="{element_id}"'))
    tag = html[start + 1 : html.index(" ", start)]
    return html[start : html.index(f"</{tag}>", start) + len(tag) + 3]


def _top_messages(html: str) -> str:
    """The messages the layout shows above the page's content."""
    if '<ul class="messages">' not in html:
        return ""
    start = html.index('<ul class="messages">')
    return html[start : html.index("</ul>", start)]


def _threads_in(group: WorkingGroup, people: People, count: int) -> list[Post]:
    """`count` threads, oldest first, an hour apart so that their order is certain."""
    start = timezone.now() - timedelta(days=30)
    threads = []
    for n in range(count):
        thread = PostFactory(working_group=group, author=people.cted, title=f"Thread number {n}")
        Post.objects.filter(pk=thread.pk).update(created_at=start + timedelta(hours=n))
        threads.append(thread)
    return threads


@pytest.mark.parametrize("name", ["detail", *SECTIONS])
def test_every_section_names_itself_in_the_section_navigation(client, people: People, world: Scenario, name):
    response = signed_in(client, people.state).get(url(name))
    assert response.status_code == 200
    html = response.content.decode()
    nav = html[html.index('<nav class="wg-sections"') : html.index("</nav>", html.index('<nav class="wg-sections"'))]
    links = [url(section) for section in ("detail", *SECTIONS)]
    assert [link for link in links if f'href="{link}"' in nav] == links
    assert nav.count('aria-current="page"') == 1
    assert f'href="{url(name)}" aria-current="page"' in nav
    assert "<title>" + ("" if name == "detail" else f"{response.context['section_title']} — ") + "BMLE" in html


def test_the_overview_leads_to_every_section(client, people: People, world: Scenario):
    html = signed_in(client, people.entity).get(url("detail")).content.decode()
    for name, anchor in [("meetings", "meetings"), ("workplan", "workplan"), ("discussion", "discussion")]:
        # The single page's anchors land on the part of the overview that leads on to the section.
        assert f'href="{url(name)}"' in _block(html, anchor)
    assert f'href="{url("documents")}"' in html and f'href="{url("events")}"' in html


@pytest.mark.parametrize(
    ("query", "section", "page"),
    [
        ("?posts_page=2", "discussion", "?page=2"),
        ("?meetings_page=3", "meetings", "?page=3"),
        ("?workplan_page=2", "workplan", "?page=2"),
        ("?workplan_page=99999999999999999999", "workplan", "?page=400"),
        ("?meetings_page=abc&posts_page=2", "meetings", ""),
        ("?meetings_page=%00", "meetings", ""),
        ("?workplan_page=-4", "workplan", "?page=1"),
    ],
)
def test_the_single_pages_bookmarks_go_on_to_their_section(
    client, people: People, world: Scenario, query, section, page
):
    response = signed_in(client, people.state).get(url("detail") + query)
    assert response.status_code == 301
    assert response["Location"] == url(section) + page


def test_a_bookmark_of_the_single_page_by_a_non_reader_stays_on_the_overview(client, people: People, world: Scenario):
    response = signed_in(client, people.other_state).get(url("detail") + "?posts_page=2")
    assert response.status_code == 200 and NEUTRAL in response.content.decode()


def test_each_section_pages_on_its_own(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    threads = _threads_in(bmle, people, 23)
    for position in range(30):
        WorkplanActivityFactory(working_group=bmle, position=position + 1)
    client = signed_in(client, people.entity)
    discussion = client.get(url("discussion") + "?page=2")
    assert [t.pk for t in discussion.context["page"]] == [t.pk for t in reversed(threads[3:13])]
    html = discussion.content.decode()
    # The shared pager, linking the section's own pages.
    assert 'href="?page=1" rel="prev"' in html and 'href="?page=3" rel="next"' in html
    workplan = client.get(url("workplan") + "?page=2")
    assert [a.position for a in workplan.context["page"]] == list(range(21, 31))
    assert client.get(url("meetings") + "?page=2").context["page"].number == 1  # one page of meetings only


def test_meetings_and_events_come_soonest_first_then_latest_held(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    now = timezone.now()
    Meeting.objects.filter(working_group=bmle).delete()
    Event.objects.filter(working_group=bmle).delete()
    made = {
        days: MeetingFactory(working_group=bmle, starts_at=now + timedelta(days=days), title=f"Meeting at {days}")
        for days in (-40, 20, -3, 5, 60)
    }
    events = {
        days: EventFactory(
            working_group=bmle, starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=2)
        )
        for days in (-10, 9, -1, 3)
    }
    client = signed_in(client, people.entity)
    response = client.get(url("meetings"))
    assert [m.pk for m in response.context["upcoming"]] == [made[d].pk for d in (5, 20, 60)]
    assert [m.pk for m in response.context["past"]] == [made[d].pk for d in (-3, -40)]
    html = response.content.decode()
    assert html.index("Upcoming meetings") < html.index("Meeting at 5") < html.index("Past meetings")
    assert html.index("Past meetings") < html.index("Meeting at -3") < html.index("Meeting at -40")
    response = client.get(url("events"))
    assert [e.pk for e in response.context["upcoming"]] == [events[d].pk for d in (3, 9)]
    assert [e.pk for e in response.context["past"]] == [events[d].pk for d in (-1, -10)]
    overview = client.get(url("detail")).context
    assert [m.pk for m in overview["upcoming_meetings"]] == [made[d].pk for d in (5, 20, 60)]
    assert overview["past_meetings"] == []


def test_a_meeting_page_leads_back_to_the_meetings_and_keeps_its_calendar_file(client, people: People, world: Scenario):
    meeting = world.objects["meetings"]["bmle"]
    html = signed_in(client, people.state).get(url("meeting", pk=meeting.pk)).content.decode()
    assert f'href="{url("meetings")}"' in html
    assert f'href="{url("meeting_ics", pk=meeting.pk)}"' in html


def test_the_documents_section_lists_the_groups_documents_only(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    pcve_document = DocumentFactory(in_working_group=True, title="A PCVE note")
    client = signed_in(client, people.entity)
    response = client.get(url("documents"))
    shown = {d.pk for d in response.context["page"]}
    assert shown == {world.objects["documents"]["bmle"].pk}
    assert pcve_document.pk not in shown
    assert f"?working_group={bmle.pk}" in response.content.decode()


def test_replies_and_the_reply_form_stay_folded_until_asked(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    thread = PostFactory(working_group=bmle, author=people.cted, title="Folded thread")
    for _ in range(2):
        PostFactory(working_group=bmle, author=people.entity, parent=thread, title="")
    alone = PostFactory(working_group=bmle, author=people.cted, title="Thread with no reply")
    html = signed_in(client, people.entity).get(url("discussion")).content.decode()
    block = _block(html, f"post-{thread.pk}")
    fold = block[block.index("<details") : block.index("</details>")]
    assert fold.startswith('<details class="wg-fold">')  # closed
    assert "Show 2 replies" in fold and "wg-reply-item" in fold and 'class="wg-reply"' in fold
    assert "Reply</summary>" in _block(html, f"post-{alone.pk}")
    # The form of a new thread is behind a button at the top, before every thread.
    assert html.index('<details class="wg-new-thread">') < html.index(f'id="post-{thread.pk}"')
    # A reader who does not write sees the replies folded and no form.
    html = signed_in(client, people.state).get(url("discussion")).content.decode()
    block = _block(html, f"post-{thread.pk}")
    assert "Show 2 replies" in block and 'class="wg-reply"' not in block and "wg-new-thread" not in html
    assert "<details" not in _block(html, f"post-{alone.pk}")


def test_a_new_thread_lands_at_the_top_of_the_discussion_with_the_notice_beside_it(
    client, people: People, world: Scenario
):
    _threads_in(reference_group("BMLE"), people, 12)
    client = signed_in(client, people.entity)
    response = client.post(url("post_create"), thread_data(), follow=True)
    thread = Post.objects.get(title="Coordination of border data")
    assert response.redirect_chain[-1][0].endswith(f"#post-{thread.pk}")
    assert response.context["page"].number == 1
    html = response.content.decode()
    assert "Your message was posted." in _block(html, f"post-{thread.pk}")
    assert 'class="wg-notice" role="status"' in _block(html, f"post-{thread.pk}")
    assert "Your message was posted." not in _top_messages(html)
    # Shown once: the page read again has no notice.
    assert "Your message was posted." not in client.get(response.request["PATH_INFO"]).content.decode()


def test_a_reply_to_an_older_thread_lands_on_its_page_unfolded_with_the_notice(client, people: People, world: Scenario):
    threads = _threads_in(reference_group("BMLE"), people, 25)
    old = threads[4]  # the 21st newest: the third page
    client = signed_in(client, people.entity)
    response = client.post(url("post_create"), {"body": "Agreed, with thanks.", "parent": old.pk}, follow=True)
    reply = Post.objects.get(parent=old)
    assert response.redirect_chain[-1][0] == f"{url('discussion')}?post={reply.pk}#post-{reply.pk}"
    assert response.context["page"].number == 3
    html = response.content.decode()
    block = _block(html, f"post-{old.pk}")
    assert '<details class="wg-fold" open>' in block
    assert "Your message was posted." in _block(html, f"post-{reply.pk}")
    assert "Your message was posted." not in _top_messages(html)
    # Other threads on the page stay folded.
    assert '<details class="wg-fold">' in _block(html, f"post-{threads[3].pk}")


def test_an_edited_post_lands_at_itself_with_the_notice(client, people: People, world: Scenario):
    thread = PostFactory(working_group=reference_group("BMLE"), author=people.entity, title="Before")
    reply = PostFactory(working_group=reference_group("BMLE"), author=people.entity, parent=thread, title="")
    client = signed_in(client, people.entity)
    response = client.post(url("post_edit", pk=reply.pk), {"body": "Corrected text."}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"?post={reply.pk}#post-{reply.pk}")
    html = response.content.decode()
    assert "Your message was updated." in _block(html, f"post-{reply.pk}")
    assert '<details class="wg-fold" open>' in _block(html, f"post-{thread.pk}")


def test_an_address_naming_a_post_the_group_does_not_hold_opens_nothing(client, people: People, world: Scenario):
    bmle_thread = PostFactory(working_group=reference_group("BMLE"), author=people.cted, title="Here")
    PostFactory(working_group=reference_group("BMLE"), author=people.cted, parent=bmle_thread, title="")
    pcve_thread = PostFactory(working_group=reference_group("PCVE"), author=people.cted, title="Elsewhere")
    client = signed_in(client, people.state)  # reads BMLE, not PCVE
    for key in (pcve_thread.pk, "abc", "9" * 30, -1):
        response = client.get(url("discussion") + f"?post={key}")
        assert response.status_code == 200
        assert response.context["page"].number == 1
        assert "open>" not in response.content.decode()


def test_a_message_about_a_post_not_on_the_page_stays_at_the_top(client, people: People, world: Scenario):
    threads = _threads_in(reference_group("BMLE"), people, 12)
    client = signed_in(client, people.entity)
    client.post(url("post_create"), {"body": "On the second page.", "parent": threads[0].pk})
    reply = Post.objects.get(parent=threads[0])
    html = client.get(url("discussion") + f"?post={reply.pk}&page=1").content.decode()
    assert "Your message was posted." in _top_messages(html)


def test_a_reply_with_htmx_unfolds_the_thread_with_the_notice_beside_the_reply(client, people: People, world: Scenario):
    thread = PostFactory(working_group=reference_group("BMLE"), author=people.cted, title="Agenda")
    client = signed_in(client, people.entity)
    response = client.post(url("post_create"), {"body": "Agreed.", "parent": thread.pk}, headers={"HX-Request": "true"})
    reply = Post.objects.get(parent=thread)
    html = response.content.decode()
    assert '<details class="wg-fold" open>' in html
    block = _block(html, f"post-{reply.pk}")
    assert "Agreed." in block and "Your message was posted." in block and "autofocus" in block
    assert "Show 1 reply" in html
    # A refused reply comes back unfolded too, its error in sight.
    response = client.post(url("post_create"), {"body": " ", "parent": thread.pk}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<details class="wg-fold" open>' in html and "This field is required." in html
    assert "Your message was posted." not in html


def test_a_saved_activity_lands_on_its_page_of_the_workplan_with_the_notice(client, people: People, world: Scenario):
    bmle = reference_group("BMLE")
    activities = [WorkplanActivityFactory(working_group=bmle, position=n + 1) for n in range(30)]
    late = activities[27]
    client = signed_in(client, people.entity)
    data = activity_data(title="Renamed activity", position=str(late.position))
    response = client.post(url("activity_edit", pk=late.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == f"{url('workplan')}?activity={late.pk}#activity-{late.pk}"
    assert response.context["page"].number == 2
    html = response.content.decode()
    assert "The workplan was updated." in _block(html, f"activity-{late.pk}")
    assert "The workplan was updated." not in _top_messages(html)


# --- query counts ----------------------------------------------------------------------------------------


def _fill(group: WorkingGroup, people: People, world: Scenario, n: int) -> None:
    documents = [world.objects["documents"]["platform"], world.objects["documents"]["bmle"]]
    for i in range(n):
        meeting = MeetingFactory(working_group=group)
        meeting.documents.set(documents)
        WorkplanActivityFactory(working_group=group, lead_organization=reference_org("UNODC"))
        author = people.cted if i % 2 else people.secretariat
        thread = PostFactory(working_group=group, author=author)
        PostFactory(working_group=group, author=people.entity, parent=thread, title="")
        PostFactory(working_group=group, author=people.secretariat, parent=thread, title="")


def _queries(client, target: str) -> int:
    client.get(target)  # the day's first visit is recorded once; measure a later one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["entity", "state", "secretariat"])
def test_section_queries_do_not_grow_with_meetings_posts_and_activities(client, people: People, world: Scenario, role):
    client = signed_in(client, people.roles()[role])
    _fill(reference_group("BMLE"), people, world, 1)
    few = {name: _queries(client, url(name)) for name in ("detail", *SECTIONS)}
    _fill(reference_group("BMLE"), people, world, 29)
    many = {name: _queries(client, url(name)) for name in ("detail", *SECTIONS)}
    assert many == few
    assert max(many.values()) <= 30


def test_index_and_meeting_queries_are_bounded(client, people: People, world: Scenario):
    client = signed_in(client, people.entity)
    index = _queries(client, reverse("workinggroups:index"))
    assert index <= 12
    meeting = world.objects["meetings"]["bmle"]
    meeting.documents.set([world.objects["documents"]["platform"]])
    few = _queries(client, url("meeting", pk=meeting.pk))
    meeting.documents.add(*[DocumentFactory(working_group=reference_group("BMLE")) for _ in range(10)])
    assert _queries(client, url("meeting", pk=meeting.pk)) == few <= 15


def test_a_meeting_lists_its_agenda_items_in_order_with_their_presenters(client, people: People, world: Scenario):
    meeting = world.objects["meetings"]["bmle"]
    Meeting.objects.filter(pk=meeting.pk).update(agenda="Free-text agenda")
    AgendaItemFactory(meeting=meeting, position=2, title="Kenya's showcase", presenter=reference_org("KE"))
    AgendaItemFactory(meeting=meeting, position=1, title="Opening", duration_minutes=10)
    client = signed_in(client, people.state)
    few = _queries(client, url("meeting", pk=meeting.pk))
    for i in range(10):
        AgendaItemFactory(meeting=meeting, position=10 + i, presenter=reference_org("UNODC"))
    assert _queries(client, url("meeting", pk=meeting.pk)) == few
    html = client.get(url("meeting", pk=meeting.pk)).content.decode()
    assert html.index("Free-text agenda") < html.index("Opening") < html.index(escape("Kenya's showcase"))
    assert "presented by <bdi>Kenya</bdi>" in html and "10 minutes" in html
    assert html.count("presented by <bdi>United Nations Office on Drugs and Crime (UNODC)</bdi>") == 10

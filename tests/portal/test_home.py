"""The home page: the person's queue first, then their groups, what is coming, what is new, and the figures
last; and the counting of visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platform_app.countries.models import CountryEntry
from platform_app.dashboard.queue import QUEUE_PARTS, SHOWN, app_parts, reader_for
from platform_app.metrics.models import DailyVisitTotal, MetricSnapshot
from platform_app.metrics.visits import day_counts, fold_visits, record_visit
from platform_app.structure.models import WorkingGroupMembership
from platform_app.support.models import SupportOffer, SupportRequest
from platform_app.support.policies import (
    offer_may_decide,
    offer_may_make,
    offers_to_decide,
    request_may_route,
    requests_to_offer,
    requests_to_route,
)
from tests import scenario as sc
from tests.factories import (
    CountryEntryFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    MeetingFactory,
    PostFactory,
    ShowcaseRequestFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    WorkplanActivityFactory,
    reference_group,
    reference_org,
)
from workinggroups.models import ShowcaseRequest, WorkplanActivity
from workinggroups.policies import may_decide_showcases, showcases_to_decide

HOME = reverse("home")
NOWHERE = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
MARKER = sc.MARKER


def add_home_rows(people, world):
    """What waits for someone besides the scenario: a showcase request, workplan activities, posts."""
    bmle, cjlr = reference_group("BMLE"), reference_group("CJLR-CFT")
    unodc = reference_org("UNODC")
    today = timezone.localdate()
    # Kenya asks BMLE, which CTED chairs and UNODC vice-chairs: both decide, with the Secretariat.
    showcase = ShowcaseRequestFactory(working_group=bmle, title=f"Kenya's showcase {MARKER}")
    world.add("showcases", "kenya_bmle", showcase, {"secretariat", "cted", "entity", "state"})
    world.add(
        "activities",
        "unodc_due",
        WorkplanActivityFactory(
            working_group=bmle,
            lead_organization=unodc,
            title=f"Border data review {MARKER}",
            due_on=today + timedelta(10),
        ),
        {"secretariat", "cted", "entity", "state"},
    )
    world.add(
        "activities",
        "unodc_later",
        WorkplanActivityFactory(
            working_group=bmle, lead_organization=unodc, title=f"Annual report {MARKER}", due_on=today + timedelta(90)
        ),
        {"secretariat", "cted", "entity", "state"},
    )
    world.add(
        "activities",
        "unodc_done",
        WorkplanActivityFactory(
            working_group=bmle,
            lead_organization=unodc,
            title=f"Finished survey {MARKER}",
            due_on=today - timedelta(5),
            status=WorkplanActivity.Status.COMPLETED,
        ),
        {"secretariat", "cted", "entity", "state"},
    )
    # Posts: BMLE's reach its members (CTED, UNODC) and Kenya, its guest; CJLR-CFT's its members, but not
    # Kenya, nor WHO (entities may read every space, but CJLR-CFT is not one of WHO's groups: see
    # test_new_posts_of_my_groups); a post of two months ago is not new.
    world.add(
        "posts",
        "bmle",
        PostFactory(working_group=bmle, author=people.entity, title=f"Screening checklist {MARKER}"),
        {"secretariat", "cted", "entity", "state"},
    )
    world.add(
        "posts",
        "cjlr",
        PostFactory(working_group=cjlr, author=people.secretariat, title=f"Review toolkit {MARKER}"),
        {"secretariat", "cted", "entity"},
    )
    old = PostFactory(working_group=bmle, author=people.entity, title=f"Old thread {MARKER}")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    world.add("posts", "old", old, set())


pytestmark = pytest.mark.shared_world(add=add_home_rows)


@pytest.fixture
def figures(reference):
    """Two readings on top of the published ones the reference data loads."""
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 1, 1, tzinfo=UTC), source="computed", focal_points=1234, documents=4321, entities=47
    )


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def parts(response, name="queue") -> dict[str, object]:
    return {part.key: part for part in response.context[name]}


def labels(part) -> list[str]:
    return [entry.label for entry in part.entries]


# --- the queue ----------------------------------------------------------------------------------------


def test_the_secretariat_is_shown_its_queue_and_follows_every_group(client, people, world):
    response = home(client, people.secretariat)
    body = response.content.decode()
    queue = parts(response)
    assert {"requests_to_route", "entries_to_moderate", "showcases_to_schedule"} <= set(queue)
    assert labels(queue["requests_to_route"]) == [world.objects["support-requests"]["kenya_submitted"].title]
    assert queue["requests_to_route"].count == 1
    assert labels(queue["showcases_to_schedule"]) == [world.objects["showcases"]["kenya_bmle"].title]
    new_entries = {obj.title for obj in world.objects["country-entries"].values()}
    assert set(labels(queue["entries_to_moderate"])) == new_entries
    assert "does not belong to a working group" not in body
    assert "The Secretariat follows every working group" in body
    assert [group.working_group.short_name for group in response.context["my_groups"]] == [
        "PCVE",
        "BMLE",
        "ETCIP",
        "CJLR-CFT",
        "RMME",
        "NARS",
        "HRRoL-VoT",
        "GENDER",
    ]


def test_each_role_finds_its_own_work_in_its_queue(client, people, world):
    requests, offers = world.objects["support-requests"], world.objects["support-offers"]
    recommendations = world.objects["recommendations"]
    showcase = world.objects["showcases"]["kenya_bmle"].title
    due = world.objects["activities"]["unodc_due"].title
    expected = {
        "state": {
            "offers_to_answer": [offers["unodc_to_kenya"].request.title],
            "open_recommendations": [f"#1 {recommendations['kenya'].text}"],
        },
        "other_state": {
            "offers_to_answer": [offers["unoct_to_norway"].request.title],
            "open_recommendations": [f"#1 {recommendations['norway_shared'].text}"],
        },
        # UNODC offered for the request routed to it, so only BMLE's waits for it; it vice-chairs BMLE and
        # leads one activity due within four weeks.
        "entity": {
            "requests_to_offer": [requests["kenya_to_bmle"].title],
            "showcases_to_schedule": [showcase],
            "workplan_due": [due],
        },
        "cted": {"requests_to_offer": [requests["kenya_to_bmle"].title], "showcases_to_schedule": [showcase]},
        "regional": {},
    }
    for role, wanted in expected.items():
        queue = parts(home(client, getattr(people, role)))
        found = {key: labels(part) for key, part in queue.items() if key != "workplan_due" or part.count}
        assert found == wanted, role
        assert all(queue[key].count == len(wanted[key]) for key in wanted), role


def test_an_empty_queue_says_so(client, people):
    body = home(client, people.regional).content.decode()
    assert "Nothing is waiting for you now." in body


def test_the_home_page_names_nothing_its_reader_may_not_see(client, people, world):
    """Every record of the scenario a role may not open is absent from its home page; the queue's records
    it may open link to pages that open for it."""
    now = timezone.now()
    for meeting in world.objects["meetings"].values():  # within the coming weeks, on the calendar
        meeting.starts_at, meeting.ends_at = now + timedelta(days=5), now + timedelta(days=5, hours=2)
        meeting.save()
    texts = {
        "support-requests": lambda obj: obj.title,
        "country-entries": lambda obj: obj.title,
        "recommendations": lambda obj: obj.text,
        "showcases": lambda obj: obj.title,
        "activities": lambda obj: obj.title,
        "posts": lambda obj: obj.title,
        "meetings": lambda obj: obj.title,
    }
    for role, user in people.roles().items():
        if role not in sc.PLATFORM:
            continue
        response = home(client, user)
        body = response.content.decode()
        for resource, text in texts.items():
            for name, obj in world.objects[resource].items():
                if role not in world.visible[resource][name]:
                    assert escape(text(obj)) not in body, (role, resource, name)
        for part in (*response.context["queue"], *response.context["news"]):
            for entry in part.entries:
                assert client.get(entry.url.split("#")[0]).status_code == 200, (role, part.key, entry.url)


def test_the_queue_comes_first_and_the_figures_last(client, people, world, figures):
    for user in (people.secretariat, people.state, people.entity):
        body = home(client, user).content.decode()
        order = [
            'id="queue-heading"',
            'id="groups-heading"',
            'id="events-heading"',
            'id="group_posts-heading"',
            'id="documents-heading"',
            'id="numbers-heading"',
        ]
        assert [body.index(mark) for mark in order] == sorted(body.index(mark) for mark in order), user


def test_the_set_wide_policies_agree_with_the_pages(people, world):
    """The queue's forms of the policies, over all records at once, hold exactly the records the pages'
    predicates allow one by one."""
    showcases = [*world.objects["showcases"].values()]
    showcases.append(ShowcaseRequestFactory(member_state=reference_org("NO"), working_group=reference_group("PCVE")))
    for role, user in people.roles().items():
        routable = requests_to_route(user)
        routable = set() if routable is None else set(routable)
        offerable = requests_to_offer(user)
        offerable = set() if offerable is None else set(offerable)
        decidable = offers_to_decide(user)
        decidable = set() if decidable is None else set(decidable)
        own = getattr(getattr(user, "focal_point", None), "organization_id", None)
        for request in SupportRequest.objects.all():
            assert (request in routable) == (
                request_may_route(user, request) and request.status == SupportRequest.Status.SUBMITTED
            ), (role, request)
            offered = request.offers.filter(organization_id=own).exists()
            assert (request in offerable) == (offer_may_make(user, request) and not offered), (role, request)
        for offer in SupportOffer.objects.select_related("request"):
            assert (offer in decidable) == offer_may_decide(user, offer), (role, offer)
        deciding = set(showcases_to_decide(user))
        for showcase in showcases:
            allowed = bool(may_decide_showcases(user, showcase.working_group))
            assert (showcase in deciding) == (allowed and showcase.status == ShowcaseRequest.Status.REQUESTED), (
                role,
                showcase,
            )


def test_each_part_names_the_first_of_its_records_and_counts_them_all(client, people, world):
    """A part shows the first rows of the records it declares (`part.records`, what bench/floors.py reads
    for the home page too) and counts every one of them; it is left out, without a query, where its
    records are None."""
    functions = (*QUEUE_PARTS, *app_parts("QUEUE_PARTS"), *app_parts("NEWS_PARTS"))
    seen = set()
    for role, user in people.roles().items():
        if user is None:  # the anonymous reader has the landing page
            continue
        response = home(client, user)
        if response.context.get("unlinked"):  # an account linked to no organization has no queue
            continue
        shown = {**parts(response), **parts(response, "news")}
        group_ids = (
            None
            if response.context["follows_every_group"]
            else tuple(group.working_group.pk for group in response.context["my_groups"])
        )
        reader = reader_for(user, timezone.now(), group_ids)
        for function in functions:
            records = function.records(reader)
            made = function(reader)
            if records is None:
                assert made is None, (role, function.__name__)
                continue
            if made is None:  # a part its reader sees only while something waits
                assert not records.exists(), (role, function.__name__)
                continue
            seen.add(made.key)
            assert [row.pk for row in made.rows] == [row.pk for row in records[:SHOWN]], (role, made.key)
            assert made.count == records.count(), (role, made.key)
            assert shown[made.key].count == made.count, (role, made.key)
    assert seen == {
        "requests_to_route",
        "entries_to_moderate",
        "offers_to_answer",
        "open_recommendations",
        "requests_to_offer",
        "showcases_to_schedule",
        "workplan_due",
        "group_posts",
    }


def test_a_moderated_entry_leaves_the_secretariats_queue(client, people, world):
    entry = world.objects["country-entries"]["platform"]
    CountryEntry.objects.filter(pk=entry.pk).update(moderated_at=timezone.now(), moderation_reason="Read")
    queue = parts(home(client, people.secretariat))
    assert entry.title not in labels(queue["entries_to_moderate"])


# --- groups, what is coming, what is new --------------------------------------------------------------


def test_the_dashboard_lists_my_working_groups_and_those_i_am_invited_to(client, people):
    groups = {m.working_group.short_name: m.place for m in home(client, people.entity).context["my_groups"]}
    assert groups["BMLE"] == "Vice-Chair"
    groups = {m.working_group.short_name: m.place for m in home(client, people.state).context["my_groups"]}
    assert groups.get("BMLE") == "Invited"  # Kenya is BMLE's guest


def who_focal_point():
    """A focal point of WHO, an entity that belongs to BMLE and to the groups of every entity, not to CJLR-CFT."""
    return FocalPointFactory(organization=reference_org("WHO")).user


def test_meetings_of_my_groups_and_events_of_the_coming_weeks(client, people, world):
    now = timezone.now()
    for meeting in world.objects["meetings"].values():
        meeting.starts_at, meeting.ends_at = now + timedelta(days=3), now + timedelta(days=3, hours=2)
        meeting.save()
    cjlr = MeetingFactory(
        working_group=reference_group("CJLR-CFT"),
        title=f"CJLR-CFT plenary {MARKER}",
        starts_at=now + timedelta(days=4),
        ends_at=now + timedelta(days=4, hours=1),
    )
    later = MeetingFactory(
        working_group=reference_group("BMLE"),
        title=f"BMLE next season {MARKER}",
        starts_at=now + timedelta(days=40),
        ends_at=now + timedelta(days=40, hours=1),
    )
    far = EventFactory(title=f"Far off {MARKER}", starts_at=now + timedelta(days=60), ends_at=now + timedelta(days=61))
    bmle, pcve = world.objects["meetings"]["bmle"].title, world.objects["meetings"]["pcve"].title
    # Every entity belongs to PCVE; CJLR-CFT is on WHO's calendar (entities read every space) but is not one
    # of its groups. Kenya is BMLE's guest.
    everyone = {bmle, pcve, cjlr.title}
    expected = {
        people.secretariat: everyone,
        people.cted: everyone,
        people.entity: everyone,
        who_focal_point(): {bmle, pcve},
        people.state: {bmle},
        people.other_state: set(),
        people.regional: set(),
    }
    for user, meetings in expected.items():
        shown = {entry.title for entry in home(client, user).context["upcoming"]}
        assert shown & everyone == meetings, user
        assert far.title not in shown and later.title not in shown


def test_the_dashboard_lists_only_the_events_and_documents_the_user_may_see(client, people, world):
    now = timezone.now()
    for event in world.objects["events"].values():  # move the scenario's events to the coming days
        event.starts_at, event.ends_at = now + timedelta(days=3), now + timedelta(days=3, hours=2)
        event.save()
    for document in world.objects["documents"].values():
        document.published_on = now.date()
        document.save()
    for role, user in people.roles().items():
        if role not in sc.PLATFORM:
            continue
        body = home(client, user).content.decode()
        for resource in ("events", "documents"):
            for name, obj in world.objects[resource].items():
                shown = escape(obj.title) in body
                assert shown == (role in world.visible[resource][name]), (role, resource, name)


def test_the_dashboard_shows_events_under_way_then_those_to_come(client, people):
    now = timezone.now()
    ended = EventFactory(title="Ended", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=2))
    under_way = EventFactory(title="Under way", starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=1))
    to_come = [
        EventFactory(title=f"To come {i}", starts_at=now + timedelta(days=i), ends_at=now + timedelta(days=i, hours=2))
        for i in range(1, 10)
    ]
    shown = [entry.uid for entry in home(client, people.secretariat).context["upcoming"]]
    assert f"event-{ended.pk}" not in shown
    assert shown == [f"event-{event.pk}" for event in (under_way, *to_come[:7])]


def test_new_posts_of_my_groups(client, people, world):
    posts = world.objects["posts"]
    for role, user in people.roles().items():
        if role not in sc.PLATFORM:
            continue
        news = parts(home(client, user), "news")
        shown = set(labels(news["group_posts"]))
        for name, post in posts.items():
            assert (post.title in shown) == (role in world.visible["posts"][name]), (role, name)
    shown = labels(parts(home(client, who_focal_point()), "news")["group_posts"])
    assert shown == [posts["bmle"].title]


def test_a_busy_discussion_is_one_entry_with_its_count_of_new_posts(client, people, world):
    old = world.objects["posts"]["old"]  # two months old: back among the news with its replies
    for _ in range(3):
        PostFactory(working_group=old.working_group, parent=old, author=people.entity, title="")
    news = parts(home(client, people.entity), "news")["group_posts"]
    assert labels(news).count(old.title) == 1
    entry = next(entry for entry in news.entries if entry.label == old.title)
    assert entry.note == "BMLE · 3 new posts"
    assert labels(news)[0] == old.title  # the latest activity first


# --- the figures --------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_latest_figures_with_their_trend(client, people, figures):
    response = home(client, people.state)
    body = response.content.decode()
    numbers = {row["key"]: row for row in response.context["numbers"]}
    assert numbers["focal_points"]["value"] == 1234
    published = MetricSnapshot.objects.filter(source="published", focal_points__isnull=False).count()
    assert len(numbers["focal_points"]["series"]) == published + 1
    assert "<svg" in body and "<polyline" in body
    assert f'href="{reverse("directory:index")}?status=active"' in body  # a figure links to the list it counts
    # The trend writes its last value beside its point, and the axis its values.
    chart = numbers["focal_points"]["chart"]
    assert ">1,234</text>" in body
    assert next(text.text for text in chart.texts if text.kind == "tick") == "0"


SUPPORT_PARTS = {
    "support_requests_by_status": [{"key": "submitted", "label": "Submitted", "count": 2}],
    "support_requests_by_thematic_area": [{"key": "victims", "label": "Victims of terrorism", "count": 2}],
    "support_requests_by_region": [{"key": "africa", "label": "Africa", "count": 2}],
    "support_first_offer_days": [{"key": "median", "label": "Median", "days": None, "count": 0}],
}


@pytest.mark.parametrize("zones", [("America/New_York", "Africa/Nairobi"), ("Pacific/Honolulu", "Asia/Tokyo")])
def test_a_snapshot_is_dated_alike_for_readers_in_every_time_zone(client, people, zones):
    """A snapshot of midnight UTC is the day it stands for, in New York as in Nairobi: never the evening
    before for readers west of Greenwich."""
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 7, 1, tzinfo=UTC), source="computed", focal_points=1234, breakdowns=SUPPORT_PARTS
    )
    texts = []
    for user, zone in zip((people.state, people.entity), zones, strict=True):
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
        body = home(client, user).content.decode()
        assert body.count('<time datetime="2031-07-01">1 July 2031</time>') == 2, zone  # the figures and requests
        assert "30 June 2031" not in body
        texts.append(body.count("1 July 2031"))
    client.logout()
    landing = client.get(HOME).content.decode()
    assert '<time datetime="2031-07-01">1 July 2031</time>' in landing
    assert texts[0] == texts[1]


def test_the_support_figures_are_charted_with_their_values(client, people):
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 7, 1, tzinfo=UTC), source="computed", focal_points=1, breakdowns=SUPPORT_PARTS
    )
    response = home(client, people.state)
    support = response.context["support"]
    chart = support["sections"][1]["chart"]
    assert [text.text for text in chart.texts if text.kind == "value"] == ["2"]
    assert " ".join(text.text for text in chart.texts if text.kind == "label") == "Victims of terrorism"
    assert "By thematic area as a table" in response.content.decode()


def test_an_account_linked_to_no_organization_is_told_whom_to_ask(client, people):
    response = home(client, people.outsider)
    assert "contact the Secretariat" in response.content.decode()
    assert "Compact in numbers" not in response.content.decode()


# What the home page asks the database, whatever the number of records: the session and the person (and a
# staff member's second factor and roles); the person's groups (the Secretariat's, or its organization's
# invitations: its memberships are cached); one query per part of the queue and of the news; the events, the
# meetings and the documents; and one row of the audit log per kind of confidential record shown. The
# figures come from the cache.
HOME_QUERIES = {"secretariat": 14, "state": 13, "entity": 12, "regional": 9, "cted": 11}
# Without Redis (the README's default set-up) the visit is counted in the database instead
# (platform_app/metrics/visits.py): a savepoint, the read and the update of the day's row, and the release.
VISIT_IN_DATABASE_QUERIES = 4


def more_of_everything(people, n: int) -> None:
    """`n` more records of every kind a home page lists, each within what some role of the scenario sees."""
    now = timezone.now()
    bmle, kenya, norway, unodc = (
        reference_group("BMLE"),
        reference_org("KE"),
        reference_org("NO"),
        reference_org("UNODC"),
    )
    groups = ["CJLR-CFT", "RMME", "NARS", "ETCIP", "GENDER", "HRRoL-VoT"]
    for i in range(n):
        SupportRequestFactory()
        routed = SupportRequestFactory(routed_to=[bmle, unodc])
        SupportOfferFactory(request=routed, organization=reference_org("CTED"))
        SupportOfferFactory(request=SupportRequestFactory(member_state=norway, routed_to=[unodc]))
        CountryEntryFactory()
        ShowcaseRequestFactory(member_state=kenya, working_group=reference_group(groups[i % len(groups)]))
        WorkplanActivityFactory(working_group=bmle, lead_organization=unodc, due_on=now.date() + timedelta(days=3))
        PostFactory(working_group=bmle, author=people.entity)
        MeetingFactory(working_group=bmle, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1))
        EventFactory(starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1))
        DocumentFactory()


@pytest.mark.parametrize("role", sorted(HOME_QUERIES))
def test_the_home_page_queries_do_not_grow_with_the_data(client, people, figures, role, django_assert_max_num_queries):
    user = getattr(people, role)
    client.force_login(user)
    client.get(HOME)  # warm the per-process caches (content types, sessions) and the shared values
    visit = 0 if isinstance(caches["default"], RedisCache) else VISIT_IN_DATABASE_QUERIES
    with django_assert_max_num_queries(HOME_QUERIES[role] + visit) as few:
        client.get(HOME)
    more_of_everything(people, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)


def test_the_cached_figures_and_groups_change_as_soon_as_their_source_does(
    client, people, figures, django_capture_on_commit_callbacks
):
    client.force_login(people.entity)
    client.get(HOME)  # fills the cache
    membership = WorkingGroupMembership.objects.filter(organization=people.entity.focal_point.organization).first()
    with django_capture_on_commit_callbacks(execute=True):
        MetricSnapshot.objects.create(as_of=datetime(2032, 1, 1, tzinfo=UTC), source="computed", focal_points=2468)
        membership.delete()
    response = client.get(HOME)
    assert {row["key"]: row["value"] for row in response.context["numbers"]}["focal_points"] == 2468
    assert membership.working_group_id not in {m.working_group.pk for m in response.context["my_groups"]}


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}})
def test_the_dashboard_is_served_while_the_cache_is_unreachable(client, people, figures, caplog):
    response = home(client, people.state)
    assert {row["key"]: row["value"] for row in response.context["numbers"]}["focal_points"] == 1234
    assert "the cache is unreachable" in caplog.text


# --- visits -------------------------------------------------------------------------------------


def test_a_page_view_counts_a_visit_and_the_api_does_not(client, people):
    today = timezone.localdate()
    client.force_login(people.state)
    client.get(HOME)
    client.get(HOME)
    client.get(reverse("api:organization-list"))
    client.get(HOME, headers={"HX-Request": "true"})  # a fragment of a page already counted
    client.force_login(people.entity)
    client.get(HOME)
    assert day_counts(today) == (3, 2)


def test_anonymous_and_failed_requests_are_not_visits(client, people):
    client.get(HOME)  # redirected to sign in
    client.force_login(people.state)
    client.get("/library/999999999/")
    assert day_counts(timezone.localdate()) == (0, 0)


def test_folding_sets_the_day_and_can_run_again(people):
    day = timezone.localdate()
    for _ in range(3):
        record_visit(people.state.pk, day)
    record_visit(people.entity.pk, day)
    fold_visits(day)
    fold_visits(day)
    total = DailyVisitTotal.objects.get(date=day)
    assert (total.visits, total.unique_visitors) == (4, 2)
    record_visit(people.state.pk, day)
    fold_visits(day)
    total.refresh_from_db()
    assert total.visits == 5
    assert fold_visits(day - timedelta(days=400)) is None

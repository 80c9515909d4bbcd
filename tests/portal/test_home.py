"""The home dashboard and the counting of visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platform_app.metrics.models import DailyVisitTotal, MetricSnapshot
from platform_app.metrics.visits import day_counts, fold_visits, record_visit
from platform_app.structure.models import WorkingGroupMembership
from tests import scenario as sc
from tests.factories import DocumentFactory, EventFactory

HOME = reverse("home")
NOWHERE = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def figures(reference):
    """Two readings on top of the published ones the reference data loads."""
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 1, 1, tzinfo=UTC), source="computed", focal_points=1234, documents=4321, entities=47
    )


def test_the_dashboard_shows_the_latest_figures_with_their_trend(client, people, figures):
    client.force_login(people.state)
    response = client.get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    numbers = {row["key"]: row for row in response.context["numbers"]}
    assert numbers["focal_points"]["value"] == 1234
    published = MetricSnapshot.objects.filter(source="published", focal_points__isnull=False).count()
    assert len(numbers["focal_points"]["series"]) == published + 1
    assert "<svg" in body and "<polyline" in body
    assert f'href="{reverse("directory:index")}?status=active"' in body  # a figure links to the list it counts


def test_the_dashboard_lists_only_what_the_user_may_see(client, people, world):
    now = timezone.now()
    for event in world.objects["events"].values():  # move the scenario's events to the future
        event.starts_at, event.ends_at = now + timedelta(days=3), now + timedelta(days=3, hours=2)
        event.save()
    for document in world.objects["documents"].values():
        document.published_on = now.date()
        document.save()
    for role, user in people.roles().items():
        if role not in sc.PLATFORM:
            continue
        client.force_login(user)
        body = client.get(HOME).content.decode()
        for resource in ("events", "documents"):
            for name, obj in world.objects[resource].items():
                shown = escape(obj.title) in body
                assert shown == (role in world.visible[resource][name]), (role, resource, name)


def test_a_member_state_sees_its_own_open_recommendations(client, people, world):
    kenya, norway = world.objects["recommendations"]["kenya"], world.objects["recommendations"]["norway_shared"]
    client.force_login(people.state)
    shown = list(client.get(HOME).context["open_recommendations"])
    assert shown == [kenya]
    client.force_login(people.other_state)
    assert list(client.get(HOME).context["open_recommendations"]) == [norway]
    client.force_login(people.entity)  # an entity has no "own" recommendations on its dashboard
    assert list(client.get(HOME).context["open_recommendations"]) == []


def test_the_dashboard_lists_my_working_groups(client, people):
    client.force_login(people.entity)
    groups = [m.working_group.short_name for m in client.get(HOME).context["my_groups"]]
    assert "BMLE" in groups


def test_the_dashboard_shows_events_under_way_then_those_to_come(client, people):
    now = timezone.now()
    ended = EventFactory(title="Ended", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=2))
    under_way = EventFactory(title="Under way", starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=1))
    to_come = [
        EventFactory(title=f"To come {i}", starts_at=now + timedelta(days=i), ends_at=now + timedelta(days=i, hours=2))
        for i in range(1, 8)
    ]
    client.force_login(people.secretariat)
    shown = [event.pk for event in client.get(HOME).context["upcoming"]]
    assert ended.pk not in shown
    assert shown[0] == under_way.pk and shown[1:] == [event.pk for event in to_come[:5]]


def test_an_account_linked_to_no_organization_is_told_whom_to_ask(client, people):
    client.force_login(people.outsider)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "contact the Secretariat" in response.content.decode()
    assert "Compact in numbers" not in response.content.decode()


# What the dashboard asks the database: the session, the person, and the events, documents and
# recommendations they may see; the figures and the organization's working groups come from the cache.
DASHBOARD_QUERIES = 5
# Without Redis (the README's default set-up) the visit is counted in the database instead
# (platform_app/metrics/visits.py): a savepoint, the read and the update of the day's row, and the release.
VISIT_IN_DATABASE_QUERIES = 4


def test_the_dashboard_queries_do_not_grow_with_the_data(client, people, figures, django_assert_max_num_queries):
    client.force_login(people.state)
    client.get(HOME)  # warm the per-process caches (content types, sessions) and the shared values
    bound = DASHBOARD_QUERIES + (0 if isinstance(caches["default"], RedisCache) else VISIT_IN_DATABASE_QUERIES)
    with django_assert_max_num_queries(bound) as few:
        client.get(HOME)
    for _ in range(20):
        DocumentFactory()
        EventFactory(starts_at=timezone.now() + timedelta(days=2), ends_at=timezone.now() + timedelta(days=2, hours=1))
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
    assert membership.working_group_id not in {m.working_group_id for m in response.context["my_groups"]}


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NOWHERE}})
def test_the_dashboard_is_served_while_the_cache_is_unreachable(client, people, figures, caplog):
    client.force_login(people.state)
    response = client.get(HOME)
    assert response.status_code == 200
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

"""`aggregate_metrics`: the figures equal the lists they link to, reruns replace, pages only read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.core.models import TaskFailure
from platform_app.cted.models import Recommendation
from platform_app.demo import seed_demo
from platform_app.demo.base import Plan
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.tasks import reconfirmation_round
from platform_app.library.models import Document
from platform_app.metrics.aggregation import FIGURE_LISTS, aggregate, breakdowns, figures, moment
from platform_app.metrics.models import DailyVisitTotal, MetricSnapshot
from platform_app.metrics.tasks import aggregate_metrics
from platform_app.projects.models import AppealProject
from tests.factories import FocalPointFactory, UserFactory


def _list_count(client, key: str) -> int:
    """The count the list a figure links to shows, read from the page's context."""
    name, query = FIGURE_LISTS[key]
    response = client.get(reverse(name), {k: v[0] for k, v in parse_qs(query).items()})
    assert response.status_code == 200, (key, response.status_code)
    context = response.context
    if name == "directory:organizations":
        return context["count"]
    if name == "cted:index":
        return context["recommendation_total" if key == "cted_recommendations" else "assessment_total"]
    return context["page"].paginator.count


# The small scale tests/test_seed_demo.py seeds, where every figure has rows to count; that scale 1 plans
# the real platform's figures (3,670 documents, 861 recommendations, 28 assessments) is tested there too.
DEMO_SCALE = 0.02


@pytest.fixture
def demo(reference):
    seed_demo(DEMO_SCALE, progress=False)


def test_after_seed_demo_each_figure_equals_the_secretariats_list(client, demo):
    from platform_app.accounts.models import User

    snapshot = aggregate().snapshot
    secretariat = User.objects.get(username="secretariat")
    client.force_login(secretariat)
    for key in FIGURE_LISTS:
        assert getattr(snapshot, key) == _list_count(client, key), key
    assert snapshot.visits == sum(DailyVisitTotal.objects.values_list("visits", flat=True))
    # The demo is built to its plan, whose scale 1 is the real platform's size (the published figures of
    # May-June 2025).
    plan = Plan.for_scale(DEMO_SCALE)
    assert (snapshot.documents, snapshot.cted_recommendations, snapshot.country_assessments) == (
        plan.documents,
        plan.recommendations,
        plan.assessments,
    )
    assert snapshot.entities == 46
    # Counting by hand what "nominated" means: a focal point in office, active account.
    states = {
        fp.organization_id
        for fp in FocalPoint.objects.filter(organization__kind="member_state").select_related("user")
        if fp.is_active and fp.user.is_active
    }
    assert snapshot.member_states == len(states) < Organization.objects.filter(kind="member_state").count()
    # The breakdowns add up to their figures.
    parts = snapshot.breakdowns
    for name in ("recommendations_by_status", "recommendations_by_region", "recommendations_by_thematic_area"):
        assert sum(row["count"] for row in parts[name]) == snapshot.cted_recommendations, name
    assert sum(row["count"] for row in parts["documents_by_type"]) == snapshot.documents
    assert sum(row["count"] for row in parts["documents_by_month"]) == snapshot.documents
    assert sum(row["count"] for row in parts["focal_points_by_kind"]) == snapshot.focal_points
    assert parts["appeal_funding"] and all(row["projects"] > 0 for row in parts["appeal_funding"])
    assert sum(int(float(r["requirement"])) for r in parts["appeal_funding"]) == int(
        sum(AppealProject.objects.values_list("requirement", flat=True))
    )
    assert parts["meetings_by_working_group"] and parts["events_by_month"] and parts["documents_by_theme"]


def test_a_figure_links_to_its_list_which_shows_each_reader_only_what_they_may_see(client, people, world):
    aggregate(datetime(2040, 1, 1, tzinfo=UTC))  # later than the scenario's own snapshot
    client.force_login(people.state)
    numbers = {row["key"]: row for row in client.get(reverse("home")).context["numbers"]}
    for key, (name, query) in FIGURE_LISTS.items():
        link = numbers[key]["link"]
        assert urlsplit(link).path == reverse(name) and urlsplit(link).query == query, key
    # Kenya's reader follows the recommendations figure: Kenya's own recommendations only.
    body = client.get(numbers["cted_recommendations"]["link"])
    assert body.context["recommendation_total"] == Recommendation.objects.visible_to(people.state).count()
    assert body.context["recommendation_total"] < Recommendation.objects.count()


def test_a_rerun_for_the_same_moment_replaces_the_snapshot(reference):
    when = datetime(2030, 5, 1, 10, 42, tzinfo=UTC)
    first = aggregate(when)
    assert first.created and first.snapshot.as_of == datetime(2030, 5, 1, 10, tzinfo=UTC)
    FocalPointFactory()
    second = aggregate(when + timedelta(minutes=10))
    assert not second.created and second.snapshot.pk == first.snapshot.pk
    assert second.snapshot.focal_points == first.snapshot.focal_points + 1
    assert MetricSnapshot.objects.filter(source="computed").count() == 1
    aggregate(when + timedelta(hours=1))
    assert MetricSnapshot.objects.filter(source="computed").count() == 2


def test_the_command_and_the_task_write_the_same_snapshot(reference, capsys):
    call_command("aggregate_metrics", "--as-of", "2030-06-01T09:30:00+00:00")
    assert "Wrote the snapshot of 2030-06-01 09:00" in capsys.readouterr().out
    # Without a broker the task runs in process; with one, .apply() still runs it here.
    result = aggregate_metrics.apply(args=["2030-06-01T09:59:00+00:00"]).get()
    assert result["as_of"].startswith("2030-06-01T09:00")
    assert MetricSnapshot.objects.filter(source="computed").count() == 1
    assert MetricSnapshot.objects.get(source="computed").documents == Document.objects.count()


def test_the_command_refuses_a_malformed_moment(reference):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("aggregate_metrics", "--as-of", "yesterday")
    assert not MetricSnapshot.objects.filter(source="computed").exists()


def test_a_task_that_fails_for_good_is_recorded_for_the_secretariat(reference):
    result = reconfirmation_round.apply(kwargs={"months": 0}, throw=False)
    assert result.failed()
    failure = TaskFailure.objects.get()
    assert failure.task_name == "platform_app.tasks.reconfirmation_round"
    assert "months must be at least 1" in failure.exception and failure.arguments["kwargs"] == {"months": 0}


def test_pages_and_the_api_read_the_snapshot_and_never_count(client, people, world):
    aggregate()
    counted_tables = ("platform_app_document", "platform_app_recommendation", "platform_app_focalpoint")
    client.force_login(people.secretariat)
    for path in (reverse("home"), "/api/v1/metrics/", "/api/v1/metrics/history/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counting = [
            q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and any(t in q["sql"] for t in counted_tables)
        ]
        assert not counting, (path, counting)
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200 and "Compact in numbers" in response.content.decode()
    assert not any("platform_app_document" in q["sql"] for q in queries)


def test_the_public_landing_page_shows_the_latest_figures_without_links(client, reference):
    snapshot = aggregate(datetime(2031, 1, 1, tzinfo=UTC)).snapshot
    MetricSnapshot.objects.filter(pk=snapshot.pk).update(focal_points=98765)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "98,765" in body and reverse("login") in body
    assert all(row["link"] is None for row in response.context["numbers"])


def test_the_history_marks_published_figures(client, people):
    aggregate(datetime(2031, 1, 1, tzinfo=UTC))
    client.force_login(people.state)
    rows = client.get("/api/v1/metrics/history/", {"page_size": 200}).json()["results"]
    sources = [row["source"] for row in rows]
    assert (
        sources[-1] == "computed"
        and sources.count("published") == MetricSnapshot.objects.filter(source="published").count()
    )
    latest = client.get("/api/v1/metrics/").json()
    assert latest["source"] == "computed" and latest["as_of"].startswith("2031-01-01")


def test_a_snapshot_stands_for_the_start_of_its_hour():
    assert moment(datetime(2030, 1, 1, 23, 59, 59, 999, tzinfo=UTC)) == datetime(2030, 1, 1, 23, tzinfo=UTC)


def test_figures_and_breakdowns_on_an_empty_platform(reference):
    values = figures()
    assert values["documents"] == values["focal_points"] == values["visits"] == 0
    assert values["entities"] == Organization.objects.filter(kind="entity", is_active=True).count()
    assert breakdowns()["documents_by_type"] == []


def test_a_deactivated_account_is_not_a_focal_point_in_office(reference):
    kept = FocalPointFactory()
    FocalPointFactory(user=UserFactory(is_active=False), organization=kept.organization)
    FocalPointFactory(is_active=False, organization=kept.organization)
    assert figures()["focal_points"] == 1


def test_the_default_schedules_are_rows_the_secretariat_edits(client, people):
    from django.urls import reverse as url
    from django_celery_beat.models import PeriodicTask

    from tests.background.test_worker import default_schedules

    default_schedules()
    default_schedules()  # written once: a second pass (or a schedule edited meanwhile) changes nothing
    tasks = dict(PeriodicTask.objects.values_list("task", "kwargs").order_by("task", "name"))
    assert set(tasks) >= {
        "platform_app.tasks.fold_visits",
        "platform_app.tasks.aggregate_metrics",
        "platform_app.tasks.send_digests",
        "platform_app.tasks.send_event_reminders",
        "platform_app.tasks.reconfirmation_round",
    }
    assert PeriodicTask.objects.filter(task="platform_app.tasks.send_digests").count() == 2
    fold = PeriodicTask.objects.get(task="platform_app.tasks.fold_visits")
    assert (fold.interval.every, fold.interval.period) == (5, "minutes")
    hourly = PeriodicTask.objects.get(task="platform_app.tasks.aggregate_metrics")
    assert (hourly.crontab.minute, hourly.crontab.hour) == ("5", "*")
    client.force_login(people.secretariat)
    response = client.get(url("admin:django_celery_beat_periodictask_change", args=[hourly.pk]))
    assert response.status_code == 200

"""Visits counted in Redis, in the database while Redis is away, and folded together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_app.metrics.models import DailyVisitor, DailyVisitTotal
from platform_app.metrics.visits import day_counts, fold_recent_visits, fold_visits, record_visit

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_down(settings):
    """The cache pointed at a port where nothing listens, as when Redis has stopped."""
    location = "redis://127.0.0.1:9/0"
    # Django rebuilds the cache handlers when the setting changes (and back after the test).
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}


def test_a_page_view_costs_no_database_write_while_redis_answers(client, people):
    client.force_login(people.state)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries if "dailyvisitor" in q["sql"].lower() or "dailyvisittotal" in q["sql"].lower()]
    assert day_counts(timezone.localdate())[0] == 2


def test_with_redis_down_pages_still_answer_and_visits_are_counted_in_the_database(client, people, redis_down):
    client.force_login(people.state)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("library:index")).status_code == 200
    row = DailyVisitor.objects.get(user=people.state, date=timezone.localdate())
    assert row.visits == 2


def test_the_fold_adds_the_database_counts_to_redis(people, settings):
    today = timezone.localdate()
    record_visit(people.state.pk, today)
    record_visit(people.state.pk, today)
    record_visit(people.entity.pk, today)
    # While Redis was away: one more view by a known visitor and one by a new one.
    DailyVisitor.objects.create(date=today, user=people.state, visits=1)
    DailyVisitor.objects.create(date=today, user=people.regional, visits=2)
    total = fold_visits(today)
    assert (total.visits, total.unique_visitors) == (6, 3)
    fold_visits(today)  # idempotent: the fold sets the day's figures
    assert DailyVisitTotal.objects.get(date=today).visits == 6


def test_fold_recent_visits_folds_yesterday_too_and_forgets_old_fallback_rows(people):
    today = timezone.localdate()
    record_visit(people.state.pk, today - timedelta(days=1))
    record_visit(people.state.pk, today)
    DailyVisitor.objects.create(date=today - timedelta(days=30), user=people.state, visits=4)
    folded = fold_recent_visits()
    assert {total.date for total in folded} == {today, today - timedelta(days=1)}
    assert not DailyVisitor.objects.filter(date=today - timedelta(days=30)).exists()

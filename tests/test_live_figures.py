"""Live figures without beat: `make run` computes the snapshot once at start-up when the newest computed one
is older than its schedule says (`aggregate_metrics --if-stale`), never on a page request."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from platform_app.metrics.freshness import TASK, is_stale
from platform_app.metrics.models import MetricSnapshot

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def computed(as_of: datetime, written: datetime) -> MetricSnapshot:
    snapshot = MetricSnapshot.objects.create(as_of=as_of, source="computed", entities=46)
    MetricSnapshot.objects.filter(pk=snapshot.pk).update(created_at=written)
    return snapshot


def at(hour: int, minute: int) -> datetime:
    return datetime(2031, 3, 4, hour, minute, tzinfo=UTC)


def test_the_default_schedule_is_the_hourly_one_the_readme_names():
    task = PeriodicTask.objects.get(task=TASK)
    assert task.enabled and task.crontab.minute == "5" and task.crontab.hour == "*"


def test_without_a_computed_snapshot_the_figures_are_stale(reference):
    assert MetricSnapshot.objects.filter(source="published").exists()  # published figures do not count
    assert is_stale(at(10, 0))


def test_a_snapshot_is_current_until_the_next_scheduled_run_falls_due():
    computed(as_of=at(10, 0), written=at(10, 5))  # beat's run of 10:05
    assert not is_stale(at(10, 30))
    assert not is_stale(at(11, 4))
    assert is_stale(at(11, 6))  # 11:05 came and went without a run
    assert is_stale(at(23, 0))


def test_a_snapshot_computed_by_hand_between_runs_counts_from_when_it_was_written():
    computed(as_of=at(10, 0), written=at(10, 40))
    assert not is_stale(at(10, 50))
    assert not is_stale(at(11, 4))
    assert is_stale(at(11, 6))


def test_without_an_enabled_schedule_a_snapshot_stays_current():
    computed(as_of=at(10, 0), written=at(10, 5))
    PeriodicTask.objects.filter(task=TASK).update(enabled=False)
    assert not is_stale(at(23, 0))


def test_the_command_computes_a_stale_snapshot_once(reference):
    out = StringIO()
    call_command("aggregate_metrics", if_stale=True, stdout=out)
    assert MetricSnapshot.objects.filter(source="computed").count() == 1
    assert "Wrote the snapshot" in out.getvalue()
    snapshot = MetricSnapshot.objects.get(source="computed")
    out = StringIO()
    call_command("aggregate_metrics", if_stale=True, stdout=out)
    assert "is current" in out.getvalue()
    assert list(MetricSnapshot.objects.filter(source="computed")) == [snapshot]
    assert MetricSnapshot.objects.get(source="computed").created_at == snapshot.created_at


def test_a_page_never_computes_the_figures(client, reference):
    client.get(reverse("home"))
    assert not MetricSnapshot.objects.filter(source="computed").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_brings_the_figures_up_to_date_before_serving():
    commands = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "manage.py aggregate_metrics --if-stale" in commands
    assert commands.index("aggregate_metrics --if-stale") < commands.index("runserver")
    assert commands.index("seed_demo") < commands.index("aggregate_metrics --if-stale")

"""Whether the newest computed snapshot is as recent as its schedule promises.

Beat computes the figures on the schedule the Secretariat keeps in the admin (the periodic task of
`aggregate_metrics`, hourly by default). Where no beat runs (`make run` on one machine), the newest snapshot
falls behind that schedule; `manage.py aggregate_metrics --if-stale`, which `make run` calls before serving,
computes it then, and only then. Nothing here runs on a page request or when a module is imported.
"""

from __future__ import annotations

import datetime as dt

from django_celery_beat.models import PeriodicTask

from platform_app.metrics.models import MetricSnapshot

TASK = "platform_app.tasks.aggregate_metrics"


def newest_computed() -> MetricSnapshot | None:
    return MetricSnapshot.objects.filter(source=MetricSnapshot.Source.COMPUTED).order_by("-as_of", "-pk").first()


def _schedule(now: dt.datetime):
    """The celery schedule of the enabled periodic task that computes the figures, reading the time as
    `now`; None when no such task is enabled."""
    task = PeriodicTask.objects.filter(task=TASK, enabled=True).order_by("pk").first()
    if task is None or task.scheduler is None:
        return None
    schedule = task.schedule
    schedule.nowfun = lambda: now
    return schedule


def is_stale(now: dt.datetime) -> bool:
    """Whether a scheduled run of the figures fell due since the newest computed snapshot was written.

    With no computed snapshot at all the figures are stale; with no enabled schedule, a snapshot that
    exists is as current as anyone asked for."""
    newest = newest_computed()
    if newest is None:
        return True
    schedule = _schedule(now)
    if schedule is None:
        return False
    # The moment the newest snapshot was last written: the schedule's last run, if it was beat's.
    written = max(newest.as_of, newest.created_at)
    due, _next = schedule.is_due(written)
    return bool(due)

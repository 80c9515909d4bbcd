"""Background work of the figures: the hourly snapshot and folding the visit counts."""

from __future__ import annotations

from celery import shared_task

from platform_app.core.tasks import PlatformTask, _moment


@shared_task(
    base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60, name="platform_app.tasks.aggregate_metrics"
)
def aggregate_metrics(as_of: str | None = None) -> dict:
    """Writes the "Compact in numbers" snapshot of `as_of` (ISO 8601; default: this hour)."""
    from platform_app.metrics.aggregation import aggregate, moment

    # The moment is fixed when the task is sent where possible, so a late or repeated run writes
    # the same snapshot; a scheduled run with no argument stands for the hour it runs in.
    result = aggregate(_moment(as_of) or moment())
    return {"snapshot": result.snapshot.pk, "as_of": result.snapshot.as_of.isoformat(), "seconds": result.seconds}


@shared_task(base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60, name="platform_app.tasks.fold_visits")
def fold_visits() -> list[str]:
    """Copies the visits counted in Redis (and the database fallback) into the daily totals."""
    from platform_app.metrics.visits import fold_recent_visits

    return [f"{total.date}: {total.visits}" for total in fold_recent_visits()]

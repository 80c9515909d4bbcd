"""Background work of operations: the weekly sweep of stored files no row names."""

from __future__ import annotations

import logging

from celery import shared_task

from platform_app.core.tasks import PlatformTask, single_run
from platform_app.ops import sweep

logger = logging.getLogger(__name__)


# Beyond it Celery ends the run, and the lock that keeps a second one out ends with it.
SWEEP_TIME_LIMIT = 30 * 60


@shared_task(
    base=PlatformTask,
    time_limit=SWEEP_TIME_LIMIT,
    soft_time_limit=SWEEP_TIME_LIMIT - 60,
    name="platform_app.tasks.sweep_stored_files",
)
def sweep_stored_files() -> dict:
    """Deletes the stored files no row names that are older than the grace period (platform_app.ops.sweep), one
    run at a time: a run that finds another under way does nothing."""
    with single_run("sweep_stored_files", SWEEP_TIME_LIMIT) as alone:
        if not alone:
            logger.info("A sweep of the stored files is already under way; this run does nothing")
            return {"skipped": True}
        return sweep.sweep_stored_files(delete=True).counts()

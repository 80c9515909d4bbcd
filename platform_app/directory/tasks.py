"""Background work of the directory: the reconfirmation round."""

from __future__ import annotations

from celery import shared_task

from platform_app.core.tasks import PlatformTask
from platform_app.directory import notifications


@shared_task(
    base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60, name="platform_app.tasks.reconfirmation_round"
)
def reconfirmation_round(months: int | None = None) -> dict:
    """Asks each organization's main focal point to reconfirm colleagues who have not signed in for `months`."""
    return notifications.reconfirmation_round(months)

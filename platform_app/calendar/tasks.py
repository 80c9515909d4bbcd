"""Background work of the calendar: reminders."""

from __future__ import annotations

from celery import shared_task

from platform_app.calendar import notifications
from platform_app.core.tasks import PlatformTask


@shared_task(
    base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60, name="platform_app.tasks.send_event_reminders"
)
def send_event_reminders(hours: int = 24) -> dict:
    """Reminds people of the events starting within `hours`, once per event and person."""
    return notifications.send_event_reminders(hours)

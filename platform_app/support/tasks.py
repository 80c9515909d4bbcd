"""Background work of requests for tailored support: the mails of each move."""

from __future__ import annotations

from celery import shared_task

from platform_app.core.tasks import PlatformTask
from platform_app.support import notifications


@shared_task(
    base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60, name="platform_app.tasks.notify_support_step"
)
def notify_support_step(step_id: int) -> dict:
    """Tells those concerned that a request for tailored support moved (filed, routed, offered, answered)."""
    return notifications.notify_support_step(step_id)

from __future__ import annotations

from celery import shared_task

from platform_app.core.tasks import PlatformTask


@shared_task(
    base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60, name="platform_app.tasks.notify_support_step"
)
def notify_support_step(step_id: int) -> dict:
    """Tells those concerned that a request for tailored support moved (filed, routed, offered, answered)."""
    from platform_app.support.notifications import notify_support_step as run

    return run(step_id)

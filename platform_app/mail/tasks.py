from __future__ import annotations

from celery import shared_task

from platform_app.core.tasks import PlatformTask
from platform_app.mail import notifications


@shared_task(
    base=PlatformTask, time_limit=10 * 60, soft_time_limit=9 * 60, name="platform_app.tasks.notify_working_group"
)
def notify_working_group(kind: str, object_id: int) -> dict:
    """Tells the members of a working group about a document, event or meeting added to it."""
    return notifications.notify_item(kind, object_id)


@shared_task(base=PlatformTask, time_limit=30 * 60, soft_time_limit=29 * 60, name="platform_app.tasks.send_digests")
def send_digests(frequency: str = "daily") -> dict:
    """Gathers the news waiting for people who chose a daily (or weekly) digest and sends one mail each."""
    return notifications.send_digests(frequency)


@shared_task(base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60, name="platform_app.tasks.send_delivery")
def send_delivery(delivery_id: int) -> str:
    """Sends one recorded mail (a resend from the admin, say), unless it has been sent already."""
    return notifications.send_recorded(delivery_id)

"""The newsletter's background work: sending a published issue to its subscribers."""

from celery import shared_task

from platform_app.core.tasks import PlatformTask

from .sending import send_issue


@shared_task(base=PlatformTask, time_limit=60 * 60, soft_time_limit=59 * 60)
def send_newsletter(issue_id: int) -> dict:
    """Sends the issue to every subscriber once; a rerun sends only what is still pending."""
    return send_issue(issue_id)

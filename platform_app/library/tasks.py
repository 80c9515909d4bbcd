"""Background work of the library: reading the text of a document version's file."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from platform_app.core.tasks import PlatformTask
from platform_app.library import texts


@shared_task(
    base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60, name="platform_app.tasks.extract_version_text"
)
def extract_version_text(version_id: int, again: bool = False) -> dict:
    """Reads and keeps the text of the version's file; nothing to do when it was read from the same file
    already (unless `again`). A storage that does not answer is retried (PlatformTask); every other fault of
    the file is recorded on its text, with the reason."""
    try:
        text = texts.extract_version(version_id, again=again)
    except SoftTimeLimitExceeded:
        text = texts.record_failure(version_id, "Reading took longer than the task's time limit.")
    return {"version": version_id, "status": text.status if text else "gone"}

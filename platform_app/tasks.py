"""Celery's task discovery imports this module: each domain keeps its tasks in its own `tasks.py`, named
`platform_app.tasks.<function>` so that the schedules stored by beat and tasks already queued keep working."""

from platform_app.calendar.tasks import send_event_reminders
from platform_app.directory.tasks import reconfirmation_round
from platform_app.library.tasks import extract_version_text
from platform_app.mail.tasks import notify_working_group, send_delivery, send_digests
from platform_app.metrics.tasks import aggregate_metrics, fold_visits
from platform_app.ops.tasks import sweep_stored_files
from platform_app.support.tasks import notify_support_step

__all__ = [
    "aggregate_metrics",
    "extract_version_text",
    "fold_visits",
    "notify_support_step",
    "notify_working_group",
    "reconfirmation_round",
    "send_delivery",
    "send_digests",
    "send_event_reminders",
    "sweep_stored_files",
]

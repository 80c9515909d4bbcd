"""The platform's background tasks, run by a Celery worker and scheduled by beat.

Every task is safe to run twice: it is acknowledged only once it has finished (acks_late) and
handed back to the broker if its worker dies (reject on worker lost), so a second run must find
the first one's work and not repeat it. Transient faults (the database, Redis or the mail server
not answering) are retried a bounded number of times with a growing delay; a task that still fails
is recorded as a TaskFailure, which the Secretariat sees in the admin.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import traceback

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, RedisError, smtplib.SMTPException, ConnectionError, TimeoutError)


class PlatformTask(Task):
    """Bounded retries with exponential backoff on transient faults; a final failure is recorded."""

    autoretry_for = TRANSIENT
    max_retries = settings.TASK_MAX_RETRIES
    retry_backoff = settings.TASK_RETRY_BACKOFF
    retry_backoff_max = settings.TASK_RETRY_BACKOFF_MAX
    retry_jitter = True
    acks_late = True
    reject_on_worker_lost = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from .models import TaskFailure

        try:
            TaskFailure.objects.create(
                task_name=self.name,
                task_id=task_id or "",
                arguments={"args": list(args or ()), "kwargs": dict(kwargs or {})},
                exception=f"{type(exc).__name__}: {exc}"[:2000],
                traceback=str(einfo) if einfo else "".join(traceback.format_exception(exc)),
                retries=self.request.retries or 0,
            )
        except DatabaseError:
            logger.exception("could not record the failure of %s %s", self.name, task_id)


def _moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 date and time: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)


@shared_task(base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60)
def aggregate_metrics(as_of: str | None = None) -> dict:
    """Writes the "Compact in numbers" snapshot of `as_of` (ISO 8601; default: this hour)."""
    from .metrics import aggregate, moment

    # The moment is fixed when the task is sent where possible, so a late or repeated run writes
    # the same snapshot; a scheduled run with no argument stands for the hour it runs in.
    result = aggregate(_moment(as_of) or moment())
    return {"snapshot": result.snapshot.pk, "as_of": result.snapshot.as_of.isoformat(), "seconds": result.seconds}


@shared_task(base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60)
def fold_visits() -> list[str]:
    """Copies the visits counted in Redis (and the database fallback) into the daily totals."""
    from .visits import fold_recent_visits

    return [f"{total.date}: {total.visits}" for total in fold_recent_visits()]


@shared_task(base=PlatformTask, time_limit=10 * 60, soft_time_limit=9 * 60)
def notify_working_group(kind: str, object_id: int) -> dict:
    """Tells the members of a working group about a document, event or meeting added to it."""
    from .notifications import notify_item

    return notify_item(kind, object_id)


@shared_task(base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60)
def notify_support_step(step_id: int) -> dict:
    """Tells those concerned that a request for tailored support moved (filed, routed, offered, answered)."""
    from .notifications import notify_support_step as run

    return run(step_id)


@shared_task(base=PlatformTask, time_limit=30 * 60, soft_time_limit=29 * 60)
def send_digests(frequency: str = "daily") -> dict:
    """Gathers the news waiting for people who chose a daily (or weekly) digest and sends one mail each."""
    from .notifications import send_digests as run

    return run(frequency)


@shared_task(base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60)
def send_event_reminders(hours: int = 24) -> dict:
    """Reminds people of the events starting within `hours`, once per event and person."""
    from .notifications import send_event_reminders as run

    return run(hours)


@shared_task(base=PlatformTask, time_limit=15 * 60, soft_time_limit=14 * 60)
def reconfirmation_round(months: int | None = None) -> dict:
    """Asks each organization's main focal point to reconfirm colleagues who have not signed in for `months`."""
    from .notifications import reconfirmation_round as run

    return run(months)


@shared_task(base=PlatformTask, time_limit=5 * 60, soft_time_limit=4 * 60)
def send_delivery(delivery_id: int) -> str:
    """Sends one recorded mail (a resend from the admin, say), unless it has been sent already."""
    from .notifications import send_recorded

    return send_recorded(delivery_id)

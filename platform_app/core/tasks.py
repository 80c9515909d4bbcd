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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from celery import Task, current_app
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from redis.exceptions import RedisError

from platform_app.core.caching import UNREACHABLE
from platform_app.core.models import TaskFailure

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


@contextmanager
def single_run(name: str, seconds: int) -> Iterator[bool]:
    """Whether this run of a task holds the lock `name`, kept in the cache (Redis, which every worker shares) for
    at most `seconds`, the task's time limit: a run that finds another holding it gets False and does nothing.
    The lock is released at the end only while it is still this run's. A cache that does not answer when the
    lock is taken raises its error, a transient fault the task is retried for."""
    key = f"compact:single-run:{name}"
    token = uuid.uuid4().hex
    if not cache.add(key, token, seconds):
        yield False
        return
    try:
        yield True
    finally:
        try:
            if cache.get(key) == token:
                cache.delete(key)
        except UNREACHABLE:
            logger.warning("could not release the lock %s; it ends by itself within %s seconds", key, seconds)


def queue_after_commit(task_name: str, *args) -> None:
    """Queues the task registered as `task_name` once the current transaction commits (at once outside one).

    A broker that does not answer then is logged, never a failed request: what was written stays written,
    and the work is left to what looks for it (the pending texts for extract_document_text, a newsletter's
    unsent deliveries for the next send)."""

    def enqueue():
        try:
            current_app.tasks[task_name].delay(*args)
        except Exception:
            logger.exception("could not queue %s%s", task_name, args)

    transaction.on_commit(enqueue)


def _moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 date and time: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)

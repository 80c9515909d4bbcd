"""Mails recorded before they are sent, so that each goes out at most once.

A row of an outbox is written first, as pending. A sender claims it by moving it from pending to
`sending` with one conditional UPDATE (only one sender can win it), sends it, and marks it `sent`
once the mail server has accepted it. A server that refuses the mail or cannot be reached puts it
back to pending (or `failed` after MAX_ATTEMPTS). A row left in `sending` by a worker that died may
or may not have been accepted: `release_interrupted` makes it `unconfirmed`, never sent again on
its own. The platform's mails (EmailDelivery) and the newsletter's copies (newsletters.Delivery)
are both such outboxes.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


# A row claimed for sending this long ago without an answer was interrupted (the SMTP timeout is far shorter).
STALE_CLAIM = dt.timedelta(minutes=15)


# A row that failed this many times is left failed; the Secretariat may send it again from the admin.
MAX_ATTEMPTS = 5


INTERRUPTED = "The worker stopped while sending; the mail server may have accepted it. Not resent automatically."


class OutboxRecord(models.Model):
    """Where one mail stands on its way out: its status, how often it was tried, and when."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        UNCONFIRMED = "unconfirmed", _("Interrupted while sending: may have been delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: the person opted out")

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


Status = OutboxRecord.Status

# What a claim changes on a row, read back once it is won.
CLAIMED_FIELDS = ["status", "attempts", "error", "claimed_at", "sent_at"]

Row = TypeVar("Row", bound=OutboxRecord)


def release_interrupted(queryset: QuerySet) -> int:
    """Marks the rows of `queryset` left claimed by a worker that died as unconfirmed: they may have
    gone out, so they are not sent again on their own."""
    return queryset.filter(status=Status.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM).update(
        status=Status.UNCONFIRMED, error=INTERRUPTED
    )


def _claim(row: OutboxRecord) -> bool:
    """Moves `row` from pending to sending, unless another sender did first."""
    claimed = (
        type(row)
        ._default_manager.filter(pk=row.pk, status=Status.PENDING)
        .update(status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )
    if claimed:
        row.refresh_from_db(fields=CLAIMED_FIELDS)
    return bool(claimed)


def send_each(
    rows: Iterable[Row],
    message: Callable[[Row, object], EmailMessage],
    skip: Callable[[Row], bool],
) -> dict[str, int]:
    """Sends each pending row of `rows` once, over one connection opened at the first mail.

    `skip(row)` says, at the moment of sending, that the row is no longer wanted: it is marked skipped.
    `message(row, connection)` builds the mail of a claimed row. Returns how many rows ended in each
    status (rows that were not pending are counted under theirs, rows claimed by another sender under
    "elsewhere"). A mail server fault puts the row back to pending (failed after MAX_ATTEMPTS) and is
    raised, for the caller to retry the rest later.
    """
    counts: dict[str, int] = defaultdict(int)
    connection = None
    try:
        for row in rows:
            if row.status != Status.PENDING:
                counts[row.status] += 1
                continue
            outbox = type(row)._default_manager
            if skip(row):
                outbox.filter(pk=row.pk, status=Status.PENDING).update(status=Status.SKIPPED)
                counts[Status.SKIPPED] += 1
                continue
            if not _claim(row):  # sent or claimed meanwhile by another run
                counts["elsewhere"] += 1
                continue
            try:
                if connection is None:
                    connection = get_connection()
                    connection.open()
                message(row, connection).send()
            except (smtplib.SMTPException, OSError) as exc:
                # The server refused or could not be reached: it did not accept the mail.
                status = Status.FAILED if row.attempts >= MAX_ATTEMPTS else Status.PENDING
                outbox.filter(pk=row.pk).update(status=status, error=str(exc)[:2000])
                raise
            outbox.filter(pk=row.pk).update(status=Status.SENT, sent_at=timezone.now(), error="")
            counts[Status.SENT] += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except (smtplib.SMTPException, OSError):
                logger.warning("closing the mail connection failed", exc_info=True)
    return dict(counts)

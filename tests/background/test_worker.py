"""The background work on a real Celery worker process and the Redis broker, with mail to a real SMTP
server on loopback: killed workers, redelivered tasks, retries, and mails sent exactly once."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from platform_app.accounts.models import User
from platform_app.core.models import TaskFailure
from platform_app.directory.models import Organization
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.tasks import send_delivery, send_digests
from platform_app.metrics.aggregation import figures
from platform_app.metrics.models import DailyVisitTotal, MetricSnapshot
from platform_app.metrics.tasks import aggregate_metrics
from tests.background.conftest import ROOT, kill_at_mail, wait_until
from tests.factories import DocumentFactory, FocalPointFactory, reference_group

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MOMENT = datetime(2031, 3, 1, 12, tzinfo=UTC)


def _conninfo() -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
    )


def _waiting_on_a_lock() -> list[int]:
    """Backends of this test database blocked on a lock (the worker, behind the test's table lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("kill", ["pool process", "whole worker"])
def test_aggregation_killed_mid_way_is_redelivered_and_writes_one_right_snapshot(reference, celery_workers, kill):
    for _ in range(3):
        FocalPointFactory()
    worker = celery_workers.start()
    with psycopg.connect(_conninfo()) as blocker:
        # The aggregation reads its counts, then blocks writing the snapshot: killed there, it has
        # done all its work but the last step.
        blocker.execute("LOCK TABLE platform_app_metricsnapshot IN EXCLUSIVE MODE")
        aggregate_metrics.delay(MOMENT.isoformat())
        first = wait_until(_waiting_on_a_lock, message="the aggregation reaching the snapshot")
        delivered_by = time.monotonic()
        if kill == "pool process":
            # The pool process dies; the worker hands the task back (reject on worker lost).
            (child,) = worker.pool_processes()
            os.kill(child, signal.SIGKILL)
            survivor = worker
        else:
            # The whole worker dies without acknowledging: the broker redelivers to the next one.
            for pid in [*worker.pool_processes(), worker.pid]:
                os.kill(pid, signal.SIGKILL)
            worker.process.wait(timeout=10)
            # A starting worker hands back unacknowledged tasks older than the visibility timeout: a
            # short one, and a task old enough, so that this happens within the test.
            time.sleep(max(0.0, delivered_by + 6 - time.monotonic()))
            survivor = celery_workers.start(CELERY_VISIBILITY_TIMEOUT="5")
        with connection.cursor() as cursor:  # the dead process's session ends with it
            cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [first])
        second = wait_until(
            lambda: [pid for pid in _waiting_on_a_lock() if pid not in first],
            timeout=90,
            message="the redelivered aggregation reaching the snapshot",
        )
        assert second and not set(second) & set(first)
        blocker.rollback()  # releases the lock
    wait_until(lambda: MetricSnapshot.objects.filter(as_of=MOMENT).exists(), message="the snapshot")
    snapshots = MetricSnapshot.objects.filter(as_of=MOMENT)
    assert snapshots.count() == 1
    expected = figures()
    assert {key: getattr(snapshots.get(), key) for key in expected} == expected
    if kill == "pool process":
        assert "WorkerLostError" in survivor.output() or "signal 9" in survivor.output()


def test_a_worker_news_mail_and_a_digest_reach_each_member_once(reference, celery_workers, smtp_server):
    group = reference_group("BMLE")
    members = [m.organization for m in group.memberships.select_related("organization")[:3]]
    at_once = [FocalPointFactory(organization=org, user__notification_frequency="immediate").user for org in members]
    daily = [FocalPointFactory(organization=org, user__notification_frequency="daily").user for org in members]
    never = FocalPointFactory(organization=members[0], user__notification_frequency="never").user
    elsewhere = Organization.objects.exclude(memberships__working_group=group).order_by("pk").first()
    outsider = FocalPointFactory(organization=elsewhere, user__notification_frequency="immediate").user
    celery_workers.start()

    document = DocumentFactory(working_group=group, visibility="working_group", organization=members[0])
    smtp_server.wait_for(len(at_once))
    for user in at_once:
        (mail,) = smtp_server.to(user.email)
        assert document.title in mail.subject and f"/library/{document.pk}/" in mail.text()
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/unsubscribe/" in mail.message["List-Unsubscribe"]
    for user in [*daily, never, outsider]:
        assert smtp_server.to(user.email) == []
    notified = set(Notification.objects.filter(object_id=document.pk).values_list("user_id", flat=True))
    # The notification centre tells every member, the one who chose no mail too; nobody outside the group.
    assert {u.pk for u in [*at_once, *daily, never]} <= notified and outsider.pk not in notified

    send_digests.delay("daily")
    smtp_server.wait_for(len(at_once) + len(daily))
    for user in daily:
        (mail,) = smtp_server.to(user.email)
        assert document.title in mail.text() and "digest" in mail.subject.lower()
    # A second digest run in the same day finds nothing new: nobody gets a second copy.
    send_digests.delay("daily")
    wait_until(lambda: not _queued(), message="the queue to empty")
    wait_until(lambda: not EmailDelivery.objects.exclude(status="sent").exists(), message="every mail sent")
    assert len(smtp_server.mails) == len(at_once) + len(daily)


def default_schedules():
    """Writes the default schedules as the migration does (a transactional test empties the tables)."""
    import importlib

    from django.apps import apps

    importlib.import_module("platform_app.migrations.0007_default_schedules").create(apps, None)


def _queued() -> int:
    from compact.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(app.conf.task_default_queue)


def test_a_digest_interrupted_by_a_killed_worker_sends_nobody_a_second_copy(reference, celery_workers, smtp_server):
    group = reference_group("PCVE")
    organization = group.memberships.first().organization
    readers = [
        FocalPointFactory(organization=organization, user__notification_frequency="daily").user for _ in range(5)
    ]
    for _ in range(2):
        document = DocumentFactory(working_group=group, visibility="platform", organization=organization)
        for reader in readers:
            Notification.objects.create(
                user=reader,
                kind="document",
                object_id=document.pk,
                working_group=group,
                title=document.title,
                path="/",
                awaits_digest=True,
            )
    worker = celery_workers.start()
    killed = kill_at_mail(smtp_server, worker, 2)
    send_digests.delay("daily")
    smtp_server.wait_for(len(readers), timeout=90)
    wait_until(lambda: not _queued(), message="the queue to empty")
    wait_until(
        lambda: EmailDelivery.objects.filter(status="sent").count() == len(readers) - 1, message="the other mails sent"
    )
    assert killed
    for reader in readers:
        assert len(smtp_server.to(reader.email)) == 1, reader.email
    interrupted = EmailDelivery.objects.get(status="sending")
    assert interrupted.address == killed[0]
    # Left claimed: after the claim's time, the next run records it as unconfirmed, never resends it.
    EmailDelivery.objects.filter(pk=interrupted.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    send_digests.delay("daily")
    wait_until(
        lambda: EmailDelivery.objects.filter(status="unconfirmed").exists(), message="the interrupted mail marked"
    )
    assert len(smtp_server.mails) == len(readers)


def test_a_mail_server_that_stays_down_is_retried_a_bounded_number_of_times_then_recorded(
    reference, celery_workers, smtp_server
):
    reader = FocalPointFactory(user__notification_frequency="immediate").user
    delivery = EmailDelivery.objects.create(
        key="test:retries", kind="activity", recipient=reader, address=reader.email, subject="Hello", body_text="Hi"
    )
    celery_workers.start(
        EMAIL_URL="smtp://127.0.0.1:9", TASK_MAX_RETRIES="2", TASK_RETRY_BACKOFF="1", TASK_RETRY_BACKOFF_MAX="1"
    )
    send_delivery.delay(delivery.pk)
    failure = wait_until(lambda: TaskFailure.objects.first(), timeout=90, message="the failure recorded")
    assert failure.task_name == "platform_app.tasks.send_delivery" and failure.retries == 2
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.status == "pending" and delivery.error
    assert smtp_server.mails == []


def test_beat_schedules_the_visit_fold_from_the_database(reference, celery_workers, tmp_path):
    """The default schedules are rows the Secretariat edits; beat reads them and the worker runs them."""
    import subprocess
    import sys

    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from platform_app.metrics.visits import record_visit

    default_schedules()  # a transactional test starts from an emptied database
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "platform_app.tasks.fold_visits",
        "platform_app.tasks.aggregate_metrics",
        "platform_app.tasks.send_digests",
        "platform_app.tasks.send_event_reminders",
        "platform_app.tasks.reconfirmation_round",
    } <= names
    fold = PeriodicTask.objects.get(task="platform_app.tasks.fold_visits")
    fold.interval = IntervalSchedule.objects.create(every=1, period="seconds")
    fold.save()
    PeriodicTask.objects.exclude(pk=fold.pk).update(enabled=False)
    user = User.objects.create(username="visitor")
    record_visit(user.pk)
    record_visit(user.pk)
    celery_workers.start()
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "compact", "beat", "--loglevel=INFO", "-s", str(tmp_path / "beat")],
        cwd=ROOT,
        env=celery_workers.env,
        stdout=(tmp_path / "beat.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        total = wait_until(
            lambda: DailyVisitTotal.objects.filter(date=timezone.localdate()).first(),
            timeout=60,
            message="the fold scheduled by beat",
        )
    finally:
        beat.terminate()
        beat.wait(timeout=30)
    assert (total.visits, total.unique_visitors) == (2, 1)

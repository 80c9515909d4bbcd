"""Sending an issue of Counter-Terrorism Compact in Review: each subscriber once, to a real SMTP server,
also when the worker is killed in the middle and the task is delivered again."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client

from newsletters.models import Delivery, NewsletterIssue, NewsletterItem, NewsletterSection, Subscription
from newsletters.sending import send_issue
from newsletters.tasks import send_newsletter
from tests.background.conftest import kill_at_mail, wait_until
from tests.factories import NewsletterIssueFactory, UserFactory


def published_issue() -> NewsletterIssue:
    issue = NewsletterIssueFactory(
        title="Counter-Terrorism Compact in Review, September-October 2030",
        slug="2030-09-10",
        period_start=date(2030, 9, 1),
        published=True,
        published_at=datetime(2030, 11, 2, tzinfo=UTC),
        contact="Write to the Compact Coordination Unit.",
    )
    section = NewsletterSection.objects.create(issue=issue, kind="high_level_events")
    NewsletterItem.objects.create(section=section, text="A summit on borders", date_text="4 September")
    issue.figures.create(key="focal_points", label="Total focal points", value=1050)
    return issue


def subscribers(count: int) -> list[Subscription]:
    return [Subscription.objects.create(email=f"reader{n}@example.org") for n in range(count)]


def test_each_subscriber_gets_one_copy_and_unsubscribes_hold(reference, smtp_server):
    issue = published_issue()
    readers = subscribers(4)
    gone = Subscription.objects.create(email="gone@example.org", is_active=False)
    left_account = Subscription.objects.create(email="left@example.org", user=UserFactory(is_active=False))
    counts = send_issue(issue.pk)
    assert counts["sent"] == 4
    for reader in readers:
        (mail,) = smtp_server.to(reader.email)
        assert mail.subject == issue.title
        assert "A summit on borders" in mail.text() and "1,050" in mail.html()
        assert reader.unsubscribe_token in mail.message["List-Unsubscribe"]
        assert reader.unsubscribe_token in mail.html() and "__UNSUBSCRIBE_URL__" not in mail.html()
    assert not smtp_server.to(gone.email) and not smtp_server.to(left_account.email)
    assert send_issue(issue.pk)["sent"] == 4  # a second run sends nobody a second copy
    assert len(smtp_server.mails) == 4
    # Unsubscribing with the link of the mail (one click, no session, no CSRF token).
    link = smtp_server.to(readers[0].email)[0].message["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).post(f"/{path}").status_code == 200
    readers[0].refresh_from_db()
    assert readers[0].is_active is False


@pytest.mark.django_db(transaction=True)
def test_an_unsubscribe_before_its_turn_is_honoured_at_send_time(reference, smtp_server):
    issue = published_issue()
    first, second = subscribers(2)

    def unsubscribe_the_second(mail):
        # While the first copy is being sent, the second reader unsubscribes (another connection).
        def unsubscribe():
            Subscription.objects.filter(pk=second.pk).update(is_active=False)
            connection.close()

        thread = threading.Thread(target=unsubscribe)
        thread.start()
        thread.join()

    smtp_server.on_data = unsubscribe_the_second
    send_issue(issue.pk)
    assert smtp_server.to(first.email) and not smtp_server.to(second.email)
    assert Delivery.objects.get(subscription=second).status == "skipped"


def test_a_draft_is_never_sent(reference, smtp_server):
    issue = published_issue()
    NewsletterIssue.objects.filter(pk=issue.pk).update(status="draft", published_at=None)
    subscribers(1)
    with pytest.raises(ValueError, match="not published"):
        send_issue(issue.pk)
    assert smtp_server.mails == []


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_send_interrupted_by_a_killed_worker_resumes_without_a_second_copy(reference, celery_workers, smtp_server):
    issue = published_issue()
    readers = subscribers(6)
    worker = celery_workers.start()
    killed = kill_at_mail(smtp_server, worker, 3)
    send_newsletter.delay(issue.pk)
    smtp_server.wait_for(len(readers), timeout=90)
    wait_until(
        lambda: Delivery.objects.filter(issue=issue, status="sent").count() == len(readers) - 1,
        message="the other copies sent",
    )
    assert killed
    for reader in readers:
        assert len(smtp_server.to(reader.email)) == 1, reader.email
    assert Delivery.objects.get(issue=issue, status="sending").subscription.email == killed[0]

"""The notification centre (/notifications/) and the bell of every page header: a person's own
notifications, newest first, marked read one by one, all at once or by following them; nobody else's;
the titles of what the person may no longer open withheld; the unread count in the header."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_app.mail.models import Notification
from platform_app.mail.services import record_notices
from platform_app.support.services import request_route
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("notifications:index")
OPEN_LINK = re.compile(r'href="/notifications/(\d+)/open/"')
BELL = re.compile(r'<a class="bell" href="/notifications/" aria-label="([^"]+)"')


def committed():
    """Runs what waits for the transaction's commit (the bell's count is dropped then) when the block ends,
    as the commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _notify(user, document, *, minutes_ago: int = 0) -> Notification:
    """A notification of `document` for `user`, as the news of a working group writes it."""
    with committed():
        _record_news(user, document)
    notice = Notification.objects.get(user=user, kind="document", object_id=document.pk)
    if minutes_ago:
        Notification.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return notice


def _record_news(user, document) -> None:
    record_notices(
        [user],
        kind="document",
        object_id=document.pk,
        title=document.title,
        path=reverse("library:document", args=[document.pk]),
        working_group_id=reference_group("PCVE").pk,
    )


def _listed(client, query: str = "") -> list[int]:
    response = client.get(INDEX + query)
    assert response.status_code == 200
    return [int(pk) for pk in OPEN_LINK.findall(response.content.decode())]


def _bell(client, url: str = INDEX) -> str:
    (label,) = BELL.findall(client.get(url).content.decode())
    return label


def test_the_centre_lists_the_persons_own_notifications_newest_first_in_pages(client, people):
    documents = [DocumentFactory(title=f"Briefing number {i}") for i in range(27)]
    mine = [_notify(people.state, document, minutes_ago=100 - i) for i, document in enumerate(documents)]
    others = _notify(people.other_state, DocumentFactory(title="Norway's own news"))
    client.force_login(people.state)
    newest_first = [notice.pk for notice in reversed(mine)]
    assert _listed(client) == newest_first[:25]
    assert _listed(client, "?page=2") == newest_first[25:]
    body = client.get(INDEX).content.decode()
    assert "Briefing number 26" in body and "Norway's own news" not in body and others.pk not in _listed(client)
    assert "New document in the PCVE working group" in body
    assert body.count(">Unread</span>") == 25  # said in words, not by colour alone
    assert 'aria-label="Pages"' in body  # the site's pager


def test_mark_one_as_read_then_all(client, people):
    first, second, third = (_notify(people.state, DocumentFactory(), minutes_ago=i) for i in (3, 2, 1))
    client.force_login(people.state)
    read_url = reverse("notifications:read", args=[first.pk])
    assert client.get(read_url).status_code == 405
    response = client.post(read_url, {"next": f"{INDEX}?unread=1"})
    assert response.status_code == 302 and response["Location"] == f"{INDEX}?unread=1"
    first.refresh_from_db()
    assert first.read_at is not None
    assert _listed(client, "?unread=1") == [third.pk, second.pk]
    assert _listed(client) == [third.pk, second.pk, first.pk]  # a read one stays in the list

    # Back only to the centre: any other address sent as `next` is ignored.
    response = client.post(reverse("notifications:read_all"), {"next": "https://example.org/"})
    assert response.status_code == 302 and response["Location"] == INDEX
    assert "2 notifications marked as read." in client.get(INDEX).content.decode()
    assert not Notification.objects.filter(user=people.state, read_at__isnull=True).exists()
    assert _listed(client, "?unread=1") == []


def test_following_a_notification_marks_it_read_and_goes_to_its_object(client, people):
    document = DocumentFactory()
    notice = _notify(people.state, document)
    client.force_login(people.state)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("library:document", args=[document.pk])
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_another_persons_notification_does_not_exist_for_anyone_else(client, people):
    notice = _notify(people.other_state, DocumentFactory())
    for user in (people.state, people.secretariat, people.outsider):
        client.force_login(user)
        assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
        assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
        client.post(reverse("notifications:read_all"))
        assert notice.pk not in _listed(client)
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_title_of_what_the_person_may_no_longer_open_is_withheld(client, people):
    document = DocumentFactory(title="Confidential border assessment", visibility="platform")
    notice = _notify(people.state, document)
    document.visibility = "restricted"
    document.save()
    document.allowed_organizations.set([reference_org("UNODC")])
    client.force_login(people.state)
    body = client.get(INDEX).content.decode()
    assert "Confidential border assessment" not in body
    assert "New document in the PCVE working group" in body and _listed(client) == [notice.pk]
    # The link still goes to the document's page, which answers as it would to anyone who may not see it.
    response = client.get(reverse("notifications:open", args=[notice.pk]), follow=True)
    assert response.status_code == 404


def test_the_unread_filter(client, people):
    read, unread = _notify(people.state, DocumentFactory(), minutes_ago=5), _notify(people.state, DocumentFactory())
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(people.state)
    assert _listed(client, "?unread=1") == [unread.pk]
    assert _listed(client) == [unread.pk, read.pk]
    Notification.objects.filter(pk=unread.pk).update(read_at=timezone.now())
    assert "You have no unread notification." in client.get(INDEX + "?unread=1").content.decode()


def test_the_bell_says_how_many_are_unread_and_follows_every_change(client, people):
    client.force_login(people.state)
    support = reverse("support:index")
    assert _bell(client, support) == "Notifications, 0 unread"
    notices = [_notify(people.state, DocumentFactory()) for _ in range(3)]
    assert _bell(client, support) == "Notifications, 3 unread"
    assert '<span class="bell-count">3</span>' in client.get(support).content.decode()
    with committed():
        client.get(reverse("notifications:open", args=[notices[0].pk]))
    assert _bell(client, support) == "Notifications, 2 unread"
    with committed():
        client.post(reverse("notifications:read", args=[notices[1].pk]))
    assert _bell(client, support) == "Notifications, 1 unread"
    with committed():
        client.post(reverse("notifications:read_all"))
    assert _bell(client, support) == "Notifications, 0 unread"
    assert 'class="bell-count"' not in client.get(support).content.decode()
    # Another person's news does not ring this bell.
    _notify(people.other_state, DocumentFactory())
    assert _bell(client, support) == "Notifications, 0 unread"


def test_the_bell_stops_counting_at_99(client, people):
    group = reference_group("PCVE").pk
    Notification.objects.bulk_create(
        Notification(user=people.state, kind="document", object_id=i, working_group_id=group, title="x", path="/")
        for i in range(1, 121)
    )
    client.force_login(people.state)
    assert _bell(client) == "Notifications, 99+ unread"
    assert '<span class="bell-count">99+</span>' in client.get(INDEX).content.decode()


def test_the_bell_costs_no_query_once_counted(client, people):
    _notify(people.state, DocumentFactory())
    client.force_login(people.state)
    support = reverse("support:index")
    client.get(support)
    with CaptureQueriesContext(connection) as queries:
        assert _bell(client, support) == "Notifications, 1 unread"
    assert not [q for q in queries if Notification._meta.db_table in q["sql"]]


def _mixed(user, count: int) -> None:
    """`count` notifications of each kind of object the centre checks: documents, events, support requests."""
    for _ in range(count):
        _notify(user, DocumentFactory())
        event = EventFactory()
        record_notices(
            [user], kind="reminder", object_id=event.pk, title=event.title, path=f"/calendar/events/{event.pk}/"
        )
        request = SupportRequestFactory()
        record_notices(
            [user], kind="support", object_id=request.pk, occasion="step:1", action="filed", title="R", path="/"
        )


def _queries(client) -> int:
    client.get(INDEX)  # the day's first visit and the bell's count are written once; measure a later page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_the_centre_asks_as_many_queries_for_3_notifications_as_for_24(client, people):
    client.force_login(people.state)
    _mixed(people.state, 1)
    few = _queries(client)
    _mixed(people.state, 7)
    assert _queries(client) == few
    assert len(_listed(client)) == 24


def test_a_request_the_secretariat_routes_to_unodc_is_waiting_in_unodcs_centre(
    client, people, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    colleague = FocalPointFactory(organization=reference_org("UNODC"), user__notification_frequency="never").user
    request = SupportRequestFactory(title="Forensic laboratory mentoring")
    with django_capture_on_commit_callbacks(execute=True):
        request_route(user=people.secretariat, request=request, organizations=[reference_org("UNODC")])
    detail = reverse("support:request", args=[request.pk])
    for focal_point in (people.entity, colleague):  # who chose no mail too
        notice = Notification.objects.get(user=focal_point, kind="support", object_id=request.pk)
        assert notice.read_at is None and notice.path == detail and notice.action == "routed"
        client.force_login(focal_point)
        assert _bell(client) == "Notifications, 1 unread"
        body = client.get(INDEX).content.decode()
        assert "A request for tailored support was routed to you" in body and request.title in body
        response = client.get(reverse("notifications:open", args=[notice.pk]))
        assert response["Location"] == detail and client.get(detail).status_code == 200
    # Nobody outside the request's audience hears of it.
    assert not Notification.objects.filter(user__in=[people.other_state, people.regional], object_id=request.pk)

"""Reminders of events about to start, to those they concern who may see them: in the notification centre
for all of them, by mail for those who asked for reminders."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_app.calendar.models import Event
from platform_app.mail.items import register_notice_kind
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.notifications import (
    Kind,
    Status,
    _record,
    _who_may_open,
    absolute,
    release_interrupted,
    send_pending,
)
from platform_app.mail.services import carried_by, record_notices
from platform_app.structure.models import WorkingGroupMembership

# --- event reminders ----------------------------------------------------------------------------


def event_audience(event: Event):
    """People the event concerns who may open it: its working group's members and its organizers'
    focal points, of whom the event's visibility rule keeps those it shows the event to."""
    concerned = Q(focal_point__organization_id__in=event.organizers.values("pk"))
    if event.working_group_id:
        members = WorkingGroupMembership.objects.filter(working_group_id=event.working_group_id)
        concerned |= Q(focal_point__organization_id__in=members.values("organization_id"))
    return _who_may_open(event, get_user_model().objects.filter(concerned, focal_point__is_active=True).distinct())


def send_event_reminders(hours: int = 24) -> dict:
    """For each event starting within `hours`, once per person it concerns: a notification, and a mail to
    those who asked for reminders."""
    release_interrupted()
    now = timezone.now()
    events = Event.objects.filter(starts_at__gte=now, starts_at__lt=now + dt.timedelta(hours=hours)).order_by(
        "starts_at", "pk"
    )
    keys = []
    for event in events:
        path = reverse("calendar:event", args=[event.pk])
        people = list(event_audience(event).order_by("pk"))
        happening = {"kind": Notification.Kind.REMINDER, "object_id": event.pk}
        record_notices(people, title=event.title, path=path, working_group_id=event.working_group_id, **happening)
        deliveries = {}
        for person in people:
            if not (person.email and person.event_reminders):
                continue
            key = f"reminder:event:{event.pk}:u{person.pk}"
            keys.append(key)
            deliveries[person.pk] = _record(
                key, Kind.REMINDER, person, "reminder", {"event": event, "url": absolute(path)}
            )
        carried_by(deliveries, **happening)
    counts = send_pending(EmailDelivery.objects.filter(key__in=keys, status=Status.PENDING).order_by("pk"))
    return {"events": len(events), **counts}


def _headline(notice) -> str:
    return _("Reminder of an upcoming event")


register_notice_kind(Notification.Kind.REMINDER, Event, _headline)

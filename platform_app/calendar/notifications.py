"""Reminders of events about to start, to those who may see them and asked for reminders."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from platform_app.calendar.models import Event
from platform_app.mail.models import EmailDelivery
from platform_app.mail.notifications import (
    Kind,
    Status,
    _record,
    _who_may_open,
    absolute,
    release_interrupted,
    send_pending,
)
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
    release_interrupted()
    now = timezone.now()
    events = Event.objects.filter(starts_at__gte=now, starts_at__lt=now + dt.timedelta(hours=hours)).order_by(
        "starts_at", "pk"
    )
    keys = []
    for event in events:
        for person in event_audience(event).filter(event_reminders=True).order_by("pk"):
            key = f"reminder:event:{event.pk}:u{person.pk}"
            keys.append(key)
            _record(
                key,
                Kind.REMINDER,
                person,
                "reminder",
                {"event": event, "url": absolute(reverse("calendar:event", args=[event.pk]))},
            )
    counts = send_pending(EmailDelivery.objects.filter(key__in=keys, status=Status.PENDING).order_by("pk"))
    return {"events": len(events), **counts}

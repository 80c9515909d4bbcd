"""An invitation to a working group's space runs through the day it ends, by the platform's calendar:
every rule and page that asks whether it is still running counts the same day, whatever the reader's
time zone and whatever the server's clock says the local date is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_app.structure.models import WorkingGroupGuest
from tests.factories import MeetingFactory, WorkingGroupGuestFactory, reference_group, reference_org
from workinggroups.models import Meeting

pytestmark = pytest.mark.django_db

# The last day of the invitation, in UTC (the platform's time zone); late in the evening, when it is
# already the next day in Kiritimati (UTC+14).
LAST_DAY = dt.date(2026, 6, 1)
EVENING = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def invited(people, monkeypatch):
    """Kenya invited to BMLE's space until LAST_DAY; it is the evening of that day; readers live in
    Kiritimati, where it is already the day after."""
    monkeypatch.setattr(timezone, "now", lambda: EVENING)
    group = reference_group("BMLE")
    guest = WorkingGroupGuestFactory(working_group=group, organization=reference_org("KE"), expires_on=LAST_DAY)
    for user in (people.state, people.secretariat):
        user.time_zone = "Pacific/Kiritimati"
        user.save(update_fields=["time_zone"])
    return guest


def test_the_invitation_still_runs_on_its_last_day(invited):
    assert list(WorkingGroupGuest.objects.current()) == [invited]


def test_the_invited_state_reads_the_space_on_the_last_day(invited, people):
    meeting = MeetingFactory(working_group=invited.working_group)
    assert Meeting.objects.visible_to(people.state).filter(pk=meeting.pk).exists()


def test_the_group_page_lists_the_guest_on_the_last_day(invited, people, client):
    client.force_login(people.secretariat)
    response = client.get(reverse("workinggroups:detail", args=["bmle"]))
    assert response.status_code == 200
    assert invited in list(response.context["guests"])


def test_the_states_page_lists_the_invitation_on_the_last_day(invited, people, client):
    client.force_login(people.state)
    response = client.get(reverse("countries:profile", args=["KEN"]))
    assert response.status_code == 200
    assert invited in list(response.context["invitations"])

"""The joint calendar with the working groups' meetings, in Chromium: the month grid and the list show a
meeting Kenya's focal point may read, its page offers the .ics file, a busy day of the grid links to the
rest of its entries, every page fits its width and axe-core finds no serious or critical violation; each
page is captured at desktop and phone widths."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from platform_app.accounts.models import User
from platform_app.structure.models import WorkingGroupGuest
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, fit_problems, screenshot
from tests.factories import EventFactory, MeetingFactory, reference_group, reference_org
from workinggroups.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The busy day's events: more than a day of the grid names (calendar.views.DAY_SHOWN).
BUSY = 7


@pytest.fixture
def demo(reference):
    """The demo, with Kenya invited to BMLE's space, a BMLE meeting in three days, an all-day event, and a
    busy day five days on."""
    call_command("seed_demo", scale="0.02", quiet=True)
    bmle = reference_group("BMLE")
    WorkingGroupGuest.objects.get_or_create(working_group=bmle, organization=reference_org("KE"))
    start = datetime.combine(timezone.now().date() + timedelta(days=3), time(13), tzinfo=UTC)
    MeetingFactory(
        working_group=bmle,
        title="Twenty-first meeting of the Border Management and Law Enforcement working group",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Vienna International Centre",
    )
    day = start.date() + timedelta(days=1)
    zone = ZoneInfo("America/New_York")
    EventFactory(
        title="Regional consultation on border security",
        all_day=True,
        time_zone="America/New_York",
        starts_at=datetime.combine(day, time.min, tzinfo=zone),
        ends_at=datetime.combine(day + timedelta(days=2), time.min, tzinfo=zone),
    )
    busy = datetime.combine(start.date() + timedelta(days=5), time(8), tzinfo=UTC)
    for n in range(BUSY):
        EventFactory(
            title=f"Expert briefing on terrorist financing risks, session {n + 1}",
            starts_at=busy + timedelta(hours=n),
            ends_at=busy + timedelta(hours=n, minutes=45),
        )


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_meetings_on_the_calendar_pages(live_server, demo, browser, width):
    kenya = User.objects.get(username="kenya.focal")
    meeting = (
        Meeting.objects.visible_to(kenya)
        .filter(ends_at__gte=timezone.now())
        .select_related("working_group")
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None, "the demo gives Kenya no meeting to come"
    group = meeting.working_group.short_name
    month = f"{timezone.localtime(meeting.starts_at, timezone.get_default_timezone()):%Y-%m}"
    meeting_path = f"/working-groups/{group}/meetings/{meeting.pk}/"
    base = live_server.url
    found: dict[str, list] = {}
    problems: list[str] = []

    page = browser().new_context(viewport=DESKTOP if width == "desktop" else PHONE).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or email").fill("kenya.focal")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    pages = {
        "calendar-month-meetings": f"/calendar/?month={month}",
        "calendar-list-meetings": "/calendar/list/?kind=working_group_meeting",
        "meeting": meeting_path,
        "home-times": "/",
    }
    for name, address in pages.items():
        response = page.goto(f"{base}{address}")
        assert response.status == 200, f"{name}: {address} answered {response.status}"
        if name.startswith("calendar"):
            assert page.locator(f'a[href="{meeting_path}"]').count(), name
        if name == "meeting":
            assert page.locator(f'a[href="/working-groups/{group}/meetings/{meeting.pk}.ics"]').count() == 1
        problems += fit_problems(page, f"{name} {width}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        screenshot(page, f"{name}-{width}")
    # The busy day names its first entries and links to the list of that day, which has them all.
    busy = timezone.localtime(meeting.starts_at, timezone.get_default_timezone()).date() + timedelta(days=5)
    page.goto(f"{base}/calendar/?month={busy:%Y-%m}")
    more = page.locator(".month li.more a")
    assert more.count() == 1 and more.first.is_visible()
    more.first.scroll_into_view_if_needed()
    screenshot(page, f"calendar-month-busy-day-{width}")
    more.first.click()
    page.wait_for_url("**/calendar/list/**")
    assert page.get_by_text("Expert briefing on terrorist financing risks, session").count() == BUSY
    problems += fit_problems(page, f"busy day's list {width}")
    assert not problems, "\n".join(problems)
    assert not found, "axe-core found serious or critical violations:\n" + describe(found)

"""The notification centre and the header's bell in Chromium: a UNODC focal point finds the request the
Secretariat routed to UNODC behind the bell, at a desktop and a phone width, left to right in English and
right to left in Arabic; no page wider than the window, no word broken, axe-core finds no serious or
critical WCAG 2.1 A/AA violation; and the bell's count follows what is read."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from platform_app.mail.models import Notification
from platform_app.mail.services import record_notices
from platform_app.support.services import request_route
from tests.e2e.conftest import CULPRITS, DESKTOP, PHONE, axe_violations, describe, measure, screenshot, sign_in
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    SupportRequestFactory,
    UserFactory,
    reference_group,
    reference_org,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Forensic laboratory mentoring for the national police and the prosecution services"


@pytest.fixture
def unodc_focal_point(reference, tasks_in_process):
    """A UNODC focal point with a request routed to UNODC by the Secretariat, news of a working group (one
    read already) and a reminder; the password is the demo accounts'."""
    person = FocalPointFactory(organization=reference_org("UNODC"), user__username="unodc.bell").user
    person.set_password(settings.DEMO_PASSWORD)
    person.save()
    secretariat = UserFactory(is_staff=True, is_superuser=True)
    # Committed (a transactional test): the routing's notifications are written as in production.
    request_route(user=secretariat, request=SupportRequestFactory(title=TITLE), organizations=[reference_org("UNODC")])
    group = reference_group("CJLR-CFT")
    for title in ("Compendium of good practices on countering the financing of terrorism", "Annual report"):
        document = DocumentFactory(title=title, working_group=group)
        path = reverse("library:document", args=[document.pk])
        record_notices(
            [person], kind="document", object_id=document.pk, title=title, path=path, working_group_id=group.pk
        )
    event = EventFactory(title="Regional workshop on border security")
    record_notices(
        [person], kind="reminder", object_id=event.pk, title=event.title, path=f"/calendar/events/{event.pk}/"
    )
    Notification.objects.filter(user=person, title="Annual report").update(read_at=timezone.now())
    return person


def test_the_bell_leads_to_the_routed_request_at_every_width_and_in_arabic(live_server, browser, unodc_focal_point):
    base = live_server.url
    assert Notification.objects.filter(user=unodc_focal_point, kind="support", read_at__isnull=True).exists()
    chromium = browser()
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, "unodc.bell")

    bell = page.get_by_role("link", name="Notifications, 3 unread")
    assert bell.is_visible()
    bell.click()
    page.wait_for_url(f"{base}/notifications/")

    problems: dict[str, object] = {}
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        page.goto(f"{base}/notifications/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE), ("320", {"width": 320, "height": 800})):
            page.set_viewport_size(viewport)
            found = measure(page)
            where = f"{language} {viewport['width']}px"
            if found["width"] > found["window"]:
                problems[f"{where} wider than the window"] = page.evaluate(CULPRITS)
            if found["broken"]:
                problems[f"{where} broken mid-word"] = found["broken"]
            if name != "320":
                violations = axe_violations(page)
                if violations:
                    problems[f"{where} axe"] = violations
                screenshot(page, f"notifications{'-ar' if language == 'ar' else ''}-{name}")
    assert not problems, describe(problems)

    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/notifications/?unread=1")
    assert page.locator(".notice").count() == 3
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{base}/support/*/")
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert page.get_by_role("link", name="Notifications, 2 unread").is_visible()
    page.goto(f"{base}/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_url(f"{base}/notifications/")
    assert page.get_by_role("link", name="Notifications, 0 unread").is_visible()
    assert page.locator(".notice-unread").count() == 0
    screenshot(page, "notifications-all-read-phone")
    context.close()

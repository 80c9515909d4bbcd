"""A request for tailored support, end to end in Chromium, by the four people it passes through.

kenya.focal files a request citing one of Kenya's CTED recommendations; the Secretariat (signing in with
its second factor) finds it in its home page's queue and routes it to UNODC; unodc.focal hears of it in its
notification centre and its queue, and makes an offer; kenya.focal finds the offer in its queue and accepts
it. norway.focal never reaches any of it: not the page, not the list, not a search.
"""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings

from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from tests.e2e.conftest import axe_violations, code, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]

TITLE = "Forensic laboratory mentoring for the national police"


def signed_in(browser, base: str, login: str, *, second_factor: bool = False):
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if second_factor:
        page.wait_for_url("**/accounts/two-factor/**")
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code from your authenticator app").fill(code(secret, time.time()))
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{base}/")
    return page


def unread_in(bell) -> int:
    """The unread count the header's bell gives in its accessible name ("Notifications, 3 unread")."""
    return int(re.search(r"([0-9]+)", bell.get_attribute("aria-label")).group(1))


def queue_before_figures(page, part: str) -> bool:
    """The queue's part is on the page and comes before the Compact's figures, if the page shows them."""
    return page.evaluate(
        """(part) => {
          const mine = document.getElementById(part);
          const figures = document.querySelector("#numbers, .numbers, [data-figures]");
          return !!mine && (!figures || !!(mine.compareDocumentPosition(figures) & Node.DOCUMENT_POSITION_FOLLOWING));
        }""",
        part,
    )


def status_of(page) -> str:
    return page.locator("#request-status").inner_text().strip()


def test_a_request_goes_from_kenya_through_the_secretariat_and_unodc_and_back(live_server, demo, browser):
    recommendation = Recommendation.objects.filter(assessment__member_state__iso_alpha2="KE").order_by("pk").first()
    assert recommendation is not None, "the demo data gives Kenya CTED recommendations"
    unodc_name = Organization.objects.get(acronym="UNODC").display_name
    base = live_server.url
    chromium = browser()

    kenya = signed_in(chromium, base, "kenya.focal")
    kenya.get_by_role("navigation", name="Main").get_by_role("link", name="Support requests").click()
    kenya.get_by_role("link", name="Request support").click()
    kenya.get_by_label("Title").fill(TITLE)
    kenya.get_by_label("What is needed").fill("Mentoring of twelve analysts in DNA and ballistics, over a year.")
    kenya.get_by_label("Thematic area").select_option(index=1)
    kenya.get_by_label("Pillar of the Global Strategy").select_option(index=2)
    kenya.get_by_label("Urgency").select_option("priority")
    # Long lists are searchable pickers over a list box, which still holds what the form sends.
    kenya.locator("select#id_recommendations").select_option(str(recommendation.pk))
    kenya.get_by_role("button", name="File the request").click()
    kenya.wait_for_url(re.compile(r".*/support/[0-9]+/$"))
    request_url = kenya.url
    assert kenya.get_by_role("heading", name=TITLE).is_visible()
    assert status_of(kenya) == "Submitted"
    assert kenya.get_by_role("link", name=f"Recommendation {recommendation.number}").is_visible()
    assert axe_violations(kenya) == [], describe(axe_violations(kenya))

    # The Secretariat finds the new request in its queue, before any figure of the home page.
    secretariat = signed_in(chromium, base, "secretariat", second_factor=True)
    to_route = secretariat.locator("#requests_to_route")
    assert queue_before_figures(secretariat, "requests_to_route")
    to_route.get_by_role("link", name=TITLE).click()
    secretariat.wait_for_url(request_url)
    secretariat.locator("select#route-organizations").select_option(label=unodc_name)
    secretariat.get_by_role("button", name="Route the request").click()
    secretariat.wait_for_url(request_url)
    assert status_of(secretariat) == "Routed"
    assert "UNODC" in secretariat.locator("#routing-heading + ul").inner_text()

    # UNODC hears of it in its notification centre (the bell counts it) and finds it in its queue.
    unodc = signed_in(chromium, base, "unodc.focal")
    assert unodc.locator("#requests_to_offer").get_by_role("link", name=TITLE).is_visible()
    assert queue_before_figures(unodc, "requests_to_offer")
    bell = unodc.locator(".site-header a.bell")
    unread_before = unread_in(bell)
    assert unread_before >= 1
    bell.click()
    unodc.wait_for_url(f"{base}/notifications/")
    notice = unodc.locator("li.notice-unread", has_text=TITLE)
    assert notice.count() == 1 and "routed" in notice.inner_text().lower()
    assert axe_violations(unodc) == [], describe(axe_violations(unodc))
    screenshot(unodc, "support-unodc-notifications")
    notice.get_by_role("link", name=TITLE).click()
    unodc.wait_for_url(request_url)
    assert unread_in(unodc.locator(".site-header a.bell")) == unread_before - 1  # following it read it
    unodc.get_by_label("What your organization can provide").fill("Two forensic mentors for twelve months.")
    unodc.get_by_role("button", name="Send the offer").click()
    unodc.wait_for_url(request_url)
    assert status_of(unodc) == "Offers received"
    assert axe_violations(unodc) == [], describe(axe_violations(unodc))

    # Kenya finds the offer in its queue and in its notifications, and answers it.
    kenya.goto(f"{base}/")
    assert queue_before_figures(kenya, "offers_to_answer")
    kenya.goto(f"{base}/notifications/?unread=1")
    assert kenya.locator("li.notice-unread", has_text=TITLE).count() >= 1
    kenya.goto(f"{base}/")
    kenya.locator("#offers_to_answer").get_by_role("link", name=TITLE).click()
    kenya.wait_for_url(re.compile(re.escape(request_url) + r"#offer-[0-9]+$"))
    assert "Two forensic mentors" in kenya.locator("#offers-heading ~ article").first.inner_text()
    kenya.get_by_role("button", name="Accept the offer").click()
    kenya.wait_for_url(request_url)
    assert status_of(kenya) == "Offer accepted"
    history = kenya.locator(".thread").inner_text()
    for action in ("Filed", "Routed", "Offer made", "Offer accepted"):
        assert action in history
    screenshot(kenya, "support-request-accepted")

    norway = signed_in(chromium, base, "norway.focal")
    assert norway.goto(request_url).status == 404
    norway.goto(f"{base}/support/?q=forensic")
    assert TITLE not in norway.locator("main").inner_text()
    norway.goto(f"{base}/support/")
    assert TITLE not in norway.locator("main").inner_text()
    offer_page = norway.goto(request_url.replace("/support/", "/support/offers/") + "decide/")
    assert offer_page.status in (404, 405)

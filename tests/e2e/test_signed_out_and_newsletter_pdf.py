"""In Chromium: signing out lands on a page that says so, in the language the person read the site in,
with the way back in; the newsletter's pages link to each issue's PDF. Both accessible (axe-core) and
within the window on a phone, left to right and right to left."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings

from platform_app.accounts.models import User
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, screenshot
from tests.factories import NewsletterIssueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-enough-password-2026"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signing_out_says_so_and_leads_back_in(live_server, browser, language):
    User.objects.create_user("amina.focal", "amina.focal@example.org", PASSWORD, first_name="Amina")
    base = live_server.url
    chromium = browser()
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = chromium.new_context(viewport=viewport)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.locator("#id_username").fill("amina.focal")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base}/")
        page.locator(".account-nav form button[type=submit]").click()
        page.wait_for_url(f"{base}/accounts/signed-out/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".account-nav").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        violations = axe_violations(page)
        assert not violations, describe(violations)
        screenshot(page, f"signed-out{'-ar' if language == 'ar' else ''}-{size}")
        page.locator("main a.button").click()
        page.wait_for_url(f"{base}/accounts/login/")
        context.close()


def test_the_newsletter_pages_link_to_the_pdf(live_server, browser):
    NewsletterIssueFactory(
        title="Counter-Terrorism Compact in Review, July-August 2031",
        slug="2031-07-08",
        period_start=date(2031, 7, 1),
        published=True,
        is_public=True,
    )
    base = live_server.url
    page = browser().new_context(viewport=PHONE).new_page()
    for address, name in (("/newsletters/", "newsletter-archive"), ("/newsletters/2031-07-08/", "newsletter-issue")):
        page.goto(f"{base}{address}")
        link = page.locator('main a[type="application/pdf"]')
        assert link.count() == 1 and link.get_attribute("href") == "/newsletters/2031-07-08/pdf/"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        violations = axe_violations(page)
        assert not violations, describe(violations)
        screenshot(page, f"{name}-pdf-link-phone")
    response = page.request.get(f"{base}/newsletters/2031-07-08/pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

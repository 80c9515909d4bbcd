"""The second-factor page in Chromium: no navigation but a way out, the attempts left after a wrong
code, a right code taken right after it, and the pause after too many wrong codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_app.accounts.models import User
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, screenshot
from tests.factories import code_for, wrong_code_for

pytestmark = [pytest.mark.browser, pytest.mark.real_second_factor, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-enough-password-2026"


def staff_with_phone(username: str) -> TOTPDevice:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True, first_name="Dana")
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def sign_in(browser, base: str, username: str, viewport: dict):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base}/accounts/login/?next=/admin/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    return page


def test_the_page_counts_attempts_takes_a_right_code_at_once_and_says_when_a_pause_ends(live_server, browser):
    devices = {size: staff_with_phone(f"dana.{size}") for size in ("desktop", "phone")}
    for size in devices:
        paused = staff_with_phone(f"paused.{size}")
        paused.throttling_failure_count = 5
        paused.throttling_failure_timestamp = timezone.now() - timedelta(minutes=3)
        paused.save()
    chromium = browser()

    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        device = devices[size]
        page = sign_in(chromium, live_server.url, f"dana.{size}", viewport)
        assert page.locator(".main-nav").count() == 0
        assert page.get_by_role("button", name="Sign out").is_visible()
        page.get_by_label("Code from your authenticator app").fill(wrong_code_for(device))
        page.get_by_role("button", name="Confirm").click()
        # Said beside the field, and in the form's summary of errors, which links to the field.
        assert page.locator("p.error").get_by_text("Wrong code; 4 attempts left.", exact=True).is_visible()
        summary = page.get_by_role("link", name="Code from your authenticator app: Wrong code; 4 attempts left.")
        assert summary.get_attribute("href") == "#id_code"
        screenshot(page, f"second-factor-wrong-code-{size}")
        assert not axe_violations(page), describe(axe_violations(page))
        page.get_by_label("Code from your authenticator app").fill(code_for(device))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(f"{live_server.url}/admin/")

        page = sign_in(chromium, live_server.url, f"paused.{size}", viewport)
        assert re.search(
            r"Too many wrong codes\. You can try again in 1[12]\xa0minutes, at \d\d:\d\d\.",
            page.get_by_role("alert").inner_text(),
        )
        screenshot(page, f"second-factor-paused-{size}")
        assert not axe_violations(page), describe(axe_violations(page))
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/accounts/signed-out/")
        assert page.get_by_role("status").inner_text() == "You have signed out."

"""A real browser (Debian's chromium, driven by Playwright) signs in and reaches the admin."""

import os
import time

import pytest

from platform_app.accounts.models import User
from platform_app.accounts.roles import ensure_role_groups
from platform_app.core.viewer import SECRETARIAT
from platform_app.directory.models import FocalPoint, Organization
from tests.e2e.conftest import CHROMIUM, browser, code  # noqa: F401  (browser: the fixture)

PASSWORD = "a-long-enough-password-2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed (CI installs it)"),
]


@pytest.fixture
def open_browser(browser):  # noqa: F811  (the fixture imported above)
    """Opens a page of a Chromium started when called, so that a test prepares its data first."""
    return lambda: browser().new_page()


@pytest.mark.django_db(transaction=True)
def test_focal_point_signs_in_with_email_and_out_again(live_server, reference, open_browser):
    user = User.objects.create_user("norway.person", "norway.person@example.org", PASSWORD, first_name="Ingrid")
    FocalPoint.objects.create(user=user, organization=Organization.objects.get(iso_alpha2="NO"))
    page = open_browser()
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Compact in numbers").is_visible()  # the public landing page
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Username or email").fill("Norway.Person@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ingrid"
    assert "Norway" in page.content()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/signed-out/")
    assert page.get_by_role("status").inner_text() == "You have signed out."
    page.get_by_role("link", name="Sign in again").click()
    page.wait_for_url("**/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_secretariat_reaches_the_admin(live_server, reference, open_browser):
    user = User.objects.create_user("sec.person", "sec.person@example.org", PASSWORD, is_staff=True)
    user.groups.add(ensure_role_groups()[SECRETARIAT])
    page = open_browser()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "sec.person")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # Staff confirm a code from an authenticator app; the first time, they set one up.
    page.wait_for_url("**/accounts/two-factor/**")
    page.fill("#id_code", code(page.locator("#totp-secret").inner_text(), time.time()))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Working groups").first.is_visible()
    page.goto(f"{live_server.url}/admin/platform_app/workinggroup/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 8
    assert "BMLE" in page.locator("#result_list").inner_text()

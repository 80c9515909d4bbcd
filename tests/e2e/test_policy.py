"""In Chromium: the Content-Security-Policy blocks nothing the platform itself uses, and a member of
the Secretariat sets up the second factor and reaches the admin only after it."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from platform_app.core.models import AuditEvent
from platform_app.library.models import Document
from tests.e2e.conftest import code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_policy(page) -> list[str]:
    """Collects what the browser refuses under the Content-Security-Policy."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_the_secretariat_signs_in_with_a_second_factor_and_no_page_breaks_the_policy(live_server, demo, browser):
    document = Document.objects.order_by("pk").first()
    base = live_server.url
    page = browser().new_page()
    refused = watch_policy(page)

    page.goto(f"{base}/accounts/login/?next=/admin/")
    page.get_by_label("Username or email").fill("secretariat")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.get_by_role("heading", name="Second factor").is_visible()
    assert page.locator(".qr svg").count() == 1
    secret = page.locator("#totp-secret").inner_text()
    # What an authenticator app shows after scanning the code.
    page.get_by_label("Code from your authenticator app").fill(code(secret, time.time()))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{base}/admin/")

    for address in (
        "/admin/",
        "/admin/platform_app/document/",
        f"/admin/platform_app/document/{document.pk}/change/",
        "/admin/platform_app/auditevent/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/newsletters/newsletterissue/",
        "/library/",
        "/working-groups/BMLE/",
        "/calendar/",
        "/api/v1/organizations/",
    ):
        response = page.goto(f"{base}{address}")
        assert response.status == 200, address
    # The interactive API documentation renders its operations under the policy.
    page.goto(f"{base}/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 20
    # The library's filters refresh the list in place (htmx) under the policy.
    page.goto(f"{base}/library/?q=border")
    page.wait_for_load_state("networkidle")

    assert not refused, "The Content-Security-Policy refused:\n" + "\n".join(refused)
    # The sign-in is in the audit log the Secretariat searches (read in the page: Django refuses
    # database calls while Playwright's loop runs in this thread).
    page.goto(f"{base}/admin/platform_app/auditevent/?kind__exact={AuditEvent.Kind.SIGN_IN}&q=secretariat")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 1
    assert "secretariat" in rows.first.inner_text()

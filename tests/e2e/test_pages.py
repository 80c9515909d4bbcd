"""The main pages in Chromium: axe-core finds no serious or critical WCAG 2.1 A/AA violation, in
English and right-to-left in Arabic, and each page is captured at desktop and phone widths."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from platform_app.accounts.models import User
from platform_app.calendar.models import Event
from platform_app.cted.models import CountryAssessment
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from platform_app.projects.models import Project
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(reference):
    call_command("seed_demo", scale="0.02", quiet=True)
    call_command("load_newsletter_archive")


def main_pages(user: User) -> dict[str, str]:
    """Name → address of the pages a Member State's focal point uses most, with real objects."""
    kenya = Organization.objects.get(kind=Organization.Kind.MEMBER_STATE, iso_alpha2="KE")
    document = Document.objects.visible_to(user).order_by("-published_on", "pk").first()
    event = Event.objects.visible_to(user).order_by("starts_at", "pk").first()
    project = Project.objects.visible_to(user).order_by("pk").first()
    assessment = CountryAssessment.objects.visible_to(user).filter(member_state=kenya).earliest("pk")
    return {
        "home": "/",
        "directory": "/directory/",
        "organization": f"/directory/organizations/{kenya.pk}/",
        "organizations": "/directory/organizations/?kind=member_state&nominated=1",
        "library": "/library/",
        "library-search": "/library/?q=border",
        "document": f"/library/{document.pk}/",
        "upload": "/library/upload/",
        "calendar-month": "/calendar/",
        "calendar-list": "/calendar/list/",
        "event": f"/calendar/events/{event.pk}/",
        "working-groups": "/working-groups/",
        "working-group": "/working-groups/BMLE/",
        "projects": "/projects/",
        "project": f"/projects/{project.pk}/",
        "appeal": "/projects/appeal/",
        "cted": "/cted/",
        "cted-country": "/cted/countries/KEN/",
        "assessment": f"/cted/assessments/{assessment.pk}/",
        "countries": "/countries/",
        "country": "/countries/KEN/",
        "profile": "/accounts/profile/",
        "newsletters": "/newsletters/",
        "newsletter": "/newsletters/2025-05-06/",
    }


WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


# One test per width, so that the two halves run side by side.
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_main_pages_are_accessible_in_english_and_arabic(live_server, demo, browser, width):
    kenya = User.objects.get(username="kenya.focal")
    pages = main_pages(kenya)
    base = live_server.url
    found: dict[str, list] = {}

    page = browser().new_context(viewport=WIDTHS[width]).new_page()
    response = page.goto(f"{base}/")  # the public landing page, before signing in
    assert response.status == 200 and page.get_by_role("link", name="Sign in").count()
    check_accessibility(page, "landing", width, found)
    response = page.goto(f"{base}/accounts/login/")
    assert response.status == 200
    check_accessibility(page, "login", width, found)
    page.get_by_label("Username or email").fill("kenya.focal")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    for name, address in pages.items():
        response = page.goto(f"{base}{address}")
        assert response.status == 200, f"{name}: {address} answered {response.status}"
        assert page.locator("html").get_attribute("dir") == "ltr"
        check_accessibility(page, name, width, found)

    # The language switch in the footer turns the interface to Arabic, right to left.
    page.goto(f"{base}/")
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    for name in ("home", "library", "working-group", "cted-country", "country"):
        page.goto(f"{base}{pages[name]}")
        assert page.locator("html").get_attribute("dir") == "rtl", name
        check_accessibility(page, f"{name}-ar", width, found)

    assert not found, "axe-core found serious or critical violations:\n" + describe(found)

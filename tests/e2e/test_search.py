"""The site search in Chromium: a Member State's focal point searches from the box in the page header and
finds records of several kinds, each result marked with its kind; the page of results and one kind's page
hold within the window at desktop and phone widths, in English and right to left in Arabic, and axe-core
finds no serious or critical violation. Screenshots: search-*.png."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# A word of the demo's titles and texts across most kinds of records.
WORD = "terrorism"


def _fits(page, name: str) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name} is {width[0]} px wide in a {width[1]} px window"


def _check(page, name: str, width: str, found: dict) -> None:
    _fits(page, f"{name} ({width})")
    check_accessibility(page, name, width, found)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_searching_from_the_header_in_english_and_arabic(live_server, demo, browser, width):
    base = live_server.url
    found: dict[str, list] = {}
    page = browser().new_context(viewport=WIDTHS[width]).new_page()
    page.goto(f"{base}/accounts/login/?next=/library/")
    page.get_by_label("Username or email").fill("kenya.focal")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/library/")

    box = page.get_by_role("search", name="Site search").get_by_role("searchbox", name="Search the platform")
    box.fill(WORD)
    box.press("Enter")
    page.wait_for_url(f"{base}/search/?q={WORD}")
    kinds = page.locator("li.search-hit").evaluate_all("(hits) => hits.map((hit) => hit.dataset.kind)")
    assert len(set(kinds)) >= 5, kinds
    assert all(kinds)
    _check(page, "search", width, found)

    page.locator("#results-document").get_by_role("link", name="All").first.click()
    page.wait_for_url(f"{base}/search/?q={WORD}&kind=document")
    assert set(page.locator("li.search-hit").evaluate_all("(hits) => hits.map((hit) => hit.dataset.kind)")) == {
        "document"
    }
    _check(page, "search-documents", width, found)

    page.goto(f"{base}/search/?q=a")
    assert page.get_by_text("Type a word of at least two letters.").is_visible()
    _check(page, "search-too-short", width, found)

    if width == "phone":
        page.set_viewport_size({"width": 320, "height": PHONE["height"]})
        page.goto(f"{base}/search/?q={WORD}")
        _fits(page, "search (320 px)")
        page.set_viewport_size(PHONE)

    page.get_by_label("Language").select_option("ar")
    page.locator(".language-switch button").click()
    page.wait_for_function("document.documentElement.lang === 'ar'")
    page.goto(f"{base}/search/?q={WORD}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("li.search-hit").count()
    _check(page, "search-ar", width, found)
    page.goto(f"{base}/search/?q={WORD}&kind=document")
    _check(page, "search-documents-ar", width, found)

    assert not found, "axe-core found serious or critical violations:\n" + describe(found)

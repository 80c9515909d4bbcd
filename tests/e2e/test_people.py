"""A person's page and the pager of a long directory, in Chromium: at 1366 and 390 px (and 320 px, the
narrowest phone), in English and right to left in Arabic, no page is wider than the window, no word is
broken in two, and axe-core finds no serious or critical violation; the "Go to page" form keeps the search,
with JavaScript and without. Screenshots: people-*.png."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from platform_app.directory.models import FocalPoint
from platform_app.structure.models import Language, ThematicArea
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, measure, screenshot, sign_in
from tests.factories import FocalPointFactory, UserFactory, reference_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": DESKTOP["width"], "phone": PHONE["width"], "narrow": 320}
HEIGHT = PHONE["height"]
# Kenya's people made for the pager: with the demo's, more than twelve pages of 25.
PAGED = 300
PAGED_TITLE = "Border liaison officer"

# The words of the main part of the page. Addresses and numbers, with @ . + in them, may wrap.
MAIN_TEXT = "main h1, main h2, main h3, main dt, main dd, main li, main th, main td, main label, main button"


@pytest.fixture
def people_pages(demo):
    """The demo, a UNODC adviser with long names, expertise and languages who hid their phone, and enough
    people of Kenya to page through."""
    themes = ThematicArea.objects.filter(
        name__in=[
            "Border management",
            "Chemical, biological, radiological and nuclear terrorism",
            "Engagement with civil society, academia and the private sector",
        ]
    )
    adviser = FocalPointFactory(
        organization=reference_org("UNODC"),
        user=UserFactory(first_name="Oluwaseun Adebayo", last_name="Rahimova-Castellanos"),
        title="Dr.",
        job_title="Senior Counter-Terrorism Adviser, Border Security and Management",
        department="Terrorism Prevention Branch, Division for Treaty Affairs",
        email="oluwaseun.rahimova-castellanos@unodc.example.org",
        phone="+43 1 26060 5555",
        mobile="+43 699 1234 5678",
        hide_phone=True,
        city="Vienna",
        expertise=list(themes),
        languages=list(Language.objects.filter(code__in=["ar", "en", "fr", "ru"])),
    )
    FocalPointFactory.create_batch(PAGED, organization=reference_org("KE"), job_title=PAGED_TITLE)
    return {"adviser": adviser.pk, "pages": -(-FocalPoint.objects.filter(job_title=PAGED_TITLE).count() // 25)}


def _language(context, base: str, language: str) -> None:
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])


def test_a_persons_page_and_a_long_lists_pager_hold_at_every_width(live_server, browser, people_pages):
    base = live_server.url
    adviser = people_pages["adviser"]
    pages = {
        "person": f"/directory/people/{adviser}/",
        "pager": f"/directory/?q={PAGED_TITLE.replace(' ', '+')}&page=6",
        "directory": "/directory/",
    }
    context = browser().new_context(viewport=DESKTOP)
    page = sign_in(context, base, "kenya.focal")
    problems: list[str] = []
    violations: dict[str, list] = {}
    for language in ("en", "ar"):
        _language(context, base, language)
        for name, address in pages.items():
            page.set_viewport_size(DESKTOP)
            response = page.goto(f"{base}{address}")
            assert response.status == 200, f"{address} answered {response.status}"
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            for label, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": HEIGHT})
                found = measure(page, MAIN_TEXT)
                where = f"{name} {language} {width}px"
                if found["width"] > found["window"]:
                    problems.append(f"{where}: {found['width']} px wide")
                if found["broken"]:
                    problems.append(f"{where}: broken mid-word: {', '.join(sorted(set(found['broken'])))}")
                if label != "narrow":
                    found_here = axe_violations(page)
                    if found_here:
                        violations[where] = found_here
                    screenshot(page, f"people-{name}-{language}-{label}")
    context.close()
    assert not problems, "\n".join(problems)
    assert not violations, "axe-core found serious or critical violations:\n" + describe(violations)


def test_the_persons_page_shows_what_the_directory_shows(live_server, browser, people_pages):
    base = live_server.url
    context = browser().new_context(viewport=DESKTOP)
    page = sign_in(context, base, "kenya.focal")
    page.goto(f"{base}/directory/?q=Rahimova")
    page.get_by_role("link", name="Dr. Oluwaseun Adebayo Rahimova-Castellanos").click()
    page.wait_for_url(f"{base}/directory/people/{people_pages['adviser']}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dr. Oluwaseun Adebayo Rahimova-Castellanos"
    assert page.get_by_role("link", name="oluwaseun.rahimova-castellanos@unodc.example.org").is_visible()
    # The phone the adviser hid is not for a Member State's focal point.
    assert "26060" not in page.content() and "1234 5678" not in page.content()
    assert page.get_by_role("link", name="French").get_attribute("href") == "/directory/?language=fr"
    context.close()


@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_go_to_page_keeps_the_search(live_server, browser, people_pages, script):
    base = live_server.url
    context = browser().new_context(viewport=PHONE, java_script_enabled=script)
    page = sign_in(context, base, "kenya.focal")
    page.goto(f"{base}/directory/?q={PAGED_TITLE.replace(' ', '+')}")
    pager = page.get_by_role("navigation", name="Pages")
    assert pager.locator("a[aria-current=page]").inner_text() == "1"
    last = people_pages["pages"]
    assert pager.get_by_role("link", name=f"Page {last}").is_visible()
    pager.get_by_label("Go to page").fill("7")
    pager.get_by_role("button", name="Go").click()
    page.wait_for_url(lambda url: "page=7" in url)
    # htmx and the browser spell the spaces differently: the query string read as the server reads it.
    assert parse_qs(urlsplit(page.url).query) == {"q": [PAGED_TITLE], "page": ["7"]}
    pager = page.get_by_role("navigation", name="Pages")
    assert pager.locator("a[aria-current=page]").inner_text() == "7"
    assert page.locator("#id_q").input_value() == PAGED_TITLE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"people-pager-jumped-{'script' if script else 'no-script'}-phone")
    context.close()

"""The dashboard and a country page in Arabic, Chinese and Russian, in Chromium, at 1366 and 390 px: figures
grouped as the language writes them, the charts' months in the language, no chart text past its chart, the
page never wider than the window and no word broken; axe-core finds no serious or critical violation.
Screenshots go to build/screenshots/ (locale-<page>-<language>-<width>.png)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.e2e.conftest import CULPRITS, DESKTOP, PHONE, axe_violations, describe, measure, screenshot, sign_in
from tests.e2e.test_home import HOME, figures  # noqa: F401  (the demo data and a computed snapshot)
from tests.e2e.test_pages import demo  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {"home": "/", "country": "/countries/KEN/"}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# A figure of four digits or more as each language groups it, and how its charts name a month.
GROUPED = {"ar": r"\d,\d{3}", "zh-hans": r"\d,\d{3}", "ru": r"\d\u00a0\d{3}"}
MONTH = {"ar": r"[\u0600-\u06ff]+ \d{4}", "zh-hans": r"\d{4}年\d{1,2}月", "ru": r"[\u0400-\u04ff]+\.? \d{4}"}
FIGURES = r"""() => [...document.querySelectorAll("#numbers dd")].map((dd) => dd.textContent.trim())"""
LABELS = r"""() => [...document.querySelectorAll("#trends svg.chart-svg text.label")].map((t) => t.textContent)"""


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("language", sorted(GROUPED))
def test_the_dashboard_and_a_country_page_read_in_the_language(live_server, browser, language):
    base = live_server.url
    context = browser().new_context(viewport=DESKTOP)
    page = sign_in(context, base, "kenya.focal")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    problems: list[str] = []
    for name, address in PAGES.items():
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            assert page.goto(f"{base}{address}").status == 200
            where = f"{name} {language} {width}"
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), where
            if name == "home":
                large = [text for text in page.evaluate(FIGURES) if len(re.sub(r"\D", "", text)) >= 4]
                assert large, f"{where}: no figure of four digits to check"
                ungrouped = [text for text in large if not re.search(GROUPED[language], text)]
                if ungrouped:
                    problems.append(f"{where}: figures without their separators: {ungrouped}")
                labels = page.evaluate(LABELS)
                foreign = [label for label in labels if not re.fullmatch(MONTH[language], label)]
                if not labels or foreign:
                    problems.append(f"{where}: chart months not in the language: {foreign or 'none'}")
                cut = page.evaluate(HOME)["cut"]
                if cut:
                    problems.append(f"{where}: chart texts past their box: {'; '.join(cut)}")
            layout = measure(page)
            if layout["width"] > layout["window"]:
                culprits = page.evaluate(CULPRITS)
                problems.append(f"{where}: {layout['width']} px wide in a {layout['window']} px window: {culprits}")
            if layout["broken"]:
                problems.append(f"{where}: broken mid-word: {', '.join(sorted(set(layout['broken'])))}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe-core: {describe(violations)}")
            screenshot(page, f"locale-{name}-{language}-{width}")
    context.close()
    assert not problems, "\n".join(problems)

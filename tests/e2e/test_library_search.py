"""The library's search in Chromium: a word most of the demo's files hold finds more documents than a search
reaches, and the facets say they count among the newest matches; the page holds within the window at desktop
and phone widths, in English and right to left in Arabic, and axe-core finds no serious or critical
violation. Screenshots: library-search-*.png."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, describe, fit_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# In the title, the description or the file of most demo documents.
WORD = "terrorism"
NOTES = {"en": "Counted among the 5 newest documents.", "ar": "محسوبة ضمن أحدث"}


def test_a_common_words_facets_say_what_they_count_and_the_page_fits(live_server, browser, demo, settings):
    settings.SEARCH_COUNT_LIMIT = 5
    base = live_server.url
    chromium = browser()
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, "kenya.focal")
    problems, violations = [], {}
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.goto(f"{base}/library/?q={WORD}")
            note = page.locator("#library-facets-among")
            if NOTES[language] not in (note.text_content() or ""):
                problems.append(f"{language} {width}: the facets' note reads {note.text_content()!r}")
            problems += fit_problems(page, f"{language} {width}")
            check_accessibility(page, f"library-search-{language}", width, violations)
    context.close()
    assert not violations, describe(next(iter(violations.values())))
    assert not problems, "\n".join(problems)

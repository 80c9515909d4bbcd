"""The language of a text in the forms that write one, in Chromium: a thread of a working group, an entry of
a Member State's page, a document of the library. Each offers "Detect from the text" first, then the six
languages named in themselves; the page stays within the window from 320 px, left to right and right to
left, free of serious axe findings; and a language chosen is the one kept.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from platform_app.countries.models import CountryEntry
from tests.e2e.conftest import PHONE, axe_violations, describe, screenshot, signed_in
from tests.factories import FocalPointFactory, reference_org
from workinggroups.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 800}
FORMS = {
    "post": "/working-groups/PCVE/posts/new/",
    "entry": "/countries/KEN/entries/new/",
    "document": "/library/upload/",
}
LOGINS = {"post": "languages.unodc", "entry": "languages.kenya", "document": "languages.unodc"}


@pytest.fixture
def writers(reference):
    FocalPointFactory(organization=reference_org("UNODC"), user__username=LOGINS["post"])
    FocalPointFactory(organization=reference_org("KE"), user__username=LOGINS["entry"])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_forms_offer_the_language_within_the_window(live_server, writers, browser, language):
    chromium = browser()
    for form, url in FORMS.items():
        for name, viewport in (("phone", PHONE), ("320", NARROW)):
            page = signed_in(chromium, live_server.url, viewport, language, LOGINS[form])
            page.goto(f"{live_server.url}{url}")
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            select = page.locator("select#id_language")
            assert select.is_visible()
            options = select.locator("option").all_inner_texts()
            if form == "document":
                # The library's catalogue of languages, named in the reader's language.
                assert len(options) > 6, options
            else:
                assert options[1:] == ["English", "Français", "Español", "Русский", "中文", "العربية"], options
            # Blank, "detect it", is what an untouched form sends.
            assert select.input_value() == ""
            width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= window, (form, name, width, window)
            assert axe_violations(page) == [], describe(axe_violations(page))
            screenshot(page, f"language-field-{form}{'-ar' if language == 'ar' else ''}-{name}")
            page.context.close()


def test_the_language_chosen_is_kept(live_server, writers, browser):
    chromium = browser()
    page = signed_in(chromium, live_server.url, PHONE, "en", LOGINS["post"])
    page.goto(f"{live_server.url}{FORMS['post']}")
    page.locator("#id_title").fill("Border management")
    page.locator("#id_body").fill("Отчёт о совещании экспертов.")  # noqa: RUF001
    page.locator("select#id_language").select_option("ru")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.context.close()

    page = signed_in(chromium, live_server.url, PHONE, "en", LOGINS["entry"])
    page.goto(f"{live_server.url}{FORMS['entry']}")
    page.locator("#id_title").fill("Lutte contre le terrorisme")
    page.locator("#id_text").fill("Les priorités de l'année.")
    page.locator("#id_dated_on").fill("2026-06-01")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.context.close()

    def languages():
        # Playwright runs an event loop in this thread, where Django refuses database calls.
        try:
            post = Post.objects.get(title="Border management")
            return post.language, CountryEntry.objects.get(title="Lutte contre le terrorisme").language
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        # The entry's language was left to be detected.
        assert pool.submit(languages).result() == ("ru", "fr")

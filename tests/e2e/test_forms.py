"""Forms in Chromium: sharing a document at 1366 and 390 px, in English and in Arabic (right to left).

The themes and the organizations are searchable pickers: one types a few letters, picks with the keyboard,
and the choice is saved. The organizations field shows only once "Named organizations only" is chosen,
and hides again for another audience. A form sent with errors opens with its summary focused, whose links
lead into the fields, the picker included. axe-core finds nothing serious; no page is wider than the
window. Without JavaScript the same form is a plain one, every field showing.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, screenshot, signed_in
from tests.factories import SAMPLE_PDF, FocalPointFactory, reference_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN = "forms.focal"
THEME = "Border management"
STATE = "KE"


@pytest.fixture
def author(reference):
    FocalPointFactory(organization=reference_org("UNODC"), user__username=LOGIN)
    return {
        "theme": ThematicArea.objects.get(name=THEME),
        "state": reference_org(STATE),
        "states": Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).count(),
    }


def width_of(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def organizations_field(page):
    return page.locator(".field", has=page.locator("select#id_allowed_organizations"))


def pick(page, select_id: str, typed: str, expected: str) -> None:
    """Types into a picker and, once its list holds only what matches, picks `expected` with the arrow keys
    and Enter."""
    box = page.locator(f"#{select_id}-ts-control")
    box.focus()
    box.press_sequentially(typed, delay=30)
    page.wait_for_function(
        """([id, typed]) => {
            const options = [...document.querySelectorAll(`#${id}-ts-dropdown .option`)];
            return options.length > 0 && options.every((o) => o.textContent.toLowerCase().includes(typed));
        }""",
        arg=[select_id, typed.lower()],
    )
    active = page.locator(f"#{select_id}-ts-dropdown .option.active")
    for _step in range(20):
        if active.inner_text().strip() == expected:
            break
        box.press("ArrowDown")
    box.press("Enter")
    box.press("Escape")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_document_is_shared_with_a_theme_and_named_organizations_picked_by_typing(
    live_server, author, browser, language, viewport
):
    base, theme, state = live_server.url, author["theme"], author["state"]
    suffix = f"{'-ar' if language == 'ar' else ''}-{'desktop' if viewport == DESKTOP else 'phone'}"
    title = f"Screening guidance {language} {viewport['width']}"
    page = signed_in(browser(), base, viewport, language, LOGIN)
    page.goto(f"{base}/library/upload/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    # The pickers replace the list boxes; the label names the picker's text box, and its line says how.
    themes = page.locator("#id_themes-ts-control")
    assert themes.is_visible() and themes.get_attribute("role") == "combobox"
    assert page.locator("label[for='id_themes-ts-control']").count() == 1
    assert page.locator("#id_themes_howto [data-with-js]").is_visible()
    assert page.locator("#id_themes_howto [data-without-js]").is_hidden()
    assert "id_themes_howto" in (themes.get_attribute("aria-describedby") or "")

    # Every focal point by default: no organizations to name.
    assert organizations_field(page).is_hidden()
    page.locator("input[name=visibility][value=restricted]").check()
    assert organizations_field(page).is_visible()
    page.locator("input[name=visibility][value=platform]").check()
    assert organizations_field(page).is_hidden()
    page.locator("input[name=visibility][value=restricted]").check()

    # The pickers list names in the page's language (English where a name has no translation).
    with translation.override(language):
        theme_name, state_name, state_label = theme.name, state.name, state.display_name
    pick(page, "id_themes", theme_name[:4], theme_name)
    pick(page, "id_allowed_organizations", state_name[:4], state_label)
    assert page.locator("#id_themes").evaluate("s => [...s.selectedOptions].map(o => o.value)") == [str(theme.pk)]
    chosen = page.locator("#id_allowed_organizations").evaluate("s => [...s.selectedOptions].map(o => o.value)")
    assert chosen == [str(state.pk)]
    assert width_of(page)[0] <= width_of(page)[1]

    # Open, the list of options stays within the window too, and axe finds nothing serious.
    page.locator("#id_allowed_organizations-ts-control").focus()
    page.keyboard.press("ArrowDown")
    page.locator("#id_allowed_organizations-ts-dropdown").wait_for()
    width, window = width_of(page)
    assert width <= window, f"{width} px in a {window} px window"
    assert axe_violations(page) == [], describe(axe_violations(page))
    screenshot(page, f"forms-document-picker-open{suffix}")
    page.keyboard.press("Escape")

    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files(
        {"name": "guidance.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF}
    )
    screenshot(page, f"forms-document-filled{suffix}")
    page.locator("form[action$='/library/upload/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/library/[0-9]+/$"))

    details = page.locator("dl").first.inner_text()
    assert theme_name in details
    assert state_name in details
    assert page.locator("h1").inner_text().strip() == title


def test_a_document_sent_with_errors_opens_with_its_summary_whose_links_lead_into_the_fields(
    live_server, author, browser
):
    base = live_server.url
    page = signed_in(browser(), base, DESKTOP, "en", LOGIN)
    page.goto(f"{base}/library/upload/")
    page.locator("input[name=visibility][value=restricted]").check()
    page.locator("#id_title").fill("")
    page.locator("#id_themes").evaluate("s => { s.tomselect.addOption({value: '999999', text: 'Gone'}); }")
    page.locator("#id_themes").evaluate("s => s.tomselect.addItem('999999')")
    page.locator("form[action$='/library/upload/'] button[type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    links = summary.locator("a")
    hrefs = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert {"#id_file", "#id_title", "#id_themes"} <= set(hrefs), hrefs

    summary.locator("a[href='#id_title']").click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    summary.locator("a[href='#id_themes']").click()
    assert page.evaluate("document.activeElement.id") == "id_themes-ts-control"
    assert axe_violations(page) == [], describe(axe_violations(page))
    screenshot(page, "forms-document-errors-desktop")


def test_without_javascript_the_form_is_plain_and_complete(live_server, author, browser):
    base = live_server.url
    page = signed_in(browser(), base, PHONE, "en", LOGIN, javascript=False)
    page.goto(f"{base}/library/upload/")
    themes = page.locator("select#id_themes")
    assert themes.is_visible() and themes.get_attribute("multiple") is not None
    assert page.locator("#id_themes_howto [data-without-js]").is_visible()
    assert organizations_field(page).is_visible()
    width, window = width_of(page)
    assert width <= window
    screenshot(page, "forms-document-no-javascript-phone")

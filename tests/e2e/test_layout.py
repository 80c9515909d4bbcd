"""The layout holds and the pages are accessible, in Chromium: every page of the main navigation and every
kind of record, as each demo role, from a 320 px phone to a 1920 px screen, left to right in English and
right to left in Arabic.

On each page: it is never wider than the window; no word in a table, a tag or the navigation is broken in the
middle; the header spans the page; and axe-core finds no serious or critical violation at 1366 and 390 px.
On a phone the main navigation folds behind a menu button (and still shows its links without JavaScript).

One test per role, so that they run side by side. Each page is loaded once per person and language and
measured at each width by resizing the window, which is what keeps a role within a few minutes. Spanish,
Russian and Chinese, whose words are the longest and whose script breaks lines differently, are swept for
the Secretariat (who sees the most pages) at the issue's two widths, one test per language.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from newsletters.models import NewsletterIssue
from platform_app.accounts.models import User
from platform_app.calendar.models import Event
from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document
from platform_app.projects.models import Appeal, Project
from platform_app.structure.models import WorkingGroup
from platform_app.support.models import SupportRequest
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, fit_problems, measure, screenshot, sign_in
from tests.e2e.test_pages import demo  # noqa: F401  (the demo data of the main pages' test)
from workinggroups.models import Meeting
from workinggroups.policies import may_read_space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The issue's widths (1366 and 390) and the ends of the range a page must hold in.
WIDTHS = (DESKTOP["width"], PHONE["width"], 320, 1920)
HEIGHT = PHONE["height"]
# Every demo account (DESIGN.md), by the name of its role in the access matrix (tests/people.py).
PEOPLE = {
    "secretariat": "secretariat",
    "cted": "cted.analyst",
    "entity": "unodc.focal",
    "state": "kenya.focal",
    "other_state": "norway.focal",
    "regional": "au.focal",
}
# axe-core runs at these widths (the issue's desktop and phone); the others are measured only.
CHECKED = (DESKTOP["width"], PHONE["width"])
# Screenshots of every page for this person, in English (and of a few in Arabic), at the two widths.
PICTURED = "state"
PICTURED_IN_ARABIC = (
    "home",
    "notifications",
    "search",
    "directory",
    "person",
    "projects",
    "appeal",
    "working-group",
    "group-discussion",
    "calendar",
    "cted-country",
)

# The languages with a catalogue besides English, Arabic and French (whose words are no longer than
# Spanish ones), swept for OTHER_ROLE at the issue's two widths, with axe-core at both.
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code not in ("en", "ar", "fr")]
OTHER_ROLE = "secretariat"


def pages_for(user: User) -> dict[str, str]:
    """Name → address: the main navigation's pages, then one page of each kind this person may see (a kind
    with nothing this person may see is left out: its pages are the access tests' business)."""
    document = Document.objects.visible_to(user).order_by("-published_on", "pk").first()
    event = Event.objects.visible_to(user).order_by("starts_at", "pk").first()
    project = Project.objects.visible_to(user).order_by("pk").first()
    appeal = Appeal.objects.visible_to(user).order_by("pk").first()
    assessment = CountryAssessment.objects.visible_to(user).select_related("member_state").order_by("pk").first()
    recommendation = Recommendation.objects.visible_to(user).order_by("pk").first()
    request = SupportRequest.objects.visible_to(user).order_by("pk").first()
    issue = NewsletterIssue.objects.visible_to(user).order_by("-published_at", "pk").first()
    own = FocalPoint.objects.filter(user=user).select_related("organization").first()
    organization = own.organization if own else Organization.objects.get(acronym="UNODC")
    person = own or FocalPoint.objects.visible_to(user).order_by("pk").first()
    # A group whose space this person reads (BMLE when they read it), for its sections and a meeting.
    groups = sorted(WorkingGroup.objects.all(), key=lambda group: (group.short_name != "BMLE", group.number))
    group = next((g for g in groups if may_read_space(user, g)), None)
    meeting = Meeting.objects.visible_to(user).filter(working_group=group).order_by("-starts_at", "pk").first()
    # The month of the first event, so that the grid has something in it.
    month = event.starts_at.strftime("%Y-%m")
    pages = {
        "home": "/",
        "notifications": "/notifications/",
        "search": "/search/?q=security",
        "directory": "/directory/",
        "organizations": "/directory/organizations/",
        "library": "/library/",
        "library-search": "/library/?q=border",
        "upload": "/library/upload/",
        "calendar": f"/calendar/?month={month}",
        "calendar-list": "/calendar/list/",
        "working-groups": "/working-groups/",
        "projects": "/projects/",
        "appeal": "/projects/appeal/",
        "cted": "/cted/",
        "countries": "/countries/",
        "country": "/countries/KEN/",
        "support": "/support/",
        "newsletters": "/newsletters/",
        "profile": "/accounts/profile/",
        "organization": f"/directory/organizations/{organization.pk}/",
        "person": f"/directory/people/{person.pk}/",
        "document": f"/library/{document.pk}/",
        "event": f"/calendar/events/{event.pk}/",
        "working-group": "/working-groups/BMLE/",
        "project": f"/projects/{project.pk}/",
    }
    optional = {
        "appeal-detail": appeal and f"/projects/appeal/{appeal.pk}/",
        "cted-country": assessment and f"/cted/countries/{assessment.member_state.iso_alpha3}/",
        "assessment": assessment and f"/cted/assessments/{assessment.pk}/",
        "recommendation": recommendation and f"/cted/recommendations/{recommendation.pk}/",
        "support-request": request and f"/support/{request.pk}/",
        "newsletter": issue and f"/newsletters/{issue.slug}/",
        "meeting": meeting and f"/working-groups/{group.short_name}/meetings/{meeting.pk}/",
    }
    pages.update({name: address for name, address in optional.items() if address})
    if group is not None:
        for section in ("meetings", "workplan", "discussion", "documents", "events"):
            pages[f"group-{section}"] = f"/working-groups/{group.short_name}/{section}/"
    return pages


def current_links(page) -> list[str]:
    marked = page.locator(".main-nav a[aria-current=page]")
    return marked.evaluate_all("links => links.map(link => link.getAttribute('href'))")


def check_navigation(page, base: str, directory_url: str, organizations_url: str, organization_url: str) -> None:
    """The Organizations link is marked current on the organizations' pages and Directory is not, and
    the reverse; on a phone the links fold behind the menu button, and open and close with it."""
    page.set_viewport_size(DESKTOP)
    for address in (organizations_url, organization_url):
        page.goto(f"{base}{address}")
        assert current_links(page) == [organizations_url], address
    menu = page.locator(".main-nav button[aria-controls]")
    assert menu.is_hidden(), "the menu button shows on a wide screen"
    assert page.locator(".main-nav a").first.is_visible()
    page.goto(f"{base}{directory_url}")
    assert current_links(page) == [directory_url]

    page.set_viewport_size(PHONE)
    links = page.locator(f"#{menu.get_attribute('aria-controls')} a")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert links.first.is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert links.first.is_visible()
    screenshot(page, "layout-menu-open-phone")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and links.first.is_hidden()
    assert page.evaluate("document.activeElement === document.querySelector('.main-nav button[aria-controls]')")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_every_page_holds_at_every_width_and_is_accessible(live_server, browser, role):
    base = live_server.url
    pages = pages_for(User.objects.get(username=PEOPLE[role]))
    chromium = browser()

    problems: list[str] = []
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, PEOPLE[role])
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        for name, address in pages.items():
            pictured = role == PICTURED and (language == "en" or name in PICTURED_IN_ARABIC)
            shot = f"layout-{name}{'-ar' if language == 'ar' else ''}" if pictured else None
            problems += check_page(page, base, address, f"{role} {language}", language, WIDTHS, shot)
    context.close()
    assert not problems, f"{len(problems)} layout or accessibility problems:\n" + "\n".join(problems)


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_page_holds_in_the_other_languages_on_a_phone_and_a_desktop(live_server, browser, language):
    base = live_server.url
    pages = pages_for(User.objects.get(username=PEOPLE[OTHER_ROLE]))
    chromium = browser()

    problems: list[str] = []
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, PEOPLE[OTHER_ROLE])
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    for name, address in pages.items():
        where = f"{OTHER_ROLE} {language}"
        problems += check_page(page, base, address, where, language, CHECKED, f"layout-{name}-{language}")
    context.close()
    assert not problems, f"{len(problems)} layout or accessibility problems:\n" + "\n".join(problems)


def check_page(page, base: str, address: str, who: str, language: str, widths, shot: str | None) -> list[str]:
    """The page at address measured at each width (axe-core at those of CHECKED); a screenshot named shot at
    the widths of CHECKED unless shot is None."""
    problems = []
    page.set_viewport_size(DESKTOP)
    response = page.goto(f"{base}{address}")
    assert response.status == 200, f"{who}: {address} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found = measure(page)
        where = f"{who} {width}px {address}"
        problems += fit_problems(page, where, found)
        if found["header"] < found["width"]:
            problems.append(f"{where}: the header is {found['header']} px of {found['width']}")
        if width in CHECKED:
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe-core: {describe(violations)}")
            if shot:
                screenshot(page, f"{shot}-{'desktop' if width == DESKTOP['width'] else 'phone'}")
    return problems


@pytest.mark.usefixtures("demo")
def test_the_navigation_marks_the_current_page_and_folds_on_a_phone(live_server, browser):
    base = live_server.url
    pages = pages_for(User.objects.get(username=PEOPLE[PICTURED]))
    directory_url, organizations_url = reverse("directory:index"), reverse("directory:organizations")
    chromium = browser()

    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, PEOPLE[PICTURED])
    check_navigation(page, base, directory_url, organizations_url, pages["organization"])
    context.close()

    # Without JavaScript the phone's navigation shows its links, and no menu button that would do nothing.
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = sign_in(context, base, PEOPLE["state"])
    assert page.locator(".main-nav a").first.is_visible()
    assert page.locator(".main-nav button[aria-controls]").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "layout-home-no-script-phone")
    context.close()

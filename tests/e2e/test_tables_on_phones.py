"""In Chromium at a phone's width (390 px, and 320 px), left to right and right to left: every table of more
than two columns stacks its rows (its column headers kept for screen readers only) and scrolls neither
the page nor its own box. The pages of the tables the templates test (tests/test_tables_stack.py) reads,
with the demo's data: the Multi-Year Appeal, a project, CTED's assessments, a country, a document's
versions and the profile's API tokens."""

from __future__ import annotations

import pytest
from django.conf import settings

from platform_app.accounts.models import User
from platform_app.accounts.tokens import token_create
from platform_app.cted.models import CountryAssessment
from platform_app.library.models import Document
from platform_app.projects.models import AppealProject
from tests.e2e.conftest import PHONE, screenshot, sign_in
from tests.e2e.test_pages import demo  # noqa: F401  (the demo data of the main pages' test)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each table of the page: its columns, whether its header row is drawn, and whether its box scrolls.
TABLES = r"""
() => [...document.querySelectorAll("main table:not(.month)")].map((table) => {
  const head = table.querySelector("thead tr") || table.querySelector("tr");
  const box = table.closest(".table-scroll") || table.parentElement;
  return {
    name: (table.querySelector("caption") || head).textContent.trim().slice(0, 60),
    columns: head.children.length,
    headDrawn: !!table.tHead && getComputedStyle(table.tHead).position !== "absolute",
    scrolls: box.scrollWidth > box.clientWidth + 1,
  };
})
"""


@pytest.mark.usefixtures("demo")
def test_wide_tables_stack_on_a_phone(live_server, browser):
    user = User.objects.get(username="kenya.focal")
    token_create(user=user, name="Quarterly reporting", days=30)
    entry = AppealProject.objects.order_by("pk").first()
    document = Document.objects.visible_to(user).filter(versions__isnull=False).order_by("pk").first()
    assessment = CountryAssessment.objects.visible_to(user).select_related("member_state").order_by("pk").first()
    pages = {
        "appeal": "/projects/appeal/",
        "project": f"/projects/{entry.project_id}/",
        "cted": "/cted/",
        "cted-country": f"/cted/countries/{assessment.member_state.iso_alpha3}/",
        "country": f"/countries/{assessment.member_state.iso_alpha3}/",
        "document": f"/library/{document.pk}/",
        "profile": "/accounts/profile/",
    }
    base = live_server.url
    context = browser().new_context(viewport=PHONE)
    page = sign_in(context, base, user.username)
    problems, seen = [], set()
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        for name, address in pages.items():
            page.set_viewport_size(PHONE)
            assert page.goto(f"{base}{address}").status == 200, address
            for width in (PHONE["width"], 320):
                page.set_viewport_size({"width": width, "height": PHONE["height"]})
                where = f"{language} {width}px {address}"
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{where}: the page is wider than the window")
                for table in page.evaluate(TABLES):
                    seen.add(name)
                    if table["columns"] > 2 and table["headDrawn"]:
                        problems.append(f"{where}: {table['name']!r} ({table['columns']} columns) is not stacked")
                    if table["scrolls"]:
                        problems.append(f"{where}: {table['name']!r} scrolls sideways in its box")
            page.set_viewport_size(PHONE)
            screenshot(page, f"tables-{name}{'-ar' if language == 'ar' else ''}-phone")
    context.close()
    assert seen == set(pages), f"pages without a table: {set(pages) - seen}"
    assert not problems, "\n".join(problems)

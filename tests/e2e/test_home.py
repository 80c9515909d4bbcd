"""The home page in Chromium, for the Secretariat and a Member State's focal point, at 1366 and 390 px, in
English and right to left in Arabic: the person's queue comes first, in the first screen, and the figures
last; no chart text reaches past its chart; the page is never wider than the window and no word breaks;
axe-core finds no serious or critical WCAG 2.1 A/AA violation. Screenshots go to build/screenshots/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, measure, screenshot, sign_in
from tests.e2e.test_pages import demo  # noqa: F401  (the demo data of the main pages' test)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {"secretariat": "secretariat", "state": "kenya.focal"}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# Where the queue and the figures start, and the texts of each chart that reach past its box (as the
# browser draws them, in its own fonts: the server only estimates their widths).
HOME = r"""
() => {
  const top = (selector) => {
    const found = document.querySelector(selector);
    return found ? found.getBoundingClientRect().top + window.scrollY : null;
  };
  const cut = [];
  for (const svg of document.querySelectorAll("svg.chart-svg")) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      const across = b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5;
      const down = b.y < box.y - 1 || b.y + b.height > box.y + box.height + 1;
      if (across || down) {
        cut.push(`${text.textContent} (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${box.width})`);
      }
    }
  }
  const charts = document.querySelectorAll("svg.chart-svg").length;
  return {queue: top("#queue-heading"), numbers: top("#numbers-heading"), charts, cut};
}
"""


@pytest.fixture
def figures(demo):  # noqa: F811
    """The demo data and a computed snapshot of it, with the breakdowns the charts of requests draw."""
    call_command("aggregate_metrics")


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_the_home_page_leads_with_the_queue_and_holds_its_layout(live_server, browser, role):
    base = live_server.url
    context = browser().new_context(viewport=DESKTOP)
    page = sign_in(context, base, PEOPLE[role])
    if role == "secretariat":  # its queue names its work, and no group is missing
        queue = page.locator("#queue")
        assert queue.get_by_role("heading", name="Requests for support to route").count() == 1
        assert queue.get_by_role("heading", name="Showcases to schedule").count() == 1
        assert page.get_by_text("does not belong to a working group").count() == 0
        assert page.get_by_text("The Secretariat follows every working group").count() == 1
    else:
        assert page.locator("#queue").get_by_role("heading", name="Our open CTED recommendations").count() == 1
    problems: list[str] = []
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            response = page.goto(f"{base}/")
            assert response.status == 200
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            where = f"{role} {language} {width}"
            home = page.evaluate(HOME)
            assert home["queue"] is not None and home["numbers"] is not None, where
            assert home["queue"] < home["numbers"], where
            if width == "desktop":
                # The person's own work is in the first screen, not 1,600 px down.
                assert home["queue"] < viewport["height"] - 200, f"{where}: the queue starts at {home['queue']} px"
            assert home["charts"] >= 1, where
            if home["cut"]:
                problems.append(f"{where}: chart texts past their box: {'; '.join(home['cut'])}")
            layout = measure(page)
            if layout["width"] > layout["window"]:
                problems.append(f"{where}: {layout['width']} px wide in a {layout['window']} px window")
            if layout["broken"]:
                problems.append(f"{where}: broken mid-word: {', '.join(sorted(set(layout['broken'])))}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe-core: {describe(violations)}")
            screenshot(page, f"home-{role}{'-ar' if language == 'ar' else ''}-{width}")
        # The narrowest phone and the widest screen hold the page too.
        for extreme in (320, 1920):
            page.set_viewport_size({"width": extreme, "height": PHONE["height"]})
            layout = measure(page)
            if layout["width"] > layout["window"]:
                problems.append(f"{role} {language} {extreme}px: {layout['width']} px wide")
    context.close()
    assert not problems, "\n".join(problems)

"""End-to-end: Debian's Chromium, driven by Playwright, against a live server.

Screenshots of the main pages are written to SCREENSHOT_DIR (default build/screenshots/).
axe-core (the copy bundled by axe-playwright-python) checks each page for accessibility.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp.oath import TOTP

from tests.factories import TEST_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "build" / "screenshots"))
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser]

# In the page: whether it is wider than the window, whether the header spans it, whether a table that
# can stack scrolls in its box (the Appeal's "Funded" cut to "Fur"), and the words of the elements `hosts`
# selects that are drawn on more than one line. A word here is a run of letters, marks and digits
# between spaces (punctuation around it left out); codes, file names, emails and addresses, with
# hyphens, dots or @ in them, may wrap where they must and are not counted, nor Chinese text, which
# breaks between any two characters.
MEASURE = r"""
(hosts) => {
  const found = {width: document.documentElement.scrollWidth, window: window.innerWidth, broken: []};
  const header = document.querySelector(".site-header").getBoundingClientRect();
  found.header = Math.round(header.width);
  // A table that can stack (its rows as blocks) must never need scrolling sideways in its box.
  found.scrolling = [...document.querySelectorAll(".table-scroll")]
    .filter((box) => box.querySelector("table.stack, table.stack-wide") && box.scrollWidth > box.clientWidth + 1)
    .map((box) => `${box.scrollWidth} px in ${box.clientWidth}: "${box.querySelector("th").textContent.trim()}"`);
  // A stacked row's drawn label (its cell's ::before) must hold the longest part of the label that cannot
  // break: a longer one runs into the cell's value.
  const pen = document.createElement("canvas").getContext("2d");
  found.labels = [];
  for (const cell of document.querySelectorAll("table.stack td[data-label], table.stack-wide td[data-label]")) {
    const label = getComputedStyle(cell, "::before");
    // Drawn only where the table stacks (a float), and only for a cell that is shown.
    if (label.float === "none" || !cell.getClientRects().length) continue;
    pen.font = `${label.fontStyle} ${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
    // A line may break at a space or after a hyphen ("Государство-член").
    const longest = Math.max(...cell.dataset.label.split(/\s+|(?<=-)/).map((w) => pen.measureText(w).width));
    if (longest > parseFloat(label.width) + 0.5) {
      found.labels.push(`"${cell.dataset.label}" needs ${Math.round(longest)} px, has ${label.width}`);
    }
  }
  const word = /^[\p{P}\p{S}]*([\p{L}\p{M}\p{N}]{2,})[\p{P}\p{S}]*$/u;
  for (const host of document.querySelectorAll(hosts)) {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".visually-hidden")) continue;
      const text = node.textContent;
      for (const token of text.matchAll(/\S+/g)) {
        const match = token[0].match(word);
        // Chinese (and Japanese) text may break between any two characters: only other scripts' words count.
        if (!match || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(match[1])) continue;
        const start = token.index + token[0].indexOf(match[1]);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + match[1].length);
        const lines = [];
        for (const rect of range.getClientRects()) {
          if (rect.width === 0 || rect.height === 0) continue;
          if (!lines.some((top) => Math.abs(top - rect.top) < rect.height / 2)) lines.push(rect.top);
        }
        if (lines.length > 1) found.broken.push(`${host.tagName.toLowerCase()}: ${match[1]}`);
      }
    }
  }
  return found;
}
"""
# The words of tables, tags and the navigation.
TABLES_TAGS_AND_NAVIGATION = "th, td, .tag, .main-nav a, .site-header a, .site-header button"

# What widens the page: the deepest elements that reach past the window and sit in no scrolling box.
CULPRITS = r"""
() => {
  const limit = window.innerWidth;
  const past = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > limit + 0.5 || box.left < -0.5);
  };
  const scrolls = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("main *, header *, nav *")]
    .filter((el) => past(el) && ![...el.children].some(past) && !scrolls(el))
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}"`);
}
"""


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="chromium is not installed (CI installs it)")
        for item in items:
            if "tests/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture
def browser():
    """Starts Chromium when called: a test prepares its data first, because Playwright's sync API
    runs an event loop in this thread and Django refuses database calls inside one."""
    from playwright.sync_api import sync_playwright

    started = []

    def launch():
        playwright = sync_playwright().start()
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        started.append((playwright, chromium))
        return chromium

    yield launch
    for playwright, chromium in started:
        chromium.close()
        playwright.stop()


@pytest.fixture
def demo(reference):
    """The demo data, at a small scale."""
    call_command("seed_demo", scale="0.02", quiet=True)


def measure(page, hosts: str = TABLES_TAGS_AND_NAVIGATION) -> dict:
    """What MEASURE finds in the page, for the words of the elements `hosts` selects."""
    return page.evaluate(MEASURE, hosts)


def fit_problems(page, where: str, found: dict | None = None) -> list[str]:
    """What keeps the page from fitting its window, as MEASURE finds it (`found`, or measured now): a page
    wider than the window, a stacking table that scrolls, a word broken over two lines, a stacked row's
    label that runs into its value."""
    found = measure(page) if found is None else found
    problems = []
    if found["width"] > found["window"]:
        problems.append(f"{where}: {found['width']} px wide ({'; '.join(page.evaluate(CULPRITS))})")
    if found["scrolling"]:
        problems.append(f"{where}: a stacking table scrolls: {'; '.join(found['scrolling'])}")
    if found["broken"]:
        problems.append(f"{where}: broken mid-word: {', '.join(sorted(set(found['broken'])))}")
    if found["labels"]:
        problems.append(f"{where}: a label runs into its value: {'; '.join(sorted(set(found['labels'])))}")
    return problems


def code(secret: str, at: float) -> str:
    """The code an authenticator app set up with the base32 `secret` shows at `at`."""
    generator = TOTP(base64.b32decode(secret))
    generator.time = at
    return f"{generator.token():06d}"


def sign_in(context, base: str, login: str):
    """A new page of `context`, signed in as the demo account `login` (with its second factor if it has one)."""
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code from your authenticator app").fill(code(secret, time.time()))
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{base}/")
    return page


def signed_in(chromium, base: str, viewport: dict, language: str, login: str, *, javascript: bool = True):
    """A page of a new context, signed in as `login` (whose password is the factories'), reading in `language`."""
    context = chromium.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(login)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    return page


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Runs axe-core in the page; the violations of the given impacts, shortened for a message."""
    from axe_playwright_python import sync_playwright as axe_module

    script = Path(axe_module.__file__).with_name("axe.min.js")
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the pages' CSP.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(script.read_text(encoding="utf-8"))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_accessibility(page, name: str, width: str, found: dict) -> None:
    """axe-core at this width (at phone width wide tables scroll), its violations kept in `found`, and a
    screenshot."""
    violations = axe_violations(page)
    if violations:
        found[f"{name} ({width})"] = violations
    screenshot(page, f"{name}-{width}")


def describe(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)

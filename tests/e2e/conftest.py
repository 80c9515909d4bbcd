"""End-to-end: Debian's Chromium, driven by Playwright, against a live server.

Screenshots of the main pages are written to SCREENSHOT_DIR (default build/screenshots/).
axe-core (the copy bundled by axe-playwright-python) checks each page for accessibility.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "build" / "screenshots"))
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser]


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


def describe(violations) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.fixture
def tasks_in_process():
    """Celery runs each task in the process that queues it, as under `make run` without Redis: a journey
    through the browser sees what the notification task wrote without a worker beside the live server.
    (The worker itself, killed and restarted mid-task, is tested in tests/background/test_worker.py.)"""
    from celery import current_app

    conf = current_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved

"""A working group's space in Chromium: the overview and each section on its own page, short enough to
read on a phone, never wider than the window (left to right and right to left), free of serious axe
findings; and after posting a thread or a reply the "posted" notice is in sight, beside the new item,
with htmx and without JavaScript.

BMLE gets about what the real platform holds for one group (a few dozen meetings, threads with replies,
workplan activities, events and documents), written here with fixed text on top of the small demo.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from platform_app.accounts.models import User
from platform_app.library.models import Document
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, fit_problems, screenshot, sign_in
from tests.e2e.test_pages import demo  # noqa: F401  (the demo data of the main pages' test)
from tests.factories import DocumentFactory, EventFactory, reference_group, reference_org
from workinggroups.models import Meeting, Post, WorkplanActivity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/working-groups/BMLE/"
SECTIONS = {
    "overview": BASE,
    "meetings": f"{BASE}meetings/",
    "workplan": f"{BASE}workplan/",
    "discussion": f"{BASE}discussion/",
    "documents": f"{BASE}documents/",
    "events": f"{BASE}events/",
}
# The measure: the whole overview on a 390 px phone was 22,000 px.
MAX_OVERVIEW_HEIGHT = 6000
SUMMARY = (
    "The working group reviewed the implementation of its workplan, heard a briefing on advance passenger "
    "information and agreed to prepare a joint note on the use of biometrics at land borders. Members "
    "described their recent capacity-building work with border agencies and the partners they rely on."
)
BODY = (
    "Colleagues, ahead of the next meeting we would welcome your views on the draft terms of reference "
    "for the joint assessment mission, in particular the sections on data protection and on the role of "
    "the regional organizations in following up on its recommendations."
)
REPLY = "Thank you for circulating the draft. We support the proposed timeline and will send comments."


@pytest.fixture
def bmle(demo):  # noqa: F811  (the fixture imported above)
    """BMLE with a real group's load: meetings to come and past, threads with replies, a long workplan,
    events and documents. Returns the thread that ends up on the discussion's second page."""
    group = reference_group("BMLE")
    unodc = User.objects.get(username="unodc.focal")
    cted = User.objects.get(username="cted.analyst")
    now = timezone.now()
    for number in range(1, 25):
        starts = now + timedelta(days=30 * (number - 20))
        Meeting.objects.create(
            working_group=group,
            title=f"Meeting number {number} of the Border Management and Law Enforcement working group",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            location="Vienna" if number % 2 else "",
            online_url="https://meet.example.org/compact/bmle",
            summary=SUMMARY,
        )
    for position in range(1, 31):
        WorkplanActivity.objects.create(
            working_group=group,
            title=f"Regional workshop on border data sharing, part {position}",
            description="With the regional organizations and the border agencies of the participating States.",
            lead_organization=reference_org("UNODC"),
            status=("planned", "in_progress", "completed", "deferred")[position % 4],
            priority=("high", "medium", "low")[position % 3],
            position=position,
        )
    threads = []
    for number in range(1, 25):
        thread = Post.objects.create(
            working_group=group, author=cted if number % 2 else unodc, title=f"Consultation round {number}", body=BODY
        )
        threads.append(thread)
        for _ in range(number % 4):
            Post.objects.create(working_group=group, author=unodc, parent=thread, body=REPLY)
    for number in range(1, 13):
        start = now + timedelta(days=number * 9)
        EventFactory(
            title=f"Border security expert consultation {number}",
            working_group=group,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        )
    for _ in range(15):
        DocumentFactory(in_working_group=True, working_group=group)
    # Newest first, ten a page: the fifteenth newest thread is on the second page.
    assert Document.objects.filter(working_group=group).count() >= 15
    return threads[-15]


def _fits(page, where: str, problems: list[str]) -> None:
    problems += fit_problems(page, where)


def _in_sight(page, locator) -> bool:
    """Whether the element is drawn inside the window as it is scrolled now."""
    box = locator.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_each_section_is_its_own_short_page_at_every_width_and_in_arabic(live_server, browser, bmle):
    base = live_server.url
    chromium = browser()
    context = chromium.new_context(viewport=DESKTOP)
    page = sign_in(context, base, "unodc.focal")
    problems: list[str] = []
    found: dict[str, list] = {}
    heights: dict[str, int] = {}
    for language in ("en", "ar"):
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        suffix = "-ar" if language == "ar" else ""
        for name, address in SECTIONS.items():
            for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(viewport)
                response = page.goto(f"{base}{address}")
                assert response.status == 200, address
                assert page.locator("html").get_attribute("lang") == language
                # The section navigation names the page it is on, and only that one.
                current = page.locator(".wg-sections a[aria-current=page]")
                assert current.count() == 1 and current.get_attribute("href") == address, address
                assert page.locator(".wg-sections a").count() == len(SECTIONS)
                if width == "phone":
                    heights[f"{name}{suffix}"] = page.evaluate("document.documentElement.scrollHeight")
                    for narrow in (PHONE["width"], 320):
                        page.set_viewport_size({"width": narrow, "height": PHONE["height"]})
                        _fits(page, f"{language} {narrow}px {address}", problems)
                    page.set_viewport_size(viewport)
                else:
                    _fits(page, f"{language} desktop {address}", problems)
                violations = axe_violations(page)
                if violations:
                    found[f"{name}{suffix} ({width})"] = violations
                screenshot(page, f"working-group-{name}{suffix}-{width}")
    context.close()
    assert not problems, "\n".join(problems)
    assert not found, "axe-core found serious or critical violations:\n" + describe(found)
    for name in ("overview", "overview-ar"):
        assert heights[name] < MAX_OVERVIEW_HEIGHT, heights


def test_the_overview_at_390_px_is_short(live_server, browser, bmle):
    """The defect of the issue, on its own: the single page was 22,000 px long on a phone."""
    chromium = browser()
    context = chromium.new_context(viewport=PHONE)
    page = sign_in(context, live_server.url, "unodc.focal")
    page.goto(f"{live_server.url}{BASE}")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height < MAX_OVERVIEW_HEIGHT


def test_the_posted_notice_is_in_sight_beside_the_new_item(live_server, browser, bmle):
    base = live_server.url
    old_thread = bmle
    chromium = browser()

    # A new thread, with htmx and the page's scripts: the form opens from the top of the discussion.
    context = chromium.new_context(viewport=PHONE)
    page = sign_in(context, base, "unodc.focal")
    page.goto(f"{base}{SECTIONS['discussion']}")
    page.get_by_text("Start a thread", exact=True).click()
    page.get_by_label("Title").fill("Terms of reference for the joint mission")
    page.get_by_label("Message").fill("Please find the draft terms of reference attached to the meeting.")
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_url("**/discussion/**#post-*")
    new_id = page.url.rsplit("#post-", 1)[1]
    notice = page.locator(f"#post-{new_id} .wg-notice")
    assert notice.inner_text().strip() == "Your message was posted."
    assert _in_sight(page, notice), page.url
    assert page.get_by_role("heading", name="Terms of reference for the joint mission").is_visible()
    screenshot(page, "working-group-posted-thread-phone")

    # A reply to a thread on the second page: the fold opens, the reply goes in with htmx, in place.
    page.goto(f"{base}{SECTIONS['discussion']}?page=2")
    thread = page.locator(f"#post-{old_thread.pk}")
    reply_box = thread.get_by_label("Your reply")
    assert not reply_box.is_visible(), "the reply form is folded until asked"
    thread.locator("summary").first.click()
    reply_box.fill("We agree with the second option.")
    address = page.url
    thread.locator("form.wg-reply button[type=submit]").click()
    notice = page.locator(".wg-notice")
    notice.wait_for()
    assert page.url == address
    assert notice.inner_text().strip() == "Your message was posted."
    assert _in_sight(page, notice)
    reply = page.locator("li.wg-reply-item", has=notice)
    assert "We agree with the second option." in reply.inner_text()
    screenshot(page, "working-group-posted-reply-htmx-phone")
    context.close()

    # The same reply without JavaScript: the page lands on the thread's page, its fold open, at the reply.
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = sign_in(context, base, "unodc.focal")
    page.goto(f"{base}{SECTIONS['discussion']}?page=2")
    thread = page.locator(f"#post-{old_thread.pk}")
    thread.locator("summary").first.click()
    thread.get_by_label("Your reply").fill("Without scripts, also agreed.")
    thread.locator("form.wg-reply button[type=submit]").click()
    page.wait_for_url("**/discussion/**#post-*")
    assert "page=2" in page.url or "post=" in page.url
    reply_id = page.url.rsplit("#post-", 1)[1]
    notice = page.locator(f"#post-{reply_id} .wg-notice")
    assert notice.inner_text().strip() == "Your message was posted."
    assert _in_sight(page, notice), page.url
    assert "Without scripts, also agreed." in page.locator(f"#post-{reply_id}").inner_text()
    screenshot(page, "working-group-posted-reply-no-script-phone")
    context.close()

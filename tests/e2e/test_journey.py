"""A Member State's focal point uses the platform in a real browser, end to end.

The demo data (seed_demo at a small scale) stands in for the platform: kenya.focal is invited to
the BMLE working group and has a CTED assessment that Kenya has not shared; Norway's assessment is
shared with entities, never with another State.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from platform_app.accounts.models import User
from platform_app.calendar.ical import event_uid
from platform_app.calendar.models import Event
from platform_app.calendar.views import FEED_DAYS_BACK
from platform_app.cted.models import CountryAssessment
from tests.factories import EventFactory, reference_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_SCALE = "0.02"
# A word no demo document holds, so the search finds exactly the uploaded one.
MARKER = "quillwort"
UPLOADED = b"Kenya's notes on border management, shared through the platform. quillwort\n"


@pytest.fixture
def demo(reference):
    call_command("seed_demo", scale=DEMO_SCALE, quiet=True)


def sign_in(page, base_url: str, login: str) -> None:
    page.goto(f"{base_url}/")
    # An anonymous visitor gets the public landing page, with the Compact's figures and a way in.
    assert page.get_by_role("heading", name="Compact in numbers").is_visible()
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def test_member_state_focal_point_journey(live_server, demo, browser, tmp_path):
    kenya = User.objects.get(username="kenya.focal")
    own_assessment = CountryAssessment.objects.filter(member_state__iso_alpha2="KE").earliest("pk")
    other_assessment = CountryAssessment.objects.filter(member_state__iso_alpha2="NO").earliest("pk")
    # An event of a working group Kenya neither belongs to nor is invited to.
    EventFactory(
        title="Closed PCVE coordination call",
        visibility="working_group",
        working_group=reference_group("PCVE"),
        starts_at=timezone.now() + timedelta(days=3),
    )
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    feed_uids = {event_uid(e) for e in Event.objects.visible_to(kenya).filter(ends_at__gte=since)}
    hidden_uids = {event_uid(e) for e in Event.objects.exclude(pk__in=Event.objects.visible_to(kenya))}
    assert feed_uids and hidden_uids, "the demo data holds events Kenya may see and events it may not"
    upload = tmp_path / "border-notes.txt"
    upload.write_bytes(UPLOADED)
    base = live_server.url

    chromium = browser()
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()

    # Signs in with the account's email.
    sign_in(page, base, kenya.email)
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Wanjiru Kamau"

    # Searches the directory and finds Norway's focal point.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    page.get_by_label("Name or job title").fill("Haugen")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/directory/?*")
    results = page.locator("table").first
    assert "Ingrid Haugen" in results.inner_text()
    assert "Wanjiru Kamau" not in results.inner_text()

    # Opens the working group space Kenya is invited to: it reads, it cannot write.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Working groups").click()
    page.get_by_role("link", name="BMLE", exact=False).first.click()
    page.wait_for_url("**/working-groups/BMLE/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("BMLE")
    assert "Kenya" in page.locator("section[aria-labelledby=guests-heading]").inner_text()
    assert page.get_by_role("heading", name="Workplan").is_visible()
    assert page.locator("a[href$='/posts/new/']").count() == 0, "a guest does not write in the space"

    # Shares a document with every focal point.
    page.goto(f"{base}/library/")
    page.get_by_role("link", name="Share a document").click()
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_label("Title").fill("Border management notes from Nairobi")
    page.get_by_label("Description").fill(f"Field observations on {MARKER} crossings.")
    page.get_by_label("Every focal point").check()
    page.get_by_role("button", name="Share the document").click()
    page.wait_for_url("**/library/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Border management notes from Nairobi"

    # Finds it again by full-text search, and downloads it.
    page.goto(f"{base}/library/")
    page.get_by_label("Search the library").fill(MARKER.upper())
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"**q={MARKER.upper()}*")
    found = page.locator("#main h3 a")
    assert found.all_inner_texts() == ["Border management notes from Nairobi"]
    found.first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download border-notes.txt").click()
    download = download_info.value
    assert download.suggested_filename == "border-notes.txt"
    download.save_as(tmp_path / "downloaded")
    assert (tmp_path / "downloaded").read_bytes() == UPLOADED

    # Subscribes to the personal calendar feed: a calendar program sends no session cookie.
    page.goto(f"{base}/accounts/profile/")
    feed_url = page.locator("#feed-url").input_value()
    assert feed_url.startswith(base) and feed_url.endswith(".ics")
    subscriber = chromium.new_context()  # a separate context: no cookies of the signed-in page
    answer = subscriber.request.get(feed_url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.body())
    uids = {str(component["UID"]) for component in calendar.walk("VEVENT")}
    assert uids == feed_uids
    assert not uids & hidden_uids
    assert subscriber.request.get(feed_url.replace(".ics", "x.ics")).status == 404
    subscriber.close()

    # Sees Kenya's own assessment, and cannot reach Norway's by any address.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="CTED").click()
    assert "Norway" not in page.locator("#main").inner_text()
    page.goto(f"{base}/cted/countries/KEN/")
    assert page.get_by_role("heading", level=1).inner_text() == "CTED assessments of Kenya"
    page.locator(f"a[href='/cted/assessments/{own_assessment.pk}/']").first.click()
    page.wait_for_url(f"**/cted/assessments/{own_assessment.pk}/")
    assert page.get_by_role("heading", name="Recommendations").first.is_visible()
    for address in (f"/cted/assessments/{other_assessment.pk}/", "/cted/countries/NOR/"):
        response = page.goto(f"{base}{address}")
        assert response.status == 404, address
        assert "Norway" not in page.content()
    context.close()

"""Every place that says when an event or a meeting takes place says it the one way of
platform_app.calendar.when (the `{% when %}` tag): an all-day entry as the dates at its venue, never
with a time; any other with its times in the reader's zone. The reminder mails in the recipient's
language and zone, the country page, the month grid and the newsletter's items; no template formats a
start or an end by itself."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from newsletters.models import NewsletterItem
from newsletters.services import Period, draft
from platform_app.calendar.notifications import send_event_reminders
from tests.factories import EventFactory, FocalPointFactory, MeetingFactory, reference_group, reference_org

CLOCK = re.compile(r"\b\d\d:\d\d\b")


def all_day(day: date, venue: str, **kwargs):
    """An all-day event on `day` at a venue in the zone `venue`: midnight to midnight there."""
    zone = ZoneInfo(venue)
    return EventFactory(
        all_day=True,
        time_zone=venue,
        starts_at=datetime.combine(day, time.min, tzinfo=zone),
        ends_at=datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
        **kwargs,
    )


# --- the reminder mails ---------------------------------------------------------------------------------


@pytest.fixture
def recipient(reference):
    """A focal point of an organization of the BMLE working group, who reads in French, in Tokyo."""
    group = reference_group("BMLE")
    member = group.memberships.select_related("organization").order_by("pk").first().organization
    return FocalPointFactory(
        organization=member, user__preferred_language="fr", user__time_zone="Asia/Tokyo", user__event_reminders=True
    ).user


def reminder_to(user):
    (message,) = [m for m in mail.outbox if user.email in m.to]
    html = next(body for body, kind in message.alternatives if kind == "text/html")
    return message.body, html


def without_addresses(body: str) -> str:
    return re.sub(r"https?://\S+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_reminder_of_an_all_day_event_gives_its_dates_at_the_venue_without_a_time(recipient):
    # The next day in Los Angeles: its midnight is within a day from now, and is some time of day in Tokyo.
    venue = ZoneInfo("America/Los_Angeles")
    day = timezone.now().astimezone(venue).date() + timedelta(days=1)
    all_day(day, "America/Los_Angeles", working_group=reference_group("BMLE"), visibility="working_group")
    mail.outbox.clear()
    send_event_reminders(24)
    text, html = reminder_to(recipient)
    for body in (text, html):
        assert f"{day.day} " in body and str(day.year) in body
        assert not CLOCK.search(without_addresses(body)), body
    assert f'<time datetime="{day.isoformat()}">' in html
    # In the recipient's language: the month in French.
    french_months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre")
    french_months += ("octobre", "novembre", "décembre")
    assert french_months[day.month - 1] in text


def test_a_reminder_of_a_timed_event_gives_its_times_in_the_recipients_zone(recipient):
    start = (timezone.now() + timedelta(hours=3)).replace(minute=30, second=0, microsecond=0)
    EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        working_group=reference_group("BMLE"),
        visibility="working_group",
    )
    mail.outbox.clear()
    send_event_reminders(24)
    text, html = reminder_to(recipient)
    local = start.astimezone(ZoneInfo("Asia/Tokyo"))
    ends = local + timedelta(hours=2)
    for body in (text, html):
        assert f"{local:%H:%M}" in body and f"{ends:%H:%M}" in body
        assert "Asia/Tokyo" in body
    assert "<time" not in text and "&lt;" not in text


# --- the country page ------------------------------------------------------------------------------------


def _sign_in_in_nairobi(client, user) -> None:
    """Signs `user` in, reading the site in Nairobi's time zone."""
    user.time_zone = "Africa/Nairobi"
    user.save(update_fields=["time_zone"])
    client.force_login(user)


def _on_kenyas_page(client, people, event) -> str:
    """The item of `event`, given Kenya as a country, on Kenya's page as its focal point reads it in Nairobi."""
    event.countries.set([reference_org("KE")])
    _sign_in_in_nairobi(client, people.state)
    html = client.get(reverse("countries:profile", kwargs={"iso3": "KEN"})).content.decode()
    return html[html.index(event.title) : html.index("</li>", html.index(event.title))]


def test_the_country_page_gives_an_all_day_events_dates_at_the_venue(client, people):
    # Midnight in Tokyo is the afternoon before in Nairobi.
    day = timezone.now().date() + timedelta(days=10)
    event = all_day(day, "Asia/Tokyo", title="National consultation")
    item = _on_kenyas_page(client, people, event)
    assert f'<time datetime="{day.isoformat()}">{day.day} {day:%b %Y}</time>' in item
    assert not CLOCK.search(item)


def test_the_country_page_gives_a_timed_events_time_in_the_readers_zone(client, people):
    start = datetime.combine(timezone.now().date() + timedelta(days=10), time(9), tzinfo=UTC)
    event = EventFactory(title="Regional dialogue", starts_at=start, ends_at=start + timedelta(hours=2))
    item = _on_kenyas_page(client, people, event)
    assert ">12:00</time>" in item or " 12:00</time>" in item


# --- the month grid --------------------------------------------------------------------------------------


def test_the_month_grid_gives_a_timed_entrys_start_in_the_readers_zone(client, people):
    start = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    EventFactory(title="Morning briefing", starts_at=start, ends_at=start + timedelta(hours=1))
    all_day(date(2030, 1, 16), "Asia/Tokyo", title="Day of dialogue")
    _sign_in_in_nairobi(client, people.entity)
    html = client.get(reverse("calendar:month"), {"month": "2030-01"}).content.decode()
    briefing = html[html.rindex("<li", 0, html.index("Morning briefing")) : html.index("Morning briefing")]
    assert 'datetime="2030-01-15T12:00:00+03:00"' in briefing and ">12:00</time>" in briefing
    day = html[html.rindex("<li", 0, html.index("Day of dialogue")) : html.index("Day of dialogue")]
    assert not CLOCK.search(day)


# --- the newsletter --------------------------------------------------------------------------------------


def test_the_newsletter_dates_an_all_day_event_by_the_days_at_its_venue(reference):
    # 3 October in Tokyo starts on 2 October in UTC, the zone the newsletter is composed in.
    all_day(date(2030, 10, 3), "Asia/Tokyo", kind="high_level", title="Ministerial meeting")
    morning, midnight = datetime(2030, 10, 8, 9, tzinfo=UTC), datetime(2030, 10, 9, tzinfo=UTC)
    EventFactory(kind="high_level", title="Workshop", starts_at=morning, ends_at=midnight)
    issue = draft(Period.parse("2030-09/2030-10"))
    items = {item.text: item.date_text for item in NewsletterItem.objects.filter(section__issue=issue)}
    (ministerial,) = [dates for text, dates in items.items() if "Ministerial meeting" in text]
    assert ministerial == "3 October"
    # An end at midnight belongs to the day before, as on the pages.
    (workshop,) = [dates for text, dates in items.items() if text.endswith("Workshop")]
    assert workshop == "8 October"


# --- no template formats a start or an end itself -------------------------------------------------------

FORMATTED_BY_HAND = re.compile(r"\b(?:starts|ends)_at\s*\|\s*(?:date|time)\b")


def test_no_template_formats_a_start_or_an_end_itself():
    found = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in (".html", ".txt") and path.is_file():
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if FORMATTED_BY_HAND.search(line):
                        found.append(f"{path.relative_to(folder)}:{number}")
    assert not found, "Use {% when entry %} (platform_app.calendar.when) instead: " + ", ".join(found)


def test_the_tag_writes_plain_text_for_mails_with_the_zone_when_asked(reference):
    meeting = MeetingFactory(
        starts_at=datetime(2030, 1, 15, 9, 0, tzinfo=UTC), ends_at=datetime(2030, 1, 15, 11, 0, tzinfo=UTC)
    )
    event = all_day(date(2030, 3, 2), "America/Los_Angeles")
    template = Template(
        "{% load calendar_time tz %}{% timezone 'Africa/Nairobi' %}"
        "[{% when m style='long' text=True zone=True %}][{% when e text=True zone=True %}]"
        "[{% when m style='time' part='start' %}]{% endtimezone %}"
    )
    written = template.render(Context({"m": meeting, "e": event}))
    assert "[Tuesday 15 January 2030, 12:00 \u2013 14:00 (Africa/Nairobi)]" in written
    assert "[2 Mar 2030 (all day)]" in written
    assert '[<time datetime="2030-01-15T12:00:00+03:00">12:00</time>]' in written


# --- the names of time zones ----------------------------------------------------------------------------


def test_a_zone_is_named_as_people_read_it_and_may_wrap_after_each_slash():
    rendered = Template("{% load calendar_time %}{{ zone|zone_name }}").render(
        Context({"zone": "America/Argentina/Buenos_Aires"})
    )
    assert rendered == "America/<wbr>Argentina/<wbr>Buenos Aires"
    assert Template("{% load calendar_time %}{{ zone|zone_name }}").render(Context({"zone": "<b>/x"})) == (
        "&lt;b&gt;/<wbr>x"
    )


def test_the_event_page_lets_a_long_zone_name_wrap(client, people):
    """Unbroken, "America/Santo_Domingo" in the details' first column made the page wider than a phone."""
    start = datetime.combine(timezone.now().date() + timedelta(days=10), time(9), tzinfo=UTC)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), time_zone="America/Santo_Domingo")
    client.force_login(people.state)
    html = client.get(reverse("calendar:event", args=[event.pk])).content.decode()
    assert "America/<wbr>Santo Domingo" in html and "Santo_Domingo" not in html

"""The month grid's weeks are written in Python (platform_app.calendar.markup) exactly as its template's loop
wrote them: every kind of cell, in languages written both ways, with what the page shows."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from platform_app.calendar import markup
from platform_app.calendar.models import Event
from tests.factories import EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The loop the Python replaced, as it was in calendar/_month_grid.html: what it must keep writing.
WEEKS_TEMPLATE = """{% load calendar_time figures i18n %}{% for week in weeks %}
    <tr>
      {% for day in week %}
      <td{% if not day.in_month or day.today %} class="{% if not day.in_month %}other-month{% endif %}{% if day.today %} today{% endif %}"{% endif %}{% if day.today %} aria-current="date"{% endif %}>
        <time class="day-number" datetime="{{ day.date|date:'Y-m-d' }}"><span aria-hidden="true">{{ day.date|date:"j" }}</span><span class="visually-hidden">{{ day.date|local_date:"weekday" }}</span></time>
        {% if day.today %}<span class="tag">{% translate "Today" %}</span>{% endif %}
        {% if day.items %}
        <ul>
          {% for item in day.items %}
          {% with entry=item.entry %}<li><a href="{{ entry.url }}">{% if entry.all_day %}<span class="when">{% translate "All day" %}</span>{% elif item.starts_here %}<span class="when">{% when entry style="time" part="start" %}</span>{% else %}<span class="when">{% translate "continued" %}</span>{% endif %} <bdi>{{ entry.title }}</bdi>{% if not entry.is_event %} <span class="tag">{{ entry.kind_label }}</span>{% endif %}</a></li>{% endwith %}
          {% endfor %}
          {% if day.more %}<li class="more"><a href="{{ day.more_url }}">{% blocktranslate count n=day.more with counter=day.more|figure %}{{ counter }} more{% plural %}{{ counter }} more{% endblocktranslate %}<span class="visually-hidden">: {{ day.date|local_date:"weekday" }}</span></a></li>{% endif %}
        </ul>
        {% endif %}
      </td>
      {% endfor %}
    </tr>
    {% endfor %}"""  # noqa: E501

ZONE = "Asia/Kolkata"
AWKWARD = 'Talks of O\'Brien & <Sons> "quoted"'


@pytest.fixture
def busy_month(people):
    """This month with every kind of cell: a day with more entries than it shows (timed, all day, one
    continued from the day before, a working group's meeting), a day with one and a day with one more than
    it shows, today's, and the days of the months around it."""
    today = timezone.localdate()
    noon = datetime(today.year, today.month, 10, 12, tzinfo=UTC)
    for hour in range(5):
        EventFactory(
            title=f"{AWKWARD} {hour}",
            starts_at=noon + timedelta(hours=hour),
            ends_at=noon + timedelta(hours=hour, minutes=30),
        )
    whole = EventFactory(
        title="Whole day", starts_at=noon.replace(hour=0), ends_at=noon.replace(hour=0) + timedelta(days=1)
    )
    Event.objects.filter(pk=whole.pk).update(all_day=True, time_zone="UTC")
    EventFactory(title="Three days", starts_at=noon - timedelta(days=1), ends_at=noon + timedelta(days=1))
    MeetingFactory(title="Group meeting", starts_at=noon + timedelta(days=2), ends_at=noon + timedelta(days=2, hours=1))
    EventFactory(title="Alone", starts_at=noon + timedelta(days=3), ends_at=noon + timedelta(days=3, hours=1))
    for hour in range(5):
        EventFactory(
            title=f"Later {hour}",
            starts_at=noon + timedelta(days=5, hours=hour),
            ends_at=noon + timedelta(days=5, hours=hour + 1),
        )
    EventFactory(title="Today's", starts_at=timezone.now(), ends_at=timezone.now() + timedelta(minutes=5))
    return today


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_weeks_are_written_as_the_template_wrote_them(language, people, busy_month, client):
    reader = people.secretariat
    reader.time_zone = ZONE  # times of day at a half-hour offset
    reader.save(update_fields=["time_zone"])
    client.force_login(reader)
    response = client.get(reverse("calendar:month"), {"month": f"{busy_month:%Y-%m}"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    weeks = response.context["weeks"]
    cells = [day for week in weeks for day in week]
    # Every shape is there: more than a day shows, a continued entry, an all-day one, another source's.
    assert any(day["more"] > 1 for day in cells) and any(day["more"] == 1 for day in cells)
    items = [item for day in cells for item in day["items"]]
    assert any(not item["starts_here"] for item in items) and any(item["entry"].all_day for item in items)
    assert any(not item["entry"].is_event for item in items) and any(day["today"] for day in cells)
    assert any(not day["in_month"] for day in cells)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(ZONE)):
        expected = Template(WEEKS_TEMPLATE).render(Context({"weeks": weeks}))
        written = markup.weeks_html(weeks)
    assert written == expected
    assert written in response.content.decode()

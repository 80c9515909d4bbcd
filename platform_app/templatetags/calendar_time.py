"""`{% load calendar_time %}`: `{% when entry %}` writes when an event, a meeting or a calendar entry takes
place, the same way on every page and in every mail (platform_app.calendar.when): an all-day entry as the
dates at its venue, any other with its times in the reader's zone.

    {% when event %}                        4 Dec 2026 14:00 to 16:00
    {% when meeting style="long" part="start" %}   Friday 4 December 2026, 14:00
    {% when event part="start" %}           4 Dec 2026 (all day), for an all-day event
    {% when entry style="time" part="start" %}     14:00, where the day is said already
    {% when event style="long" text=True zone=True %}   plain text, the zone named: for a mail
    {{ event.time_zone|zone_name }}         America/Santo Domingo, free to wrap after the "/"
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from platform_app.calendar.when import when as when_html

register = template.Library()


@register.simple_tag(name="when")
def when(entry, style: str = "short", part: str = "range", note: bool = True, text: bool = False, zone: bool = False):
    return when_html(entry, style=style, part=part, note=note, text=text, zone=zone)


@register.filter(name="zone_name")
def zone_name(zone) -> str:
    """An IANA zone as people read it, free to wrap after each "/": "America/Santo Domingo". Unbroken,
    "America/Argentina/Buenos_Aires" is wider than a phone's column and would widen the page."""
    parts = [part.replace("_", " ") for part in str(zone).split("/")]
    return format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in parts))

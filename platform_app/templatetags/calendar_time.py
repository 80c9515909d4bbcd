"""`{% load calendar_time %}`: `{% when entry %}` writes when an event, a meeting or a calendar entry takes
place, the same way on every page (platform_app.calendar.when): an all-day entry as the dates at its venue,
any other with its times in the viewer's zone.

    {% when event %}                        4 Dec 2026 14:00 to 16:00
    {% when meeting style="long" part="start" %}   Friday 4 December 2026, 14:00
    {% when event part="start" %}           4 Dec 2026 (all day), for an all-day event
"""

from django import template

from platform_app.calendar.when import when as when_html

register = template.Library()


@register.simple_tag(name="when")
def when(entry, style: str = "short", part: str = "range", note: bool = True):
    return when_html(entry, style=style, part=part, note=note)

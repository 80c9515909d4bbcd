"""`{% load figures %}`: numbers and dates as the reader's language writes them (platform_app/core/l10n.py).

    {{ count|figure }}                 3,670 (3 670 in French, 3670 in Spanish, 3,670 in Arabic)
    {{ median|figure:1 }}              20.5 (20,5 in French)
    {{ document.published_on|local_date }}              4 Jun 2025 (2025年6月4日 in Chinese)
    {{ event.starts_at|local_date:"day_time" }}         4 Jun 2025 14:00, in the reader's zone
    {{ snapshot|snapshot_date }}       the day a snapshot of the figures stands for (metrics/dates.py)

Every figure a page shows goes through `figure`, never `intcomma` or `floatformat`, and every date through
`local_date` or `{% when %}`, never a pattern of `date` (which is right in one language only): machine
formats for attributes (`|date:"c"`, `|date:"Y-m-d"`) are the only patterns left in templates. In a plural
sentence, count with one name and show the figure under the message's own name, so that the message keeps
its msgid:

    {% blocktranslate count n=total with counter=total|figure %}{{ counter }} result{% plural %}...
"""

from django import template
from django.utils.html import format_html

from platform_app.core.l10n import date_text
from platform_app.core.l10n import figure as figure_text
from platform_app.metrics.dates import LONG, snapshot_day, snapshot_text

register = template.Library()


@register.filter
def figure(value, decimals=0):
    """A number grouped by thousands in the active language; `decimals` places (default none)."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 0
    return figure_text(value, places)


@register.filter(expects_localtime=True)
def local_date(value, style="day"):
    """A date, or a moment in the reader's zone, in the active language's pattern for `style` (core.l10n
    DATE_STYLES: day, day_time, date, weekday, weekday_time, month, month_short, time); empty for nothing."""
    if value in (None, ""):
        return ""
    return date_text(value, style)


@register.filter
def snapshot_date(value):
    """A snapshot (or its `as_of`) as a <time> element: "1 July 2025"; empty for nothing."""
    as_of = getattr(value, "as_of", value)
    if not as_of:
        return ""
    return format_html('<time datetime="{}">{}</time>', snapshot_day(as_of).isoformat(), snapshot_text(as_of, LONG))

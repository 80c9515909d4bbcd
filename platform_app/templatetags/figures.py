"""`{% load figures %}`: `{{ snapshot|snapshot_date }}` writes the day a snapshot of the figures stands for,
the same text for every reader whatever their time zone (platform_app/metrics/dates.py)."""

from django import template
from django.utils.html import format_html

from platform_app.metrics.dates import LONG, snapshot_day, snapshot_text

register = template.Library()


@register.filter
def snapshot_date(value):
    """A snapshot (or its `as_of`) as a <time> element: "1 July 2025"; empty for nothing."""
    as_of = getattr(value, "as_of", value)
    if not as_of:
        return ""
    return format_html('<time datetime="{}">{}</time>', snapshot_day(as_of).isoformat(), snapshot_text(as_of, LONG))

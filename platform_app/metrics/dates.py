"""The date a snapshot of the figures stands for, written the same for every reader.

A snapshot's `as_of` is a moment in UTC: the hour the platform's schedule (in UTC) computed it, or the last
second of the day a newsletter or brochure published it. Shown in each reader's time zone, the same
snapshot would be dated 30 June in New York and 1 July in Nairobi; so it is shown as its day in UTC, a date
no zone shifts. Pages write it with the `snapshot_date` filter (platform_app/templatetags/figures.py); the
API keeps the moment itself, in ISO 8601.
"""

from __future__ import annotations

import datetime as dt

from platform_app.core.l10n import date_text

# The styles (core.l10n) in which pages write a snapshot's day (4 December 2026) and the month of a point
# on a trend (Dec 2026, 2026年12月 in Chinese).
LONG = "date"
MONTH = "month_short"


def snapshot_day(as_of: dt.datetime) -> dt.date:
    """The day `as_of` stands for: its date in UTC, whoever reads it."""
    return (as_of.astimezone(dt.UTC) if as_of.tzinfo is not None else as_of).date()


def snapshot_text(as_of: dt.datetime, style: str = LONG) -> str:
    """`as_of`'s day in the active language: "1 July 2025", or with `style=MONTH` "Jul 2025"."""
    return date_text(snapshot_day(as_of), style)

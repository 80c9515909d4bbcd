"""The keys of records read from input: a value of the query or of a form, or what a service is given."""

from __future__ import annotations

# Beyond what a database integer key holds; larger numbers are refused here, not by the database.
MAX_ID = 2**53


def key_of(value) -> int | None:
    """The primary key of a model instance or of a number (or its text); None for anything else, and for a
    number no database holds."""
    if value is None:
        return None
    raw = getattr(value, "pk", value)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None

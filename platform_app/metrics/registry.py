"""Breakdowns of "Compact in numbers" that other apps count over their own records.

An app registers a provider under the breakdown's name when it starts (from its AppConfig.ready());
each aggregation calls every provider inside the same transaction as the platform's own counts, and
the snapshot keeps the result under that name, next to the platform's breakdowns.

A provider takes no arguments and returns the breakdown as a list of rows, usually built with
`grouped` and `with_labels`: [{"key": ..., "label": ..., "count": ...}, ...].
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count

Breakdown = list[dict]

_providers: dict[str, Callable[[], Breakdown]] = {}


def register_breakdown(name: str, provider: Callable[[], Breakdown]) -> None:
    """Counts `name` with provider from the next aggregation on; registering a name again replaces it."""
    _providers[name] = provider


def registered_breakdowns() -> dict[str, Breakdown]:
    """Every registered breakdown, counted now, in the order they were registered."""
    return {name: provider() for name, provider in _providers.items()}


def grouped(queryset, key: str) -> dict[str, int]:
    """How many rows of queryset have each value of key, leaving out empty values."""
    rows = queryset.order_by().values_list(key).annotate(n=Count("*"))
    return {str(k) if k is not None else "": n for k, n in rows if k is not None and k != ""}


def with_labels(counts: dict[str, int], labels: dict[str, str]) -> Breakdown:
    """A breakdown as a list that keeps a stable order and carries display labels."""
    return [{"key": key, "label": str(labels.get(key, key)), "count": counts[key]} for key in sorted(counts)]

"""Counting and paging long lists at a bounded cost.

An exact COUNT(*) over everything a person may see reads every matching row: on a large library it
costs more than the page itself. Lists therefore count matches up to LIST_COUNT_LIMIT (10,000 by
default) and page through that many at most; beyond it, filters and search narrow the list (nobody
reads page 500).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


def count_limit(*, searching: bool = False) -> int:
    """How many matches a list counts: fewer when it is searched, whose matches are read from the top."""
    return settings.SEARCH_COUNT_LIMIT if searching else settings.LIST_COUNT_LIMIT


class CappedPaginator(Paginator):
    """A Paginator whose `count` stops at `limit` (LIST_COUNT_LIMIT unless given); `capped` says whether
    more rows match."""

    _capped = False

    def __init__(self, *args, limit: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        limit = count_limit() if self.limit is None else self.limit
        if hasattr(self.object_list, "query"):
            # COUNT(*) over a LIMIT subquery: reads at most limit + 1 matching rows, in no order.
            found = self.object_list.order_by()[: limit + 1].count()
        else:
            found = len(self.object_list)
        self._capped = found > limit
        return min(found, limit)

    @property
    def capped(self) -> bool:
        self.count  # noqa: B018 - counting sets it
        return self._capped

"""Counting and paging long lists at a bounded cost.

An exact COUNT(*) over everything a person may see reads every matching row: on a large library it
costs more than the page itself. Lists therefore count matches up to LIST_COUNT_LIMIT (10,000 by
default) and page through that many at most; beyond it, filters and search narrow the list (nobody
reads page 500).

Every list shows the same pager (templates/includes/pagination.html, through `pager`): the page numbers
around the current one, the first and the last, previous and next, and a form to go to a page by number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property


def count_limit(*, searching: bool = False) -> int:
    """How many matches a list counts: fewer when it is searched, whose matches are read from the top."""
    return settings.SEARCH_COUNT_LIMIT if searching else settings.LIST_COUNT_LIMIT


def counted(queryset: QuerySet, limit: int) -> QuerySet:
    """What a list's count reads: the keys of its first `limit` + 1 rows, in no order. Not the rows' other
    columns or annotations (a search's rank, names), which a count would compute for every row only to throw
    them away; a list of rows made distinct by their columns (`.values(...).distinct()`) or a union is
    counted as it is."""
    rows = queryset.order_by()
    if not rows.query.combinator and not (rows.query.distinct and rows.query.values_select):
        rows = rows.values("pk")
    return rows[: limit + 1]


def count_up_to(queryset: QuerySet, limit: int) -> int:
    """How many rows `queryset` holds, up to `limit` + 1: COUNT(*) over `counted`, which reads at most that
    many matching rows. More than `limit` says the list goes on."""
    return counted(queryset, limit).count()


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
        rows = self.object_list
        found = count_up_to(rows, limit) if hasattr(rows, "query") else len(rows)
        self._capped = found > limit
        return min(found, limit)

    @property
    def capped(self) -> bool:
        self.count  # noqa: B018 - counting sets it
        return self._capped


# Page numbers shown on each side of the current one, and at each end of the list: "1 … 4 5 [6] 7 8 … 118".
AROUND_CURRENT = 2
AT_EACH_END = 1

# The query parameter of the page number, on every list.
PAGE_PARAM = "page"


@dataclass(frozen=True)
class PagerLink:
    """One place in the row of page numbers: a page and its address, or a gap (`number` None) for the
    pages left out."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """What a list's pager shows of a page: previous and next, the numbers around the current page with the
    first and the last, and a form to go to any page (sent to `action`) that keeps the rest of the query
    string (`hidden`, name and value pairs)."""

    number: int
    last: int
    links: tuple[PagerLink, ...]
    previous_url: str
    next_url: str
    action: str
    hidden: tuple[tuple[str, str], ...]
    param: str = PAGE_PARAM


def pager(page: Page, path: str, query: QueryDict) -> Pager:
    """The pager of `page`, a page of the list at `path` read with `query`: each address is `query` with
    the page number changed, so the search and the filters stay as they are."""

    def url(number: int) -> str:
        changed = query.copy()
        changed[PAGE_PARAM] = str(number)
        return f"?{changed.urlencode()}"

    paginator = page.paginator
    numbers = paginator.get_elided_page_range(page.number, on_each_side=AROUND_CURRENT, on_ends=AT_EACH_END)
    links = tuple(
        PagerLink(number, url(number), current=number == page.number) if isinstance(number, int) else PagerLink(None)
        for number in numbers
    )
    hidden = tuple((name, value) for name, values in query.lists() if name != PAGE_PARAM for value in values)
    return Pager(
        number=page.number,
        last=paginator.num_pages,
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
        # The list's own address: the form's fields make the whole query string.
        action=path,
        hidden=hidden,
    )

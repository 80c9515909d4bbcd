"""The site search, `/search/?q=`: every kind of record the reader may see, grouped by kind, each group with
its count (up to OVERVIEW_COUNT_LIMIT: "more than 100") and its first hits; `?kind=` gives one kind's hits,
page by page, counted as the lists count a search (SEARCH_COUNT_LIMIT).

Each kind is searched as its own list is (`core.search.search` over the kind's `visible_to(user)`), so a
count never includes, and a hit never is, a record the reader may not see. The cost does not grow with the
data: per kind, one query for the first hits and, when there are more, one count that stops at
OVERVIEW_COUNT_LIMIT; where the matches are ranked, the best first among the first OVERVIEW_COUNT_LIMIT + 1 in
the kind's order (core.search.search), so that a common word costs each kind a short walk of its index.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from platform_app.core.audit import note_shown
from platform_app.core.filters import search_field
from platform_app.core.highlight import words_of
from platform_app.core.paging import count_limit, count_up_to
from platform_app.core.portal import paginate, platform_page
from platform_app.core.search import search
from platform_app.search import kinds as _platform_kinds  # noqa: F401 - registers the platform's kinds
from platform_app.search.registry import Hit, SearchKind, kind_named, kinds

# Hits shown of each kind on the first page; "All N results" leads to the others.
PER_KIND = 5


PER_PAGE = 25


# How far the overview counts each kind's matches (fewer if the lists count fewer): past it, "more than 100",
# and the kind's own pages say more.
OVERVIEW_COUNT_LIMIT = 100


# A search needs a word at least this long: one letter would match nearly everything.
MIN_WORD = 2


class SearchForm(forms.Form):
    q = search_field(_("Search the platform"))


@dataclass(frozen=True)
class Group:
    """One kind's part of the results: how many the reader may see (`capped`: more than `count`), and the
    first of them."""

    kind: SearchKind
    count: int
    capped: bool
    hits: list[Hit]


def _found(kind: SearchKind, user, text: str, reach: int | None = None):
    return search(kind.rows(user), text, kind.ordering, reach=reach)


def _group(request: HttpRequest, kind: SearchKind, text: str, words: list[str]) -> Group:
    limit = min(OVERVIEW_COUNT_LIMIT, count_limit(searching=True))
    found = _found(kind, request.user, text, reach=limit + 1)
    rows = list(found[:PER_KIND])
    note_shown(request, rows)
    count, capped = len(rows), False
    if count == PER_KIND:
        matches = count_up_to(found, limit)  # as the lists count a search: at most limit + 1 keys read
        count, capped = min(matches, limit), matches > limit
    return Group(kind, count, capped, kind.hits(rows, text, words))


def _refused(text: str) -> str:
    """Why `text` is not searched, or "" when it is."""
    if not text:
        return _("Type a word or two to find people, organizations, documents, events and more.")
    if max((len(word) for word in words_of(text)), default=0) < MIN_WORD:
        return _("Type a word of at least two letters.")
    return ""


@platform_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    text = (form.cleaned_data.get("q") or "").strip()
    # A kind the registry does not know gives every kind, as no kind does.
    kind = kind_named(request.GET.get("kind", ""))
    context = {"form": form, "text": text, "kind": kind, "groups": [], "page": None, "hits": []}
    refusal = "" if form.errors else _refused(text)
    if form.errors or refusal:
        context["refusal"] = refusal
        return render(request, "search/index.html", context)
    words = words_of(text)
    if kind is not None:
        page = paginate(request, _found(kind, request.user, text), PER_PAGE)
        context.update(page=page, hits=kind.hits(list(page.object_list), text, words))
    else:
        groups = [_group(request, each, text, words) for each in kinds()]
        context.update(
            groups=[group for group in groups if group.count],
            empty=[group.kind for group in groups if not group.count],
            total=sum(group.count for group in groups),
            capped=any(group.capped for group in groups),
        )
    return render(request, "search/index.html", context)

"""What the library's search page shows: the documents matching a search and its filters, best first,
and each facet's values with the number of documents choosing it would give.

Everything starts from `Document.objects.visible_to(user)`, so no result or count includes a document
its reader may not see. The passage quoted for each hit (`snippets`) is read for the page's documents only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import Count, F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least, Left, Lower, NullIf, StrIndex, Substr
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from platform_app.core.filters import PageFilters, read_page
from platform_app.core.highlight import excerpt, found_in, headline, headlined, holds, words_of
from platform_app.core.paging import count_limit
from platform_app.core.search import Reached, reached, search_query
from platform_app.library.filters import DocumentFilterSet
from platform_app.library.models import CONTENT_SEARCHED, Document, DocumentText
from platform_app.structure.models import Pillar

# The library's order without a search, and after the best matches with one (as the API's).
NEWEST = ("-published_on", "-id")


# The filters offered as lists of values, each value with the number of results it would give.
FACETS = ("theme", "pillar", "working_group", "document_type", "language", "organization", "year")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    errors: list[str]


def _count(queryset: QuerySet, *fields: str, distinct: bool = False) -> list[dict]:
    """One GROUP BY query: the number of documents of `queryset` for each value of `fields`."""
    return list(queryset.order_by().values(*fields).annotate(n=Count("pk", distinct=distinct)))


def _pillar_label(number: int) -> str:
    return _("Pillar %(roman)s") % {"roman": Pillar(number=number).roman}


def _facet_values(name: str, queryset: QuerySet) -> list[tuple[str, str, int]]:
    """(value, label, count) of one facet over `queryset`, in the order they are offered."""
    if name == "theme":
        rows = _count(queryset, "themes__slug", "themes__name", distinct=True)
        found = [(r["themes__slug"], r["themes__name"], r["n"]) for r in rows if r["themes__slug"]]
        return sorted(found, key=lambda v: v[1])
    if name == "pillar":
        rows = _count(queryset, "pillars__number", distinct=True)
        numbers = sorted(r["pillars__number"] for r in rows if r["pillars__number"])
        counts = {r["pillars__number"]: r["n"] for r in rows}
        return [
            (str(n), _("Pillar %(roman)s") % {"roman": ("I", "II", "III", "IV")[n - 1]}, counts[n]) for n in numbers
        ]
    if name == "working_group":
        rows = _count(queryset, "working_group_id", "working_group__number", "working_group__short_name")
        found = [r for r in rows if r["working_group_id"]]
        found.sort(key=lambda r: r["working_group__number"])
        return [(str(r["working_group_id"]), r["working_group__short_name"], r["n"]) for r in found]
    if name == "document_type":
        rows = _count(queryset, "document_type")
        labels = dict(Document.Type.choices)
        found = [(r["document_type"], str(labels.get(r["document_type"], r["document_type"])), r["n"]) for r in rows]
        return sorted(found, key=lambda v: v[1])
    if name == "language":
        rows = _count(queryset, "language_id", "language__name")
        return sorted(((r["language_id"], r["language__name"], r["n"]) for r in rows), key=lambda v: v[1])
    if name == "organization":
        rows = _count(queryset, "organization_id", "organization__acronym", "organization__name")
        found = [
            (str(r["organization_id"]), r["organization__acronym"] or r["organization__name"], r["n"]) for r in rows
        ]
        # The organizations that shared most come first: at scale this list is long.
        return sorted(found, key=lambda v: (-v[2], v[1].casefold()))
    if name == "year":
        rows = queryset.order_by().annotate(year=ExtractYear("published_on")).values("year").annotate(n=Count("pk"))
        return [(str(r["year"]), str(r["year"]), r["n"]) for r in sorted(rows, key=lambda r: -r["year"])]
    raise ValueError(name)


def _selected(values: dict, name: str) -> tuple[str, str] | None:
    """The valid value chosen for a facet, and its label."""
    value = values.get(name)
    if value is None:
        return None
    if name == "theme":
        return value.slug, value.name
    if name == "pillar":
        return str(value.number), _pillar_label(value.number)
    if name == "working_group":
        return str(value.pk), value.short_name
    if name == "document_type":
        return value, str(Document.Type(value).label)
    if name == "language":
        return value.pk, value.name
    if name == "organization":
        return str(value.pk), str(value)
    return str(value), str(value)


@dataclass
class LibrarySearch:
    """The library's query string as its page read it for one reader (`read_page`); `facets` is counted
    when first read."""

    found: PageFilters
    filterset: DocumentFilterSet
    visible: QuerySet
    results: QuerySet

    @property
    def form(self):
        return self.found.form

    @cached_property
    def facets(self) -> list[Facet]:
        """Each facet counted over the results of every other filter (and the search), so its values show
        what choosing one gives: over the documents such a list reaches (`core.search.reached`), the newest
        first, as many as it counts (SEARCH_COUNT_LIMIT with a search, LIST_COUNT_LIMIT without), as counting
        a large library or every match of a common word would read every row; `facets_among` then says how
        many."""
        values = self.found.values
        # The rows each facet counts over: the same for every facet but a chosen one, read once for each.
        counted: dict[str | None, Reached] = {}
        facets = []
        for name in FACETS:
            without = name if name in values else None
            if without not in counted:
                others = self.visible
                for key, value in values.items():
                    if key != without:
                        others = self.filterset.filters[key].filter(others, value)
                counted[without] = reached(others, self.found.text, NEWEST)
            selected = _selected(values, name)
            found = _facet_values(name, counted[without].rows)
            entries = [FacetValue(v, label, n, selected is not None and v == selected[0]) for v, label, n in found]
            if selected is not None and not any(entry.selected for entry in entries):
                # Still offered, so the form keeps the choice when nothing matches it.
                entries.insert(0, FacetValue(selected[0], selected[1], 0, True))
            label = str(self.form.fields[name].label)
            facets.append(Facet(name, label, entries, list(self.form.errors.get(name, []))))
        self._facets_capped = any(rows.more for rows in counted.values())
        return facets

    @property
    def facets_among(self) -> int | None:
        """How many documents the facets count among, the newest first, when there are more; else None."""
        self.facets  # noqa: B018 - counting them says
        return count_limit(searching=self.searching) if self._facets_capped else None

    @property
    def searching(self) -> bool:
        return bool(self.found.text)

    @property
    def filtered(self) -> bool:
        return self.found.filtered


def library_search(request) -> LibrarySearch:
    """The documents the reader may see that match the page's query string, through the documents' filter
    set as the API reads it (`read_page`): a value the page cannot use, or a search the engine refuses, is
    reported on the form and left out."""
    visible = Document.objects.visible_to(request.user)
    found = read_page(DocumentFilterSet, request, visible, NEWEST)
    results = found.rows.select_related("language", "organization", "working_group").prefetch_related("themes")
    return LibrarySearch(found, found.filterset, visible, results)


# On PostgreSQL the passage is looked for in this many characters of the text, from a little before the first
# place a word typed appears (else from the start): ts_headline parses all it is given, and the whole searched
# prefix of a page's documents would take half a second. A word found by its stem alone ("ledgers" typed, only
# "ledger" written) may then lie outside: the description is quoted instead.
PASSAGE_WINDOW = 3_000
PASSAGE_LEAD = 300


def _around(words: list[str]) -> Substr:
    """The part of a text (`searched`) that `headline` reads for `words`."""
    lowered = Lower("searched")
    places = [NullIf(StrIndex(lowered, Value(word.lower())), Value(0)) for word in words]
    first = Coalesce(Least(*places) if len(places) > 1 else places[0], Value(1))
    return Substr("searched", Greatest(first - PASSAGE_LEAD, Value(1)), PASSAGE_WINDOW)


def snippets(documents, text: str) -> dict[int, SafeString]:
    """The passage of each of `documents` (a page of results, which its reader may see) where the search for
    `text` found it, by document id: in the text of its current version (which whoever sees a document may
    open) within what is searched of it, else in its description, else the description's or the text's
    first words. Escaped, the words found in <mark>. One query for the page, whatever its size; none
    without a search.

    On PostgreSQL the database quotes the passage (`core.highlight.headline`), marking the words as the search
    found them, by their stems in the document's language; elsewhere `core.highlight.excerpt` quotes the line
    around the first word typed."""
    ids = [document.pk for document in documents]
    words = words_of(text)
    if not ids or not words:
        return {}
    current = DocumentText.objects.current().filter(version__document=OuterRef("pk"))
    current = current.annotate(searched=Left("content", CONTENT_SEARCHED))
    rows = Document.objects.filter(pk__in=ids).order_by()
    if connections[rows.db].vendor == "postgresql":
        content = Subquery(current.annotate(around=_around(words)).values("around")[:1])
        query = search_query(text)
        config = Func(F("language_id"), function="compact_search_config")
        found = rows.values_list("pk", headline(content, query, config), headline(F("description"), query, config))
        return {
            pk: headlined(next((p for p in (in_text, in_description) if found_in(p)), in_description or in_text))
            for pk, in_text, in_description in found
        }
    found = rows.values_list("pk", Subquery(current.values("searched")[:1]), "description")
    return {
        pk: excerpt([in_text, in_description] if holds(in_text, words) else [in_description, in_text], words)
        for pk, in_text, in_description in found
    }

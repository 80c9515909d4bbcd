"""What the library's search page shows: the documents matching a search and its filters, best first,
and each facet's values with the number of documents choosing it would give.

Everything starts from `Document.objects.visible_to(user)`, so no result or count includes a document
its reader may not see. The passage quoted for each hit (`snippets`) is read for the page's documents only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least, Left, Lower, NullIf, StrIndex, Substr
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from platform_app.core.filters import PageFilters, read_page
from platform_app.core.highlight import excerpt, found_in, headline, headlined, holds, words_of
from platform_app.core.paging import count_limit
from platform_app.core.search import Reached, reached, search_query
from platform_app.directory.models import Organization
from platform_app.library.filters import DocumentFilterSet
from platform_app.library.models import CONTENT_SEARCHED, Document, DocumentText
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup

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


# Where each facet's value is, for the rows counted: a column of the document (`year`, annotated), or of a
# many-to-many table.
_COLUMNS = {
    "document_type": "document_type",
    "language": "language_id",
    "working_group": "working_group_id",
    "organization": "organization_id",
    "year": "year",
}
_HELD_IN = {"theme": ("themes", "thematicarea_id"), "pillar": ("pillars", "pillar_id")}


def _counted(rows: QuerySet, names: list[str]) -> dict[str, dict[str, int]]:
    """How many of `rows` choose each value of each facet of `names`, by its value as text, in one query.

    The rows (at most as many as a list counts: `core.search.reached`) are read once, as a common table, and
    grouped by each facet's column; themes and pillars through their many-to-many tables, whose rows are
    unique by document, so a document counts once per value. Counting each facet by a query of its own read
    the rows seven times over."""
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    if rows.query.is_empty():
        return counts
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    inner = rows.order_by().annotate(year=ExtractYear("published_on")).values_list("pk", *_COLUMNS.values())
    inner_sql, params = inner.query.sql_with_params()
    # Built from this module's names and the model's table only; the values are parameters.
    branches = []
    for name in names:
        if name in _COLUMNS:
            branches.append(f"SELECT %s, CAST({_COLUMNS[name]} AS TEXT), COUNT(*) FROM counted GROUP BY 2")  # noqa: S608
        else:
            field, column = _HELD_IN[name]
            table = quote(getattr(Document, field).through._meta.db_table)
            branches.append(
                f"SELECT %s, CAST(held.{column} AS TEXT), COUNT(*) FROM counted "  # noqa: S608
                f"JOIN {table} held ON held.document_id = counted.id GROUP BY 2"
            )
    # PostgreSQL would read the common table once anyway, as it is used more than once; said for clarity.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"WITH counted (id, {', '.join(_COLUMNS.values())}) AS {materialized}({inner_sql}) " + " UNION ALL ".join(
        branches
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *names])
        for name, value, n in cursor.fetchall():
            if value is not None:
                counts[name][value] = n
    return counts


def _pillar_label(number: int) -> str:
    return _("Pillar %(roman)s") % {"roman": Pillar(number=number).roman}


def _facet_values(name: str, counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(value, label, count) of one facet from its counts (`_counted`), in the order they are offered, each
    value's label read for the values counted only."""
    # Names in the reader's language, ordered as the database collates that language (reference.multilingual).
    if name == "theme":
        themes = ThematicArea.objects.filter(pk__in=counts).order_by("name")
        return [(t.slug, t.name, counts[str(t.pk)]) for t in themes]
    if name == "pillar":
        pillars = Pillar.objects.filter(pk__in=counts).order_by("number")
        return [(str(p.number), _pillar_label(p.number), counts[str(p.pk)]) for p in pillars]
    if name == "working_group":
        groups = WorkingGroup.objects.filter(pk__in=counts).order_by("number").only("pk", "number", "short_name")
        return [(str(g.pk), g.short_name, counts[str(g.pk)]) for g in groups]
    if name == "document_type":
        labels = dict(Document.Type.choices)
        return sorted(((v, str(labels.get(v, v)), n) for v, n in counts.items()), key=lambda v: v[1])
    if name == "language":
        languages = Language.objects.filter(pk__in=counts).order_by("name")
        return [(lang.pk, lang.name, counts[lang.pk]) for lang in languages]
    if name == "organization":
        organizations = Organization.objects.filter(pk__in=counts)
        found = [(str(o.pk), o.acronym or o.name, counts[str(o.pk)]) for o in organizations]
        # The organizations that shared most come first: at scale this list is long.
        return sorted(found, key=lambda v: (-v[2], v[1].casefold()))
    if name == "year":
        return [(year, year, counts[year]) for year in sorted(counts, key=int, reverse=True)]
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
        # The rows each facet counts over: the same for every facet but a chosen one (counted over the results
        # of every other filter), each set reached and counted once for the facets that count over it.
        over: dict[str | None, list[str]] = {}
        for name in FACETS:
            over.setdefault(name if name in values else None, []).append(name)
        counted: dict[str | None, Reached] = {}
        counts: dict[str, dict[str, int]] = {}
        for without, names in over.items():
            if without is None and self.found.reached is not None:
                matches = self.found.reached  # every filter and the search: the list's own matches, read once
            else:
                others = self.visible
                for key, value in values.items():
                    if key != without:
                        others = self.filterset.filters[key].filter(others, value)
                matches = reached(others, self.found.text, NEWEST)
            counted[without] = matches
            counts.update(_counted(matches.rows, names))
        facets = []
        for name in FACETS:
            selected = _selected(values, name)
            found = _facet_values(name, counts[name])
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

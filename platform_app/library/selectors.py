"""What the library's search page shows: the documents matching a search and its filters, best first,
and each facet's values with the number of documents choosing it would give.

Everything starts from `Document.objects.visible_to(user)`, so no result or count includes a document
its reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from platform_app.core.filters import PageFilters, read_page
from platform_app.core.search import apply_search
from platform_app.library.filters import DocumentFilterSet
from platform_app.library.models import Document
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
        what choosing one gives."""
        searched = apply_search(self.visible, self.found.text)
        values = self.found.values
        facets = []
        for name in FACETS:
            others = searched
            for key, value in values.items():
                if key != name:
                    others = self.filterset.filters[key].filter(others, value)
            selected = _selected(values, name)
            found = _facet_values(name, others)
            entries = [FacetValue(v, label, n, selected is not None and v == selected[0]) for v, label, n in found]
            if selected is not None and not any(entry.selected for entry in entries):
                # Still offered, so the form keeps the choice when nothing matches it.
                entries.insert(0, FacetValue(selected[0], selected[1], 0, True))
            label = str(self.form.fields[name].label)
            facets.append(Facet(name, label, entries, list(self.form.errors.get(name, []))))
        return facets

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

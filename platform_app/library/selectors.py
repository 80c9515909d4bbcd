"""What the library's search page shows: the documents matching a search and its filters, best first,
and each facet's values with the number of documents choosing it would give.

Everything starts from `Document.objects.visible_to(user)`, so no result or count includes a document
its reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as SearchError

from platform_app.core.search import apply_search
from platform_app.library.forms import LibrarySearchForm
from platform_app.library.models import Document
from platform_app.structure.models import Pillar


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


def _conditions(data: dict) -> dict[str, Q]:
    """The filter of each valid parameter, by name; one value per facet, so no join repeats a row."""
    conditions = {}
    lookups = {
        "theme": "themes",
        "pillar": "pillars",
        "working_group": "working_group",
        "document_type": "document_type",
        "language": "language",
        "organization": "organization",
        "year": "published_on__year",
        "published_after": "published_on__gte",
        "published_before": "published_on__lte",
    }
    for name, lookup in lookups.items():
        value = data.get(name)
        if value not in (None, ""):
            conditions[name] = Q(**{lookup: value})
    return conditions


def _ranked(queryset: QuerySet, text: str) -> QuerySet:
    """Best matches first on PostgreSQL's full-text search; elsewhere, and without a search, newest first."""
    newest = ("-published_on", "-id")
    if text and connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        return queryset.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", *newest)
    return queryset.order_by(*newest)


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


def _selected(form: LibrarySearchForm, name: str) -> tuple[str, str] | None:
    """The valid value chosen for a facet, and its label."""
    value = form.cleaned_data.get(name)
    if value in (None, ""):
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


def _facets(form: LibrarySearchForm, searched: QuerySet, conditions: dict[str, Q]) -> list[Facet]:
    """Each facet counted over the results of every other filter, so its values show what choosing one gives."""
    facets = []
    for name in LibrarySearchForm.FACETS:
        others = [condition for key, condition in conditions.items() if key != name]
        values = _facet_values(name, searched.filter(*others))
        selected = _selected(form, name)
        entries = [FacetValue(v, label, n, selected is not None and v == selected[0]) for v, label, n in values]
        if selected is not None and not any(entry.selected for entry in entries):
            # Still offered, so the form keeps the choice when nothing matches it.
            entries.insert(0, FacetValue(selected[0], selected[1], 0, True))
        facets.append(Facet(name, str(form.fields[name].label), entries, list(form.errors.get(name, []))))
    return facets


@dataclass
class LibrarySearch:
    """The results of a validated search form for one reader; `facets` is counted when first read."""

    form: LibrarySearchForm
    searched: QuerySet
    text: str
    conditions: dict[str, Q]
    results: QuerySet

    @cached_property
    def facets(self) -> list[Facet]:
        return _facets(self.form, self.searched, self.conditions)

    @property
    def searching(self) -> bool:
        return bool(self.text)

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.conditions)


def library_search(user, form: LibrarySearchForm) -> LibrarySearch:
    """The documents `user` may see that match `form` (already validated); a search the engine refuses is
    reported on the form and left out, like an invalid filter."""
    data = form.cleaned_data
    visible = Document.objects.visible_to(user)
    text = data.get("q") or ""
    try:
        searched = apply_search(visible, text)
    except SearchError as exc:
        form.add_error("q", [str(message) for message in exc.detail.get("search", [])] or _("Invalid search."))
        searched, text = visible, ""
    conditions = _conditions(data)
    results = _ranked(searched.filter(*conditions.values()), text)
    results = results.select_related("language", "organization", "working_group").prefetch_related("themes")
    return LibrarySearch(form, searched, text, conditions, results)

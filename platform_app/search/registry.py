"""The kinds of records the site search looks through, and how one of them is shown as a hit.

A kind says which rows a reader may find (its model's `visible_to(user)`, with what its hits show), the
order of its hits after the best matches, and how a hit reads. The words are matched by
`platform_app.core.search.search`, the function every list's page and API use, over the model's own
`SEARCH_FIELDS`: the site search and a list's own search find the same rows.

The platform's kinds are in `platform_app.search.kinds`, registered when the page's module imports it. An
app above the platform registers its own when it starts (the working groups' meetings and posts, from
workinggroups/search.py), so the platform never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it: its title and a line of context (escaped text, the words found
    marked), a few short facts (its type, date, organization: plain text, or marked text where the search
    reads them), and its page's address."""

    title: SafeString
    url: str
    context: SafeString
    facts: tuple[str | SafeString, ...] = ()


@dataclass(frozen=True)
class Refine:
    """The kind's own list page, offering its filters for the same search (`?q=`)."""

    url_name: str
    label: str


@dataclass(frozen=True)
class SearchKind:
    """A kind of record the site search finds.

    `name` is the kind as pages and tests know it (the results' `data-kind`), `label` its heading,
    `position` its place among the groups. `rows(user)` gives the records `user` may see, through the
    model's `visible_to`, with what `hit` reads of them joined in; `ordering` follows the best match (on
    PostgreSQL) or stands alone. `hit(row, words)` shows a row, marking `words`; `passages(rows, text)`, if
    the kind has it, quotes where the search found each of the rows shown, read for them all at once (the
    documents' text): the hit's context is then that passage."""

    name: str
    label: str
    position: int
    rows: Callable[[object], QuerySet] = field(compare=False)
    ordering: tuple[str, ...]
    hit: Callable[[Model, Sequence[str]], Hit] = field(compare=False)
    refine: Refine | None = None
    passages: Callable[[list[Model], str], dict[int, SafeString]] | None = field(default=None, compare=False)

    def hits(self, rows: list[Model], text: str, words: Sequence[str]) -> list[Hit]:
        """The rows shown, as hits; where the kind quotes a passage of a row, in its context."""
        hits = [self.hit(row, words) for row in rows]
        found = self.passages(rows, text) if self.passages is not None and rows else {}
        return [
            replace(hit, context=found[row.pk]) if found.get(row.pk) else hit
            for row, hit in zip(rows, hits, strict=True)
        ]


_kinds: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    """Adds `kind` to the site search; registering a name again replaces it."""
    _kinds[kind.name] = kind


def kinds() -> list[SearchKind]:
    """Every registered kind, in the order of the page's groups."""
    return sorted(_kinds.values(), key=lambda kind: (kind.position, kind.name))


def kind_named(name: str) -> SearchKind | None:
    return next((kind for kind in kinds() if kind.name == name), None)

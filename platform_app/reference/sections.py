"""Parts of the reference fixture that other apps load into their own models.

An app registers a section under the fixture's top-level key when it starts (from its
AppConfig.ready()). The loader checks every registered section after the working groups, so a section
may name any organization of the fixture, and writes it in the same transaction as the rest: a
section that fails validation leaves the database unchanged, like any other part of the fixture.

`validate(checker, item)` receives the fixture's value for the key and returns it cleaned; it reports
problems with `checker.fail(record, field, problem)` and reads values with `checker.text(...)`,
`checker.integer(...)`, `checker.source(record, item)` and `checker.is_organization(acronym)`.
`load(loading, cleaned)` writes it with `loading.upsert(model, lookup, values, what)`, naming
organizations through `loading.organization(acronym)` and sources through `loading.source_label(key)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    validate: Callable[[Any, Any], Any]
    load: Callable[[Any, Any], None]


_sections: dict[str, Section] = {}


def register_section(key: str, validate: Callable[[Any, Any], Any], load: Callable[[Any, Any], None]) -> None:
    """Loads the fixture's `key` with these functions; registering a key again replaces it."""
    _sections[key] = Section(key, validate, load)


def registered_sections() -> list[Section]:
    """The registered sections, in the order they were registered."""
    return list(_sections.values())

"""What the reference loader checks a file with: JSON read from a path, and values read from it, each
problem raised as a ReferenceDataError naming the file, the record and the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any


class ReferenceDataError(Exception):
    """A fixture problem, located by file, record and field."""

    def __init__(self, path: Path, record: str, field_name: str, problem: str) -> None:
        self.path, self.record, self.field_name, self.problem = path, record, field_name, problem
        super().__init__(f"{path}: {record}: field '{field_name}': {problem}")


def read_json(path: Path) -> Any:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReferenceDataError(path, "(file)", "-", f"cannot be read: {exc.strerror}") from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(path, f"line {exc.lineno}", "-", f"is not valid JSON: {exc.msg}") from exc


class Checker:
    """Reads the values of a file's records, failing on the first problem (reference.sections' `checker`)."""

    def __init__(self, path: Path, data: Any) -> None:
        self.path = path
        self.data = data
        self.sources: dict = {}
        # Organization acronym -> the record that declared it.
        self.acronyms: dict[str, str] = {}

    def fail(self, record: str, field_name: str, problem: str) -> None:
        raise ReferenceDataError(self.path, record, field_name, problem)

    def section(self, name: str) -> list[dict]:
        value = self.data.get(name)
        if not isinstance(value, list) or not value:
            self.fail(name, name, "must be a non-empty list")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{name}[{index}]", "-", "must be an object")
        return value

    def text(self, record: str, item: dict, key: str, *, required: bool = True, max_length: int = 255) -> str:
        value = item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(record, key, f"must be text, not {type(value).__name__}")
        if "\x00" in value:
            self.fail(record, key, "contains a NUL character")
        if required and not value.strip():
            self.fail(record, key, "is required")
        if len(value) > max_length:
            self.fail(record, key, f"is longer than {max_length} characters")
        return value.strip()

    def integer(self, record: str, item: dict, key: str, *, nullable: bool = False, minimum: int = 0) -> int | None:
        value = item.get(key)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(record, key, f"must be a whole number, not {value!r}")
        if value < minimum or value > 10**12:
            self.fail(record, key, f"is out of range: {value}")
        return value

    def choice(self, record: str, item: dict, key: str, choices: set[str], *, max_length: int = 16) -> str:
        value = self.text(record, item, key, max_length=max_length)
        if value not in choices:
            self.fail(record, key, f"must be one of {sorted(choices)}, not {value!r}")
        return value

    def source(self, record: str, item: dict, required: bool = True) -> str:
        value = self.text(record, item, "source", required=required)
        if value and value not in self.sources:
            self.fail(record, "source", f"names an unknown source {value!r}")
        return value

    def is_organization(self, acronym: str) -> bool:
        return acronym in self.acronyms

    def iso_date(self, record: str, item: dict, key: str) -> date:
        value = item.get(key)
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(record, key, f"must be a date as YYYY-MM-DD, not {value!r}")
        raise AssertionError  # unreachable

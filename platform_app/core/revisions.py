"""Writes of the platform's records, with the role rules they carry. Views validate input, then call these.

Each service is atomic: it checks who may act, validates the whole object with `full_clean()`, and
writes; on any error nothing is left half-written. Permission failures raise PermissionDenied.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone saved the record after the editor read it: their change would be overwritten unseen."""

    def __init__(self, record, expected: int):
        self.record = record
        self.expected = expected
        self.current = record.revision
        super().__init__(
            _(
                "Someone else changed this record since you opened it (revision %(current)s; yours was "
                "%(expected)s). Reload it, look at their change, then make yours again."
            )
            % {"current": self.current, "expected": expected}
        )


class StateConflict(ValidationError):
    """The record is no longer in a state that allows the change (a request already closed, an offer
    already answered): what was sent is not at fault, the record has moved on. A ValidationError, so
    that forms show its message as any other; the API answers 409 rather than 400."""


def check_revision(record, expected: int | None) -> None:
    """Raises EditConflict when the editor started from another revision than the stored one.

    `record` must have been read under a row lock (select_for_update) in the current transaction, so
    that no save can come between this check and the editor's own."""
    if expected is not None and expected != record.revision:
        raise EditConflict(record, expected)


def write_record(
    record, fields: dict | None = None, *, relations: dict | None = None, update_fields=None, exclude=None
):
    """Sets `fields` on `record`, validates the whole record but the fields in `exclude` (`full_clean`: a
    ValidationError leaves nothing written), saves it (only `update_fields` when given), then sets each
    many-to-many relation named in `relations` whose value is not None. Returns the record."""
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    record.full_clean(exclude=exclude)
    record.save(update_fields=update_fields)
    for name, values in (relations or {}).items():
        if values is not None:
            getattr(record, name).set(values)
    return record

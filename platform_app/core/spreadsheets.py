"""Cells of exported spreadsheets (CSV, XLSX): one rule for every file the platform writes.

Spreadsheet programs run a cell that starts with "=", "+", "-" or "@" as a formula, and some of them
drop a leading tab or carriage return first. Text that people typed (a name, a job title, the
username of a failed sign-in) can start that way, and a formula such as `=HYPERLINK(...)` then runs
on the computer of whoever opens the export. Such text is written with a leading apostrophe, which
spreadsheet programs show as text. Text that already starts with an apostrophe gets one more, so
that reading a file back (`unescape_cell`) gives exactly the text that was written, and a phone
number such as "+254 ..." re-imports unchanged. Numbers and dates are not text: they are written
as they are and stay numbers and dates in the sheet.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


QUOTE = "'"


_ESCAPED_PREFIXES = (*FORMULA_PREFIXES, QUOTE)


def escape_cell(value):
    """`value` as it is written to a spreadsheet cell: text that a program would run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_ESCAPED_PREFIXES):
        return QUOTE + value
    return value


def unescape_cell(value):
    """The value `escape_cell` was given, from a cell of a file it wrote; anything else is left as it is."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(_ESCAPED_PREFIXES):
        return value[1:]
    return value

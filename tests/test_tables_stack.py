"""Every table of the templates stacks on a phone (site.css, `table.stack` and `table.stack-wide`): its rows
become blocks, each cell on its line after its column's name (`data-label`), so no table needs scrolling
sideways in a 390 px window. Read from the templates themselves, so that a new table cannot escape.

Left as they are: a table of two columns (a label and a figure fit any window), and the calendar's month
grid, which calendar.css lays out as a list of days on a phone."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

OWN_NARROW_LAYOUT = {"month"}  # classes of tables laid out for phones by their own stylesheet
STACKING = {"stack", "stack-wide"}

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
ACTION = re.compile(r"<a\b[^>]*>.*?</a>|<form\b.*?</form>", re.S)
TAG = re.compile(r"<(/?)(\w+)\b([^>]*)>")


def templates() -> list[tuple[str, str]]:
    """(name, text) of every template with a table."""
    found = []
    for folder in map(Path, settings.TEMPLATES[0]["DIRS"]):
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            if "<table" in text:
                found.append((str(path.relative_to(folder)), text))
    return found


def classes(tag: str) -> set[str]:
    found = re.search(r'\bclass="([^"]*)"', tag)
    return set(found.group(1).split()) if found else set()


def first_row(table: str) -> str:
    head = re.search(r"<thead\b.*?</thead>", table, re.S)
    part = head.group(0) if head else table
    return re.search(r"<tr\b.*?</tr>", part, re.S).group(0)


def columns(table: str) -> int:
    """The columns of the header row; a loop over columns counts as many."""
    row = first_row(table)
    if "{% for" in row:
        return 99
    return len(re.findall(r"<t[hd]\b", row))


def unlabelled_cells(table: str) -> list[str]:
    """The body's cells that a stacked row would show without their column's name: every <td> but the
    first of its row (the row's title) needs a data-label, unless it is marked as the title or holds an
    action (a link or a form, whose own words say what it does)."""
    body = re.search(r"<tbody\b.*?</tbody>", table, re.S)
    missing = []
    for row in re.findall(r"<tr\b.*?</tr>", body.group(0) if body else "", re.S):
        for cell, content in re.findall(r"(<t[hd]\b[^>]*>)(.*?)</t[hd]>", row, re.S)[1:]:
            if cell.startswith("<th") or "data-label=" in cell or "stack-title" in classes(cell):
                continue
            if not ACTION.fullmatch(re.sub(r"{%.*?%}", "", content).strip()):
                missing.append(cell)
    return missing


def in_a_container(text: str, start: int) -> bool:
    """Whether the table is the first thing in a .table-scroll box, whose width its stacking is measured
    against (a CSS container query)."""
    tags = [match for match in TAG.finditer(text, 0, start) if match.group(2) not in ("br", "input")]
    last = tags[-1] if tags else None
    opening_div = last is not None and not last.group(1) and last.group(2) == "div"
    return opening_div and "table-scroll" in classes(last.group(0))


def test_the_walk_finds_the_tables():
    names = {name for name, _text in templates()}
    assert {"platform_app/projects/appeal.html", "platform_app/calendar/_month_grid.html"} <= names


def test_every_table_stacks_on_a_phone():
    problems = []
    for name, text in templates():
        for match in TABLE.finditer(text):
            table = match.group(0)
            opening = table[: table.index(">") + 1]
            where = f"{name}:{text.count(chr(10), 0, match.start()) + 1}"
            if classes(opening) & OWN_NARROW_LAYOUT or (not classes(opening) & STACKING and columns(table) <= 2):
                continue
            if not classes(opening) & STACKING:
                problems.append(f"{where}: {opening} of {columns(table)} columns is not stacked (stack or stack-wide)")
                continue
            if not in_a_container(text, match.start()):
                problems.append(f'{where}: not the first thing in a <div class="table-scroll">')
            problems += [f"{where}: {cell} has no data-label" for cell in unlabelled_cells(table)]
    assert not problems, "\n".join(problems)


LOOP = re.compile(r"{%\s*(for|endfor)\b[^%]*%}")
TRANSLATED_LABEL = re.compile(r"""data-label="{%\s*translate\b""")


def test_a_tables_column_names_are_translated_once_not_on_every_row():
    """A `data-label` inside a loop names its column through a variable translated before the loop
    (`{% translate "Status" as label_status %}`): a `{% translate %}` there looks the catalogue up again
    for every cell of every row, hundreds of times on a page of fifty."""
    problems = []
    for name, text in templates():
        depth = 0
        position = 0
        for match in [*LOOP.finditer(text), None]:
            end = match.start() if match else len(text)
            if depth:
                for label in TRANSLATED_LABEL.finditer(text, position, end):
                    problems.append(f"{name}:{text.count(chr(10), 0, label.start()) + 1}")
            if match:
                depth += 1 if match.group(1) == "for" else -1
                position = match.end()
    assert not problems, "translated on every row: " + ", ".join(problems)

"""The text of Office Open XML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods, .odp) files: zip packages of
XML. The package's directory is judged before any part is unpacked (the number of parts, each part's declared
size, their total and their compression ratio: a zip bomb is refused without being inflated), and a part never
unpacks past its declared size. The XML is parsed by defusedxml's SAX parser (no DTD, no entities, nothing
external), as a stream, and only the text of the elements that hold the document's words is kept."""

from __future__ import annotations

import contextlib
import re
import xml.sax
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from platform_app.library.extraction.base import Budget, Extracted, LimitReached, Limits, Refused

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"


def numbered(pattern: str):
    """Part names matching `pattern` (with one number), in the order of their numbers."""
    expression = re.compile(pattern, re.IGNORECASE)

    def parts(names: list[str]) -> list[str]:
        found = [(int(match.group(1)), name) for name in names if (match := expression.fullmatch(name))]
        return [name for _, name in sorted(found)]

    return parts


class Text(ContentHandler):
    """Keeps the characters inside the elements of `keep` (at any depth), ends a paragraph at the end of
    an element of `breaks` (but inside a cell), writes a tab for an element of `tabs` and after each of
    `cells`, counts the elements of `cells` against the cell limit and those of `pages` as pages."""

    def __init__(self, budget: Budget, *, keep=(), breaks=(), tabs=(), cells=(), pages=()) -> None:
        super().__init__()
        self.budget = budget
        self.keep, self.breaks, self.tabs, self.cells, self.pages = map(set, (keep, breaks, tabs, cells, pages))
        self.inside = 0
        self.in_cell = 0
        self.page_count = 0

    def startElementNS(self, name, qname, attrs):
        self.budget.tick()
        if name in self.keep:
            self.inside += 1
        if name in self.tabs:
            self.budget.add("\t")
        if name in self.cells:
            self.budget.cell()
            self.in_cell += 1
        if name in self.pages:
            self.page_count += 1
        if name == (TEXT, "s") and self.inside:
            count = attrs.get((TEXT, "c"), "1")
            self.budget.add(" " * min(int(count) if count.isdigit() else 1, 100))

    def endElementNS(self, name, qname):
        if name in self.keep:
            self.inside -= 1
        if name in self.cells:
            self.in_cell -= 1
            self.budget.add("\t")
        elif name in self.breaks:
            # Paragraphs of a table's cell stay on its row.
            self.budget.add(" " if self.in_cell and name in self.keep else "\n")

    def characters(self, content):
        if self.inside:
            self.budget.add(content)


class SharedStrings(ContentHandler):
    """The shared strings of a workbook, each the characters of its `t` elements."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self.budget = budget
        self.strings: list[str] = []
        self.current: list[str] | None = None
        self.inside = False
        self.size = 0

    def startElementNS(self, name, qname, attrs):
        self.budget.tick()
        # Strings past the cell limit could only be shown by cells past it: they are not kept.
        if name == (S, "si") and len(self.strings) < self.budget.limits.max_cells:
            self.current = []
        elif name == (S, "t"):
            self.inside = True

    def endElementNS(self, name, qname):
        if name == (S, "t"):
            self.inside = False
        elif name == (S, "si") and self.current is not None:
            self.strings.append("".join(self.current))
            self.current = None

    def characters(self, content):
        if self.inside and self.current is not None and self.size < self.budget.limits.max_chars:
            self.current.append(content)
            self.size += len(content)


class Sheet(ContentHandler):
    """The text cells of a worksheet, row by row: shared strings, inline strings and formulas' strings."""

    def __init__(self, budget: Budget, strings: list[str]) -> None:
        super().__init__()
        self.budget = budget
        self.strings = strings
        self.kind = ""
        self.value: list[str] = []
        self.reading = False

    def startElementNS(self, name, qname, attrs):
        self.budget.tick()
        if name == (S, "c"):
            self.budget.cell()
            self.kind = attrs.get((None, "t"), "n")
            self.value = []
        elif name == (S, "v") or (name == (S, "t") and self.kind == "inlineStr"):
            self.reading = True

    def endElementNS(self, name, qname):
        if name in ((S, "v"), (S, "t")):
            self.reading = False
        elif name == (S, "c"):
            self.budget.add(self.cell_text() + "\t")
        elif name == (S, "row"):
            self.budget.add("\n")

    def characters(self, content):
        if self.reading:
            self.value.append(content)

    def cell_text(self) -> str:
        value = "".join(self.value).strip()
        if self.kind == "s":
            return self.strings[int(value)] if value.isdigit() and int(value) < len(self.strings) else ""
        return value if self.kind in ("inlineStr", "str") else ""


class Pages(ContentHandler):
    """The page count a package's properties declare, in `element`'s text or `attribute`."""

    def __init__(self, element, attribute=None) -> None:
        super().__init__()
        self.element, self.attribute = element, attribute
        self.reading = False
        self.found: list[str] = []

    def startElementNS(self, name, qname, attrs):
        if name == self.element:
            if self.attribute:
                self.found.append(attrs.get(self.attribute, ""))
            else:
                self.reading = True

    def endElementNS(self, name, qname):
        self.reading = False

    def characters(self, content):
        if self.reading:
            self.found.append(content)

    @property
    def pages(self) -> int | None:
        value = "".join(self.found).strip()
        return int(value) if value.isdigit() else None


def parse(package: zipfile.ZipFile, name: str, handler: ContentHandler) -> None:
    parser = make_parser()
    parser.forbid_dtd = True
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    with package.open(name) as stream:
        parser.parse(stream)


def check_directory(package: zipfile.ZipFile, reading: list[str], limits: Limits) -> None:
    """Refuses a package whose directory promises more than the limits allow, before anything is unpacked."""
    parts = package.infolist()
    if len(parts) > limits.max_parts:
        raise Refused(f"The package has more than {limits.max_parts:,} parts.")
    sizes = {part.filename: part for part in parts}
    total = 0
    for name in reading:
        part = sizes[name]
        if part.file_size > limits.max_part_bytes:
            raise Refused(f"The part {name} would unpack to more than {limits.max_part_bytes:,} bytes.")
        if part.file_size > limits.ratio_floor and part.file_size > limits.max_ratio * max(part.compress_size, 1):
            raise Refused(f"The part {name} is compressed more than {limits.max_ratio} times (a zip bomb).")
        total += part.file_size
    if total > limits.max_unpacked_bytes:
        raise Refused(f"The parts to read would unpack to more than {limits.max_unpacked_bytes:,} bytes.")


@dataclass
class Plan:
    """How a package of one kind is read: the parts holding its text, each with its handler, in order; the
    part declaring its page count, if any; else how its pages are counted while reading."""

    parts: list[tuple[str, ContentHandler]]
    properties: tuple[str, Pages] | None = None
    counted: Callable[[], int | None] = lambda: None


def docx(names, budget) -> Plan:
    wanted = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
    handler = Text(budget, keep=[(W, "t")], breaks=[(W, "p"), (W, "br"), (W, "cr")], tabs=[(W, "tab")])
    parts = [(name, handler) for name in wanted if name in names]
    return Plan(parts, properties=("docProps/app.xml", Pages((EXTENDED, "Pages"))))


def pptx(names, budget) -> Plan:
    slides = numbered(r"ppt/slides/slide(\d+)\.xml")(names)
    handler = Text(budget, keep=[(A, "t")], breaks=[(A, "p")])
    return Plan([(slide, handler) for slide in slides], counted=lambda: len(slides))


def xlsx(names, budget) -> Plan:
    strings = SharedStrings(budget)
    shared = [("xl/sharedStrings.xml", strings)] if "xl/sharedStrings.xml" in names else []
    sheets = numbered(r"xl/worksheets/sheet(\d+)\.xml")(names)
    return Plan(shared + [(sheet, Sheet(budget, strings.strings)) for sheet in sheets])


def odf(names, budget, *, slides: bool = False) -> Plan:
    """A text or a spreadsheet declares its pages in meta.xml; a presentation's are its draw:page elements."""
    keep = [(TEXT, "p"), (TEXT, "h")]
    breaks = [*keep, (TEXT, "line-break"), (TABLE, "table-row")]
    tabs = [(TEXT, "tab")]
    handler = Text(budget, keep=keep, breaks=breaks, tabs=tabs, cells=[(TABLE, "table-cell")], pages=[(DRAW, "page")])
    if slides:
        return Plan([("content.xml", handler)], counted=lambda: handler.page_count)
    properties = ("meta.xml", Pages((META, "document-statistic"), (META, "page-count")))
    return Plan([("content.xml", handler)], properties=properties)


READERS = {
    ".docx": docx,
    ".pptx": pptx,
    ".xlsx": xlsx,
    ".odt": odf,
    ".ods": odf,
    ".odp": partial(odf, slides=True),
}


def extract_package(path: str, extension: str, budget: Budget) -> Extracted:
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            if len(set(names)) != len(names):
                raise Refused("The package names a part twice.")
            plan = READERS[extension](names, budget)
            if not plan.parts:
                raise Refused(f"The package holds no part with the text of a {extension} document.")
            properties = plan.properties if plan.properties and plan.properties[0] in names else None
            reading = ([properties] if properties else []) + plan.parts
            check_directory(package, [name for name, _ in reading], budget.limits)
            with contextlib.suppress(LimitReached):  # the budget keeps the reason and what was read
                for name, handler in reading:
                    parse(package, name, handler)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise Refused(f"The package is damaged: {exc}.") from None
    except (xml.sax.SAXException, DefusedXmlException, ValueError) as exc:
        raise Refused(f"The package holds malformed XML: {exc}.") from None
    return budget.outcome(pages=properties[1].pages if properties else plan.counted())

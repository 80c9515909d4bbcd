"""The text of plain text (.txt, .csv), of web pages (only their text: no script, style or markup) and of RTF
(its words, without control words, groups of fonts, styles, pictures and other destinations)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from platform_app.library.extraction.base import Budget, Extracted


def read_text(path: str, budget: Budget) -> str:
    """The file as UTF-8, a byte order mark dropped and bytes that are not UTF-8 replaced, up to the limit."""
    with open(path, "rb") as stream:
        data = stream.read(budget.limits.max_chars * 4 + 4)
    return data.decode("utf-8-sig", errors="replace")


def extract_plain(path: str, budget: Budget) -> Extracted:
    budget.add(read_text(path, budget))
    return budget.outcome()


# Elements whose content is not text to read, and elements that end a line.
HIDDEN = {"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"}


BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "title", "hr",
}  # fmt: skip


class PageText(HTMLParser):
    def __init__(self, budget: Budget) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.budget.tick()
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.budget.add("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in BLOCKS:
            self.budget.add("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.budget.add(data)


def extract_html(path: str, budget: Budget) -> Extracted:
    parser = PageText(budget)
    text = read_text(path, budget)
    # Fed in pieces, so that the time limit is asked between them.
    for start in range(0, len(text), 64 * 1024):
        parser.feed(text[start : start + 64 * 1024])
        budget.tick()
    parser.close()
    return budget.outcome()


RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)


# Groups that hold no text of the document: fonts, colours, styles, pictures, fields' instructions...
RTF_SKIPPED = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata", "colorschememapping",
    "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "latentstyles", "generator",
    "fldinst", "filetbl", "revtbl", "header", "footer", "headerl", "headerr", "footerl", "footerr",
    "headerf", "footerf", "nonshppict", "shppict", "bkmkstart", "bkmkend", "mmathPr", "wgrffmtfilter",
}  # fmt: skip


RTF_SYMBOLS = {
    "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": "\t", "tab": "\t",
    "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
    "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " ", "qmspace": " ",
}  # fmt: skip


def extract_rtf(path: str, budget: Budget) -> Extracted:
    with open(path, "rb") as stream:
        source = stream.read(budget.limits.max_bytes).decode("latin-1")
    codepage = "cp1252"
    skip_after_unicode = 1  # characters standing for the last \u, as \ucN says
    pending_skip = 0
    stack: list[tuple[bool, int]] = []
    skipping = False
    destination = False  # the group just opened with \*
    for count, token in enumerate(RTF_TOKEN.finditer(source)):
        if count % 4096 == 0:
            budget.tick()
        word, number, hexa, symbol, brace, text = token.groups()
        if brace == "{":
            stack.append((skipping, skip_after_unicode))
            destination = True
            continue
        if brace == "}":
            skipping, skip_after_unicode = stack.pop() if stack else (False, 1)
            destination = False
            continue
        opened, destination = destination, False
        if symbol == "*" and opened:
            skipping = True
            continue
        if skipping:
            continue
        if word is not None:
            if opened and word in RTF_SKIPPED:
                skipping = True
            elif word == "ansicpg" and number:
                codepage = f"cp{number}"
            elif word == "uc" and number:
                skip_after_unicode = int(number)
            elif word == "u" and number:
                value = int(number)
                budget.add(chr(value + 65536 if value < 0 else value) if -65536 < value < 0x110000 else "")
                pending_skip = skip_after_unicode
            elif word in RTF_SYMBOLS:
                budget.add(RTF_SYMBOLS[word])
            continue
        if hexa is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            budget.add(decoded(bytes.fromhex(hexa), codepage))
        elif symbol is not None:
            budget.add(symbol if symbol in "\\{}" else "\u00a0" if symbol == "~" else "")
        elif text is not None:
            if pending_skip:
                skipped = min(pending_skip, len(text))
                text, pending_skip = text[skipped:], pending_skip - skipped
            budget.add(text)
    return budget.outcome()


def decoded(data: bytes, codepage: str) -> str:
    try:
        return data.decode(codepage)
    except (LookupError, UnicodeDecodeError):
        return data.decode("cp1252", errors="replace")

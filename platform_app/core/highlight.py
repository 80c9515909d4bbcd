"""The text of a hit: escaped, with the words searched for marked, cut to a line around the first of them.

`excerpt` and `marked` mark the words as they are typed (the site search, and every backend); on PostgreSQL
`headline` has the database quote the passage where a text search found them, stems and all, and `headlined`
turns its answer into the same escaped, marked text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import Expression, Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from platform_app.core.search import WORD

# About two lines of context on a phone, one on a wide screen.
CONTEXT_LENGTH = 180


# How far before the first word found the context starts, so that the word is read in its sentence.
LEAD = 50


def words_of(text: str) -> list[str]:
    """The words of a search, as core.search splits them, longest first (so that a longer word is marked
    whole where a shorter one is a part of it), each once."""
    unique = {word.casefold(): word for word in WORD.findall(text or "")}
    return sorted(unique.values(), key=len, reverse=True)


def _pattern(words: Sequence[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def marked(text: str, words: Sequence[str]) -> SafeString:
    """`text`, escaped, with each occurrence of the words in <mark>. The words are matched as the search's
    plain matching does, as parts of words whatever their case; a word found only by its stem on
    PostgreSQL ("borders" for "border") is left unmarked."""
    text = text or ""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text was escaped above


def holds(text: str, words: Sequence[str]) -> bool:
    """Whether `text` holds one of the words, as `marked` would mark it."""
    pattern = _pattern(words)
    return bool(pattern and pattern.search(text or ""))


def first_holding(texts: Sequence[str], words: Sequence[str]) -> tuple[str, int]:
    """The first of `texts` that holds one of the words, its spaces collapsed, and where the first word found
    starts in it; else the first with any text, and 0 ("" when none has)."""
    texts = [" ".join((text or "").split()) for text in texts]
    texts = [text for text in texts if text]
    pattern = _pattern(words)
    for text in texts:
        found = pattern.search(text) if pattern else None
        if found:
            return text, found.start()
    return (texts[0] if texts else ""), 0


def excerpt(texts: Sequence[str], words: Sequence[str], length: int = CONTEXT_LENGTH) -> SafeString:
    """A line of context: from the first of `texts` that holds one of the words (else the first with any
    text), the part around the first word found, cut at spaces, with "…" where it was cut; marked."""
    chosen, position = first_holding(texts, words)
    if not chosen:
        return mark_safe("")
    start = 0 if position <= LEAD else chosen.rfind(" ", 0, position - LEAD) + 1
    end = start + length
    if end < len(chosen):
        cut = chosen.rfind(" ", start, end)
        end = cut if cut > position else end
    else:
        end = len(chosen)
    line = chosen[start:end].strip()
    before = "… " if start > 0 else ""
    after = " …" if end < len(chosen) else ""
    return mark_safe(f"{before}{marked(line, words)}{after}")  # noqa: S308 - marked() escaped the text


# Private-use characters that ts_headline puts around the words it found, removed from the text beforehand:
# once the whole passage is escaped, they alone become <mark> and </mark>, so that nothing the text holds can
# be read as markup.
START, STOP = "\ue000", "\ue001"


def headline(text: Expression, query: SearchQuery, config: Expression) -> SearchHeadline:
    """PostgreSQL's passage of `text` where `query` (read in `config`) finds its words: up to two fragments of
    10 to 30 words, the words between START and STOP; the text's first words when it holds none of them.
    Give it to `headlined`."""
    cleaned = Func(text, Value(START + STOP), Value(""), function="translate", output_field=TextField())
    return SearchHeadline(
        cleaned,
        query,
        config=config,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=10,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def found_in(passage: str | None) -> bool:
    """Whether a passage of `headline` marks a word found."""
    return START in (passage or "")


def headlined(passage: str | None) -> SafeString:
    """A passage of `headline` as escaped text, the words found in <mark>."""
    escaped = escape(passage or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - the passage was escaped whole; only the delimiters became markup

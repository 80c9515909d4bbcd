"""The text of a hit: escaped, with the words searched for marked, cut to a line around the first of them."""

from __future__ import annotations

import re
from collections.abc import Sequence

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

"""What every extractor shares: the limits, the outcome of a file and the budget a file is read within."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Extracted")
    NO_TEXT = "no_text", _("No text")
    CUT_OFF = "cut_off", _("Cut off at a limit")
    FAILED = "failed", _("Failed")


@dataclass(frozen=True)
class Limits:
    """How much of one file is read. A file over a limit keeps what was read before it (cut off), or fails
    when nothing could be read."""

    max_bytes: int = 64 * 1024 * 1024  # of the stored file
    max_chars: int = 1_000_000  # of the text kept
    max_pages: int = 2_000  # of a PDF
    max_cells: int = 200_000  # of a spreadsheet
    seconds: float = 60.0  # of reading one file
    # A package (Office Open XML, OpenDocument) is judged by its directory before any part is unpacked.
    max_parts: int = 10_000
    max_part_bytes: int = 128 * 1024 * 1024  # a part that would unpack to more is refused
    max_unpacked_bytes: int = 256 * 1024 * 1024  # the parts read, together
    max_ratio: int = 200  # a part of over ratio_floor bytes compressed more than this is a zip bomb
    ratio_floor: int = 1024 * 1024
    # The picture of the first page (extraction.pictures).
    picture_px: int = 480  # on its longer side
    picture_max_pixels: int = 40_000_000  # of an image decoded to make it
    picture_seconds: float = 20.0  # to draw a PDF's first page
    picture_memory: int = 1024 * 1024 * 1024  # of the process drawing it


LIMITS = Limits()


LINE_BREAKS = re.compile(r"\r\n?|[\f\v\u2028\u2029]")


# Control characters but the tab and the line feed (PostgreSQL stores no NUL).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


SPACES_BEFORE_TAB = re.compile(r" +\t")


@dataclass
class Extracted:
    """The outcome of reading one file."""

    status: str
    text: str = ""
    pages: int | None = None
    reason: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


class Refused(Exception):
    """The file cannot be read; the message says why."""


class LimitReached(Exception):
    """A limit stopped the reading; what was read so far is kept."""


@dataclass
class Budget:
    """The text of one file as it is read, within the limits: `add` keeps pieces until the character limit,
    `tick` stops the reading once the time limit has passed."""

    limits: Limits
    started: float = field(default_factory=time.monotonic)
    pieces: list[str] = field(default_factory=list)
    size: int = 0
    cells: int = 0
    cut_reason: str = ""

    @property
    def deadline(self) -> float:
        return self.started + self.limits.seconds

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)

    def tick(self) -> None:
        if time.monotonic() >= self.deadline:
            self.stop(f"Reading took longer than {self.limits.seconds:g} seconds.")

    def stop(self, reason: str) -> None:
        self.cut_reason = reason
        raise LimitReached(reason)

    def add(self, piece: str) -> None:
        if not piece:
            return
        room = self.limits.max_chars - self.size
        if len(piece) > room:
            self.pieces.append(piece[:room])
            self.size += room
            self.stop(f"The text is longer than {self.limits.max_chars:,} characters.")
        self.pieces.append(piece)
        self.size += len(piece)

    def cell(self) -> None:
        """Counts one cell of a spreadsheet against the cell limit."""
        self.cells += 1
        if self.cells > self.limits.max_cells:
            self.stop(f"The spreadsheet has more than {self.limits.max_cells:,} cells.")

    def outcome(self, *, pages: int | None = None, empty_reason: str = "The file holds no text.") -> Extracted:
        """What was read: cut off when a limit stopped it, no text when there was none to read."""
        text = tidy("".join(self.pieces))
        if self.cut_reason:
            status = Status.CUT_OFF if text else Status.FAILED
            return Extracted(status, text, pages, self.cut_reason)
        if not text:
            return Extracted(Status.NO_TEXT, "", pages, empty_reason)
        return Extracted(Status.DONE, text, pages)


def tidy(text: str) -> str:
    """The text without NUL and other control characters (PostgreSQL stores no NUL), without trailing spaces
    and with at most one empty line in a row."""
    # A character written as a pair of UTF-16 halves (RTF does so) is joined; a lone half is dropped.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\ufffd", "")
    text = LINE_BREAKS.sub("\n", text)
    text = CONTROLS.sub("", text)
    text = SPACES_BEFORE_TAB.sub("\t", text)
    lines = [line.rstrip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()

"""The text of a library's file, whatever its kind, read within the limits of `base.LIMITS`.

`extract_file` never raises for what a file holds: a damaged file, one over a limit or of a kind that holds no
text comes back as an outcome with its status and reason. The kinds the library accepts
(platform_app.core.uploads.ALLOWED) are all here, and web pages besides; a kind with no text to read (images,
the legacy binary Office formats) is recorded as having no text, with the reason.
"""

from __future__ import annotations

from platform_app.library.extraction.base import (
    LIMITS,
    Budget,
    Extracted,
    LimitReached,
    Limits,
    Refused,
    Status,
)
from platform_app.library.extraction.packages import READERS, extract_package
from platform_app.library.extraction.pdf import extract_pdf
from platform_app.library.extraction.plain import extract_html, extract_plain, extract_rtf

EXTRACTORS = {
    ".pdf": extract_pdf,
    ".txt": extract_plain,
    ".csv": extract_plain,
    ".html": extract_html,
    ".htm": extract_html,
    ".rtf": extract_rtf,
    **dict.fromkeys(READERS, extract_package),
}


# Kinds the library accepts whose text is not read, and why.
WITHOUT_TEXT = {
    ".png": "An image holds no text layer.",
    ".jpg": "An image holds no text layer.",
    ".jpeg": "An image holds no text layer.",
    ".doc": "The text of legacy Word files (.doc) is not read; a .docx or PDF copy would be.",
    ".xls": "The text of legacy Excel files (.xls) is not read; an .xlsx copy would be.",
    ".ppt": "The text of legacy PowerPoint files (.ppt) is not read; a .pptx or PDF copy would be.",
}


__all__ = ["LIMITS", "Extracted", "Limits", "Status", "extract_file"]


def extract_file(path: str, extension: str, limits: Limits = LIMITS) -> Extracted:
    """The text of the file at `path`, read as a file of `extension` (".pdf", ".docx"...)."""
    extension = extension.lower()
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        reason = WITHOUT_TEXT.get(extension, f"Files of type {extension or '(none)'} are not read for text.")
        return Extracted(Status.NO_TEXT, reason=reason)
    budget = Budget(limits)
    try:
        if extractor is extract_package:
            return extract_package(path, extension, budget)
        return extractor(path, budget)
    except LimitReached:
        return budget.outcome()
    except Refused as refusal:
        return Extracted(Status.FAILED, reason=str(refusal)[:1000])

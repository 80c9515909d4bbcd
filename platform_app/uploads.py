"""What the library accepts as a file: an allowlist of extensions, each checked by its first bytes.

A file whose content is not what its extension says (an executable named report.pdf, HTML named
notes.txt) is refused, so a download can never hand a browser something other than what it claims.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc, xls, ppt)
ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument are zip containers

# extension: (content type, accepted leading bytes; None for text checked by decoding)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (OLE,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".odp": ("application/vnd.oasis.opendocument.presentation", (ZIP,)),
    ".rtf": ("application/rtf", (b"{\\rtf",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


@dataclass(frozen=True)
class CheckedFile:
    original_filename: str
    content_type: str
    size: int
    sha256: str


def safe_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return (cleaned or "document").strip()[-255:]


def check_upload(uploaded) -> CheckedFile:
    """Validate an uploaded file; raises ValidationError with a message naming what is wrong."""
    name = safe_filename(getattr(uploaded, "name", "") or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("Files of type %(extension)s are not accepted; allowed: %(allowed)s.")
            % {"extension": suffix or pgettext("file extension", "(none)"), "allowed": ", ".join(sorted(ALLOWED))}
        )
    limit = settings.API_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            ngettext(
                "The file is %(size)s byte; the limit is %(limit)s.",
                "The file is %(size)s bytes; the limit is %(limit)s.",
                uploaded.size,
            )
            % {
                "size": number_format(uploaded.size, force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    content_type, signatures = ALLOWED[suffix]
    digest = hashlib.sha256()
    head = b""
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        if len(head) < 4096:
            head += chunk[: 4096 - len(head)]
        digest.update(chunk)
        if signatures is None and b"\x00" in chunk:
            raise ValidationError(
                _("The content is not text, as a %(extension)s file must be.") % {"extension": suffix}
            )
    uploaded.seek(0)
    if signatures is not None and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(_("The content does not match the %(extension)s extension.") % {"extension": suffix})
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the 4,096-byte boundary is fine; anything else is not text.
            if exc.start < len(head) - 4:
                raise ValidationError(
                    _("The content is not UTF-8 text, as a %(extension)s file must be.") % {"extension": suffix}
                ) from None
    return CheckedFile(original_filename=name, content_type=content_type, size=uploaded.size, sha256=digest.hexdigest())


def stored_file_response(stored) -> FileResponse:
    """A stored upload (anything with `file`, `original_filename` and `content_type`: a document's version,
    an entry's attachment) as an attachment under its original name, of its stored type, never sniffed."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=True, filename=safe_filename(stored.original_filename))
    response["Content-Type"] = stored.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

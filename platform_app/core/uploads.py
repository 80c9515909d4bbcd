"""What the library accepts as a file: an allowlist of extensions, each with a test of the content.

A file whose content is not what its extension says (an executable named report.pdf, HTML named notes.txt,
any ZIP named report.docx) is refused, so a download can never hand a browser something other than what it
claims. Every way a file comes in (the portal's forms, the API, the admin with its inlines, the spreadsheet
import, the backup restore) runs `check_upload`, directly or as `UploadValidator`; a file is stored and
served as its extension's type, known once its content matched it, never as the type the client claimed.

The test of each kind of file:
- PDF, legacy Office, RTF, images: the format's leading bytes;
- text (.txt, .csv): UTF-8 to the last byte (with or without a byte order mark; no other encoding is
  accepted), without NUL, and not markup. Markup is content that, after an optional byte order mark and
  whitespace, opens with `<` and a letter, `!`, `?` or `/` (an element, `<!doctype`, `<!--`, `<?xml`, an end
  tag), or whose first 4 KiB hold the start of an element that browsers' content sniffers take for HTML,
  SVG or XML (`<html`, `<head`, `<body`, `<script`, `<iframe`, `<svg`, `<object`, `<embed`, `<!doctype`,
  `<?xml`). "a < b" and "<5 years" are text;
- Office Open XML (.docx, .xlsx, .pptx): a ZIP holding `[Content_Types].xml` and the main part of its type;
- OpenDocument (.odt, .ods, .odp): a ZIP whose `mimetype` entry is its type.
A ZIP is judged by its central directory and never unpacked (only an OpenDocument's `mimetype`, a few dozen
bytes, is read). One that cannot be read or names a part twice is damaged; one with more than
MAX_PACKAGE_PARTS parts, that would unpack to more than MAX_UNPACKED_BYTES, or with a part of over
RATIO_FLOOR bytes compressed more than MAX_RATIO times (a zip bomb) is refused.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from platform_app.core.l10n import figure

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc, xls, ppt)


ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument are zip containers


# Text is tested for markup in its first bytes: more than any browser sniffs (WHATWG reads 1,445).
HEAD_BYTES = 4096


MARKUP_START = re.compile(r"[\ufeff\s]*<[a-z!?/]", re.IGNORECASE)


MARKUP_TAG = re.compile(r"<(?:!doctype|\?xml|html|head|body|script|iframe|svg|object|embed)[\s/>]", re.IGNORECASE)


# Zip bombs, judged from the central directory. Deflate compresses at most about 1,030 times; the XML of
# Office documents, repetitive as it is, stays far below MAX_RATIO.
MAX_PACKAGE_PARTS = 10_000


MAX_UNPACKED_BYTES = 1 << 30


MAX_RATIO = 200


RATIO_FLOOR = 1 << 20


MAX_MIMETYPE_BYTES = 100


@dataclass(frozen=True)
class Kind:
    """What a file of one extension must be, and the type it is stored and served as."""

    content_type: str
    signatures: tuple[bytes, ...] = ()  # accepted leading bytes
    text: bool = False
    main_part: str = ""  # Office Open XML: the part its type needs besides [Content_Types].xml
    odf: bool = False  # OpenDocument: its `mimetype` entry must be `content_type`


ALLOWED: dict[str, Kind] = {
    ".pdf": Kind("application/pdf", (b"%PDF-",)),
    ".doc": Kind("application/msword", (OLE,)),
    ".xls": Kind("application/vnd.ms-excel", (OLE,)),
    ".ppt": Kind("application/vnd.ms-powerpoint", (OLE,)),
    ".docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
        main_part="word/document.xml",
    ),
    ".xlsx": Kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,), main_part="xl/workbook.xml"
    ),
    ".pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
        main_part="ppt/presentation.xml",
    ),
    ".odt": Kind("application/vnd.oasis.opendocument.text", (ZIP,), odf=True),
    ".ods": Kind("application/vnd.oasis.opendocument.spreadsheet", (ZIP,), odf=True),
    ".odp": Kind("application/vnd.oasis.opendocument.presentation", (ZIP,), odf=True),
    ".rtf": Kind("application/rtf", (b"{\\rtf",)),
    ".png": Kind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": Kind("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": Kind("text/plain", text=True),
    ".csv": Kind("text/csv", text=True),
}


# A stored file whose extension is no longer accepted is served as bytes of no particular type.
UNKNOWN_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class CheckedFile:
    original_filename: str
    content_type: str
    size: int
    sha256: str

    def fields(self) -> dict:
        """The facts as the fields of the record that stores the file (a document's version, an entry's
        attachment)."""
        return asdict(self)


def safe_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return (cleaned or "document").strip()[-255:]


def check_upload(uploaded, extensions: Iterable[str] | None = None, *, field: str = "") -> CheckedFile:
    """Validate an uploaded file (anything with `name`, `size`, `seek` and `chunks`); raises ValidationError
    with a message naming what is wrong, on the form field `field` when given. `extensions` narrows the
    allowlist to some of its extensions."""
    try:
        return _checked(uploaded, extensions)
    except ValidationError as exc:
        if field:
            raise ValidationError({field: exc.messages}) from None
        raise


def _checked(uploaded, extensions: Iterable[str] | None) -> CheckedFile:
    allowed = ALLOWED if extensions is None else {ext: ALLOWED[ext] for ext in extensions if ext in ALLOWED}
    name = safe_filename(getattr(uploaded, "name", "") or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            _("Files of type %(extension)s are not accepted; allowed: %(allowed)s.")
            % {"extension": suffix or pgettext("file extension", "(none)"), "allowed": ", ".join(sorted(allowed))}
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
                "size": figure(uploaded.size),
                "limit": figure(limit),
            }
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    kind = allowed[suffix]
    digest = hashlib.sha256()
    head = b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
        if kind.text:
            _check_text(chunk, decoder, suffix)
    if kind.text:
        _check_text(b"", decoder, suffix, final=True)
    uploaded.seek(0)
    if kind.signatures and not any(head.startswith(sig) for sig in kind.signatures):
        raise ValidationError(_("The content does not match the %(extension)s extension.") % {"extension": suffix})
    if kind.text and looks_like_markup(head):
        raise ValidationError(
            _("The content looks like HTML or other markup, which a %(extension)s file may not hold.")
            % {"extension": suffix}
        )
    if kind.main_part or kind.odf:
        _check_package(uploaded, suffix, kind)
        uploaded.seek(0)
    return CheckedFile(
        original_filename=name, content_type=kind.content_type, size=uploaded.size, sha256=digest.hexdigest()
    )


def _check_text(chunk: bytes, decoder: codecs.IncrementalDecoder, suffix: str, final: bool = False) -> None:
    if b"\x00" in chunk:
        raise ValidationError(_("The content is not text, as a %(extension)s file must be.") % {"extension": suffix})
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        raise ValidationError(
            _("The content is not UTF-8 text, as a %(extension)s file must be.") % {"extension": suffix}
        ) from None


def looks_like_markup(head: bytes) -> bool:
    """Whether the first bytes of a text are HTML, SVG or XML, or would be taken for it (see the module's text)."""
    text = head.decode("utf-8", errors="ignore")
    return bool(MARKUP_START.match(text) or MARKUP_TAG.search(text))


def _check_package(uploaded, suffix: str, kind: Kind) -> None:
    """An Office Open XML or OpenDocument file, judged by its zip directory without unpacking it."""
    not_this_kind = _("The file is not a %(extension)s document: it lacks %(part)s.")
    try:
        with zipfile.ZipFile(uploaded) as package:
            parts = package.infolist()
            names = [part.filename for part in parts]
            if len(set(names)) != len(names):
                raise zipfile.BadZipFile("a part is named twice")
            if (
                len(parts) > MAX_PACKAGE_PARTS
                or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES
                or any(
                    part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1)
                    for part in parts
                )
            ):
                raise ValidationError(
                    _("The file would unpack to an unreasonable size or number of parts; it is refused.")
                )
            if kind.main_part:
                # Part names of a package are case-insensitive (ECMA-376 part 2).
                present = {name.lower() for name in names}
                for part in ("[Content_Types].xml", kind.main_part):
                    if part.lower() not in present:
                        raise ValidationError(not_this_kind % {"extension": suffix, "part": part})
            declared = None
            if kind.odf:
                entry = next((part for part in parts if part.filename == "mimetype"), None)
                if entry is not None and entry.file_size <= MAX_MIMETYPE_BYTES:
                    with package.open(entry) as stream:
                        declared = stream.read(MAX_MIMETYPE_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
        raise ValidationError(
            _("The file is damaged or is not a %(extension)s document.") % {"extension": suffix}
        ) from None
    if kind.odf and declared != kind.content_type.encode("ascii"):
        raise ValidationError(
            _("The file is not a %(extension)s document: its declared type is not %(type)s.")
            % {"extension": suffix, "type": kind.content_type}
        )


@deconstructible
class UploadValidator:
    """`check_upload` as the validator of a model's file field, a form's or a serializer's, so that every form
    built from a model (the admin's pages and inlines among them) checks the file too. A file already in
    storage (an unchanged FieldFile, or the name a history record keeps) was checked when it came in and is
    not read again."""

    def __init__(self, extensions: Iterable[str] | None = None) -> None:
        self.extensions = tuple(extensions) if extensions is not None else None

    def __call__(self, value) -> None:
        if not value or isinstance(value, str):
            return
        if isinstance(value, FieldFile):
            if value._committed:
                return
            value = value.file
        check_upload(value, self.extensions)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and self.extensions == other.extensions

    def __hash__(self) -> int:
        return hash(self.extensions)


validate_upload = UploadValidator()


def served_type(filename: str) -> str:
    """The type a stored file is served as: its extension's, which its content was checked against when it
    came in (application/octet-stream for an extension no longer accepted). The type kept on the record is
    not used: records written before the check kept the type the client claimed."""
    kind = ALLOWED.get(PurePath(filename).suffix.lower())
    return kind.content_type if kind else UNKNOWN_TYPE


def served_types() -> list[str]:
    """Every type `served_type` can answer, the generic one first: clients generated from the API's schema
    read a file in the first of its types they know, and application/octet-stream is read as bytes."""
    return [UNKNOWN_TYPE, *sorted({kind.content_type for kind in ALLOWED.values()})]


def stored_file_response(stored) -> FileResponse:
    """A stored upload (anything with `file` and `original_filename`: a document's version, an entry's
    attachment) as an attachment under its original name, of its checked type, never sniffed."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=True, filename=safe_filename(stored.original_filename))
    response["Content-Type"] = served_type(stored.original_filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_picture_response(picture: FieldFile) -> FileResponse:
    """A PNG the server made from an upload (the picture of a document's first page), shown inline. Kept by
    the reader's browser alone, for a few minutes: it is asked for with every view of its page."""
    try:
        handle = picture.open("rb")
    except FileNotFoundError:
        raise Http404("The picture is missing from storage.") from None
    response = FileResponse(handle, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=600"
    return response

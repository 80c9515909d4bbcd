"""Files for the upload tests, built in memory: web pages, Office Open XML and OpenDocument packages."""

from __future__ import annotations

import io
import zipfile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
ODF_TYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}


def zipped(parts: dict[str, bytes | str]) -> bytes:
    """A ZIP of `parts`; a `mimetype` entry is stored first and uncompressed, as OpenDocument wants it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def ooxml(extension: str) -> bytes:
    """The smallest package of an Office Open XML type: its content types and its main part."""
    return zipped(
        {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": "<Relationships/>", MAIN_PARTS[extension]: "<x/>"}
    )


def odf(media_type: str | None) -> bytes:
    """An OpenDocument package declaring `media_type` (None: one without its `mimetype` entry)."""
    parts = {"mimetype": media_type} if media_type is not None else {}
    return zipped({**parts, "content.xml": "<office:document-content/>", "META-INF/manifest.xml": "<manifest/>"})

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


# --- documents holding a given text, for the extraction tests ---------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def office(parts: dict[str, str]) -> bytes:
    """An Office Open XML package of `parts`, with its content types and relationships."""
    return zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": "<Relationships/>", **parts})


def docx_with(*paragraphs: str, pages: int = 1, extra: dict | None = None) -> bytes:
    """A Word document of `paragraphs`, its properties declaring `pages`."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    properties = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Pages>{pages}</Pages></Properties>"
    )
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return office({"word/document.xml": document, "docProps/app.xml": properties, **(extra or {})})


def pptx_with(*slides: str) -> bytes:
    """A presentation of one slide per text."""
    parts = {
        f"ppt/slides/slide{number}.xml": (
            f'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A_NS}">'
            f"<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
            "</p:spTree></p:cSld></p:sld>"
        )
        for number, text in enumerate(slides, start=1)
    }
    return office({"ppt/presentation.xml": "<x/>", **parts})


def xlsx_with(rows: list[list[str]]) -> bytes:
    """A workbook of one sheet: its first column's texts are shared strings, the others inline strings."""
    shared = sorted({row[0] for row in rows if row})
    index = {text: number for number, text in enumerate(shared)}
    cells = []
    for row in rows:
        first = f'<c t="s"><v>{index[row[0]]}</v></c>' if row else ""
        others = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in row[1:])
        cells.append(f"<row>{first}{others}</row>")
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    sheet = f'<worksheet xmlns="{S_NS}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
    return office(
        {
            "xl/workbook.xml": "<x/>",
            "xl/sharedStrings.xml": f'<sst xmlns="{S_NS}">{strings}</sst>',
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def odt_with(*paragraphs: str, pages: int = 1) -> bytes:
    """An OpenDocument text of `paragraphs` (the second word of each in a span), declaring `pages`."""
    body = "".join(f"<text:p>{text}</text:p>" for text in paragraphs)
    return zipped(
        {
            "mimetype": ODF_TYPES[".odt"],
            "content.xml": (
                f"<office:document-content {ODF_NS}><office:body><office:text>{body}</office:text>"
                "</office:body></office:document-content>"
            ),
            "meta.xml": (
                f"<office:document-meta {ODF_NS}><office:meta>"
                f'<meta:document-statistic meta:page-count="{pages}"/></office:meta></office:document-meta>'
            ),
            "META-INF/manifest.xml": "<manifest/>",
        }
    )

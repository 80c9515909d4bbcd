"""The demo's sample files, which every demo document version points at, and the text the library reads in them.

Writing one file per version would mean hundreds of thousands of files at scale 100; the library needs real,
downloadable bytes behind each name, with text to search, so a pool of files is written once: seven in each of
the six official languages (prose.py says what they hold), as PDF laid out by WeasyPrint with its fonts embedded
(Arabic right to left, Chinese in a CJK font), Word, OpenDocument and PowerPoint files.

The bytes are the same at every run: the packages carry fixed timestamps and WeasyPrint writes neither a date
nor a random identifier unless asked to. They depend on WeasyPrint, Pango and the fonts installed, though, so
a stored file that differs from what is built now (after an upgrade, or changed by hand) is written again, and
the demo's versions pointing at it and their texts are brought in line with it (library.realign_versions).
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from tempfile import TemporaryDirectory
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from weasyprint import HTML

from platform_app.core.uploads import check_upload
from platform_app.library.extraction import Extracted, extract_file

from .prose import Prose, sample_prose

FOLDER = "demo"


@dataclass(frozen=True)
class SampleFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str
    # The code of the language its text is written in (a record's code: "en", "zh-hans").
    language: str = "en"


def pdf_bytes(text: str) -> bytes:
    """A minimal valid one-page PDF; offsets are computed so readers accept it."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# WeasyPrint picks the font of each script from the list: DejaVu holds Latin, Cyrillic and Arabic, WenQuanYi
# Micro Hei Chinese (the packages the Dockerfile and CI install).
PAGE_STYLE = (
    "@page { size: A4; margin: 2.2cm; @bottom-center { content: counter(page); font-size: 9pt } }"
    'body { font-family: "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif; font-size: 11pt; line-height: 1.5 }'
    "h1 { font-size: 17pt } p.place { font-style: italic } p { margin: 0 0 0.8em; text-align: justify }"
    # pdftotext reads the lam-alef ligature with its letters swapped: Arabic is laid out without ligatures, so
    # that the text read from the file is the text written.
    'html[lang="ar"] body { font-feature-settings: "liga" 0, "rlig" 0 }'
)


def laid_out_pdf(prose: Prose) -> bytes:
    """The text as a PDF laid out by WeasyPrint, its fonts embedded, in the direction of its language."""
    direction = ' dir="rtl"' if prose.language == "ar" else ""
    place, *paragraphs = prose.paragraphs
    body = "".join(f"<p>{html_escape(paragraph)}</p>" for paragraph in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="{prose.language}"{direction}><head><meta charset="utf-8">'
        f"<title>{html_escape(prose.title)}</title><style>{PAGE_STYLE}</style></head>"
        f'<body><h1>{html_escape(prose.title)}</h1><p class="place">{html_escape(place)}</p>{body}</body></html>'
    )
    return HTML(string=html).write_pdf()


def packed(parts: dict[str, str]) -> bytes:
    """A zip package of parts, in their order; fixed timestamps keep the bytes (and the checksum) stable. A
    `mimetype` part is stored uncompressed, as OpenDocument wants it first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def _office(main_part: str, main_type: str, parts: dict[str, str], overrides: Iterable[tuple[str, str]] = ()) -> bytes:
    """An Office Open XML package: its content types, its relationship to the main part, and the parts."""
    declared = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in ((main_part, main_type), *overrides)
    )
    return packed(
        {
            "[Content_Types].xml": (
                f'{XML}<Types xmlns="{CONTENT_TYPES}">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                f'<Default Extension="xml" ContentType="application/xml"/>{declared}</Types>'
            ),
            "_rels/.rels": (
                f'{XML}<Relationships xmlns="{RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="{main_part}"/></Relationships>'
            ),
            **parts,
        }
    )


def docx_bytes(title: str, paragraphs: Iterable[str], *, rtl: bool = False) -> bytes:
    """A Word document: the title, then one paragraph each (right to left when `rtl`)."""
    direction = "<w:pPr><w:bidi/></w:pPr>" if rtl else ""
    body = "".join(f"<w:p>{direction}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in (title, *paragraphs))
    document = (
        f'{XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return _office("word/document.xml", f"{DOCX}.main+xml", {"word/document.xml": document})


def odt_bytes(title: str, paragraphs: Iterable[str]) -> bytes:
    """An OpenDocument text: the title as its heading, then one paragraph each."""
    body = f'<text:h text:outline-level="1">{escape(title)}</text:h>' + "".join(
        f"<text:p>{escape(text)}</text:p>" for text in paragraphs
    )
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'{XML}<office:document-content xmlns:office="{office}" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        f'{XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return packed({"mimetype": ODT, "content.xml": content, "META-INF/manifest.xml": manifest})


PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def pptx_bytes(title: str, paragraphs: Iterable[str]) -> bytes:
    """A presentation: the title on the first slide, then a slide of each paragraph."""
    slides = {}
    for number, text in enumerate((title, *paragraphs), start=1):
        slides[f"ppt/slides/slide{number}.xml"] = (
            f'{XML}<p:sld xmlns:p="{P_NS}" xmlns:a="{A_NS}"><p:cSld><p:spTree><p:sp><p:txBody>'
            f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )
    listed = "".join(f'<p:sldId id="{255 + number}"/>' for number in range(1, len(slides) + 1))
    presentation = f'{XML}<p:presentation xmlns:p="{P_NS}"><p:sldIdLst>{listed}</p:sldIdLst></p:presentation>'
    return _office(
        "ppt/presentation.xml",
        f"{PRESENTATION}.presentation.main+xml",
        {"ppt/presentation.xml": presentation, **slides},
        overrides=[(name, f"{PRESENTATION}.slide+xml") for name in slides],
    )


BUILDERS = {
    "pdf": laid_out_pdf,
    "docx": lambda prose: docx_bytes(prose.title, prose.paragraphs, rtl=prose.language == "ar"),
    "odt": lambda prose: odt_bytes(prose.title, prose.paragraphs),
    "pptx": lambda prose: pptx_bytes(prose.title, prose.paragraphs),
}


@functools.cache
def _pool() -> tuple[tuple[SampleFile, bytes], ...]:
    """Every sample file with its bytes, built once per process; each passes the check every upload passes, as
    the library's files must, and is described with the type it finds."""
    pool = []
    counted: dict[str, int] = {}
    for prose in sample_prose():
        counted[prose.language] = counted.get(prose.language, 0) + 1
        filename = f"{prose.language}-{counted[prose.language]:02d}.{prose.extension}"
        data = BUILDERS[prose.extension](prose)
        checked = check_upload(ContentFile(data, name=filename))
        sample = SampleFile(
            f"{FOLDER}/{filename}",
            prose.extension,
            checked.content_type,
            checked.size,
            checked.sha256,
            prose.language,
        )
        pool.append((sample, data))
    return tuple(pool)


def sample_files() -> list[SampleFile]:
    """What the sample files are, without touching storage."""
    return [sample for sample, _ in _pool()]


@functools.cache
def _texts() -> dict[str, Extracted]:
    with TemporaryDirectory(prefix="demo-files-") as folder:
        texts = {}
        for sample, data in _pool():
            path = Path(folder) / Path(sample.name).name
            path.write_bytes(data)
            texts[sample.name] = extract_file(str(path), f".{sample.extension}")
    return texts


def sample_texts() -> dict[str, Extracted]:
    """What the library's extractor reads in each sample file, by the file's name: read once per process."""
    return dict(_texts())


def ensure_sample_files() -> list[SampleFile]:
    """Writes the sample files under demo/ in the media storage unless identical ones are there already."""
    for sample, data in _pool():
        name = sample.name
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as existing:
                if hashlib.sha256(existing.read()).hexdigest() != sample.sha256:
                    default_storage.delete(name)
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise RuntimeError(f"Storage saved the demo file as {saved!r} instead of {name!r}.")
    return sample_files()

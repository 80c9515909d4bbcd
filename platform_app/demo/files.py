"""A handful of small sample files that every demo document version points at.

Writing one file per version would mean hundreds of thousands of files at scale 100; the library
only needs real, downloadable bytes behind each name, so five files are written once.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from platform_app.core.uploads import check_upload

FOLDER = "demo"


@dataclass(frozen=True)
class SampleFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


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


def docx_bytes(text: str) -> bytes:
    """A minimal Word document; fixed timestamps keep the bytes (and the checksum) stable."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOTICE = "Synthetic demo document of the Compact Coordination Platform"
SAMPLES = (
    ("sample-1.pdf", "pdf", "application/pdf", lambda: pdf_bytes(f"{NOTICE}: report")),
    ("sample-2.pdf", "pdf", "application/pdf", lambda: pdf_bytes(f"{NOTICE}: guidance")),
    ("sample-3.pdf", "pdf", "application/pdf", lambda: pdf_bytes(f"{NOTICE}: meeting summary")),
    ("sample-4.docx", "docx", DOCX, lambda: docx_bytes(f"{NOTICE}: draft")),
    ("sample-5.txt", "txt", "text/plain", lambda: f"{NOTICE}: note.\n".encode()),
)


def sample_files() -> list[SampleFile]:
    """What the sample files are, without touching storage."""
    return [
        _describe(filename, extension, content_type, build()) for filename, extension, content_type, build in SAMPLES
    ]


def _describe(filename: str, extension: str, content_type: str, data: bytes) -> SampleFile:
    return SampleFile(f"{FOLDER}/{filename}", extension, content_type, len(data), hashlib.sha256(data).hexdigest())


def ensure_sample_files() -> list[SampleFile]:
    """Writes the sample files under demo/ in the media storage unless identical ones are there already. They pass
    the check every upload passes, as the library's files must, and are stored as the type it finds."""
    samples = []
    for filename, extension, _claimed, build in SAMPLES:
        data = build()
        checked = check_upload(ContentFile(data, name=filename))
        sample = _describe(filename, extension, checked.content_type, data)
        name, digest = sample.name, sample.sha256
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as existing:
                if hashlib.sha256(existing.read()).hexdigest() != digest:
                    default_storage.delete(name)
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise RuntimeError(f"Storage saved the demo file as {saved!r} instead of {name!r}.")
        samples.append(sample)
    return samples

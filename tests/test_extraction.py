"""The text read from each kind of file the library accepts, and from hostile files: damaged, too slow, zip
bombs, too long. Each file is built here and holds a sentence found nowhere else."""

from __future__ import annotations

import zipfile

import pytest
from weasyprint import HTML

from platform_app.library.extraction import Limits, Status, extract_file, pdf
from tests.files import CONTENT_TYPES, ODF_NS, ODF_TYPES, W_NS, docx_with, odt_with, pptx_with, xlsx_with, zipped

SENTENCE = "Seventeen amber herons audited the quiet lighthouse ledger"


def pdf_of(*pages: str) -> bytes:
    """A PDF of one page per text, written by WeasyPrint."""
    body = "".join(f'<p style="page-break-before: always">{text}</p>' for text in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def rtf_of(text: str) -> bytes:
    return (
        r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Writer;}"
        r"{\info{\title Not the text}}\f0 " + text + r"\par Caf\'e9 na\u239?ve\par}"
    ).encode("ascii")


def extracted(tmp_path, extension: str, data: bytes, limits: Limits | None = None):
    path = tmp_path / f"file{extension}"
    path.write_bytes(data)
    return extract_file(str(path), extension, *([limits] if limits else []))


def test_a_pdf_gives_its_text_and_pages(tmp_path):
    result = extracted(tmp_path, ".pdf", pdf_of(SENTENCE, "A second page"))
    assert result.status == Status.DONE
    assert SENTENCE in result.text
    assert "A second page" in result.text
    assert result.pages == 2
    assert result.words == len(SENTENCE.split()) + 3


@pytest.mark.parametrize(
    ("extension", "data", "pages"),
    [
        (".docx", docx_with(SENTENCE, "Closing words", pages=3), 3),
        (".pptx", pptx_with(SENTENCE, "Closing words"), 2),
        (".odt", odt_with(SENTENCE, "Closing words", pages=4), 4),
        (".txt", f"{SENTENCE}\nClosing words\n".encode(), None),
        (".csv", f'"{SENTENCE}", Closing words\n'.encode(), None),
    ],
    ids=["docx", "pptx", "odt", "txt", "csv"],
)
def test_each_kind_gives_its_text_its_words_and_its_declared_pages(tmp_path, extension, data, pages):
    result = extracted(tmp_path, extension, data)
    assert result.status == Status.DONE, result.reason
    assert SENTENCE in result.text
    assert "Closing words" in result.text
    assert result.words == len(SENTENCE.split()) + 2
    assert result.pages == pages


def test_a_workbook_gives_its_shared_and_inline_strings_row_by_row(tmp_path):
    result = extracted(tmp_path, ".xlsx", xlsx_with([[SENTENCE, "inline cell"], ["second row"]]))
    assert result.status == Status.DONE
    assert result.text.splitlines() == [f"{SENTENCE}\tinline cell", "second row"]


def test_an_rtf_gives_its_words_without_fonts_styles_or_properties(tmp_path):
    result = extracted(tmp_path, ".rtf", rtf_of(SENTENCE))
    assert result.status == Status.DONE
    assert result.text.splitlines() == [SENTENCE, "Café naïve"]
    assert "Arial" not in result.text
    assert "Not the text" not in result.text


def test_a_web_page_gives_its_text_without_script_or_style(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Hidden title</title><style>p { color: red }</style></head>"
        f"<body><p>{SENTENCE} &amp; more</p><script>var secret = 1;</script></body></html>"
    )
    result = extracted(tmp_path, ".html", page.encode())
    assert result.status == Status.DONE
    assert result.text == f"{SENTENCE} & more"


@pytest.mark.parametrize("extension", [".png", ".jpg", ".doc", ".xls", ".ppt"])
def test_kinds_without_text_to_read_say_why(tmp_path, extension):
    result = extracted(tmp_path, extension, b"\x89PNG\r\n\x1a\n")
    assert result.status == Status.NO_TEXT
    assert result.reason
    assert result.text == ""


def test_a_pdf_without_a_text_layer_is_told_apart(tmp_path):
    blank = HTML(string='<html><body><div style="height: 5cm; background: #000"></div></body></html>')
    result = extracted(tmp_path, ".pdf", blank.write_pdf())
    assert result.status == Status.NO_TEXT
    assert "no text layer" in result.reason
    assert result.pages == 1


# --- hostile files: each is refused or cut off within its limits, and the next file still reads -----------


def test_a_corrupt_pdf_fails_with_its_reason(tmp_path):
    result = extracted(tmp_path, ".pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nnot a pdf at all")
    assert result.status == Status.FAILED
    assert result.reason.startswith("The PDF cannot be read")
    assert SENTENCE in extracted(tmp_path, ".pdf", pdf_of(SENTENCE)).text


def test_a_pdf_without_pdftotext_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "PDFTOTEXT", "pdftotext-not-installed")
    result = extracted(tmp_path, ".pdf", pdf_of(SENTENCE))
    assert result.status == Status.FAILED
    assert result.reason == "pdftotext is not installed on this server."


def test_pages_past_the_page_limit_are_not_read(tmp_path):
    result = extracted(tmp_path, ".pdf", pdf_of(SENTENCE, "Unread second page"), Limits(max_pages=1))
    assert result.status == Status.CUT_OFF
    assert result.reason == "Only the first 1 of 2 pages were read."
    assert SENTENCE in result.text
    assert "Unread" not in result.text
    assert result.pages == 2


@pytest.mark.parametrize("extension", [".pdf", ".docx", ".rtf", ".html"])
def test_a_file_that_takes_too_long_fails_at_the_time_limit(tmp_path, extension):
    data = {".pdf": pdf_of(SENTENCE), ".docx": docx_with(SENTENCE), ".rtf": rtf_of(SENTENCE)}
    data[".html"] = f"<p>{SENTENCE}</p>".encode()
    result = extracted(tmp_path, extension, data[extension], Limits(seconds=0))
    assert result.status == Status.FAILED
    assert result.reason == "Reading took longer than 0 seconds."
    assert SENTENCE in extracted(tmp_path, extension, data[extension]).text


def test_a_zip_bomb_in_a_docx_is_refused_without_being_inflated(tmp_path, monkeypatch):
    # 4 MiB of one repeated run deflate to a few kilobytes: over a thousand times.
    run = f'<w:p xmlns:w="{W_NS}"><w:r><w:t>a</w:t></w:r></w:p>'
    bomb = docx_with(SENTENCE, extra={"word/footnotes.xml": run * (4 * 1024 * 1024 // len(run))})
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(name) or real_open(self, name, *a, **k)
    )
    result = extracted(tmp_path, ".docx", bomb)
    assert result.status == Status.FAILED
    assert result.reason == "The part word/footnotes.xml is compressed more than 200 times (a zip bomb)."
    assert opened == []
    assert extracted(tmp_path, ".docx", docx_with(SENTENCE)).status == Status.DONE


def test_a_part_over_the_size_limit_is_refused_from_the_directory(tmp_path):
    result = extracted(tmp_path, ".docx", docx_with(SENTENCE), Limits(max_part_bytes=100))
    assert result.status == Status.FAILED
    assert result.reason.startswith("The part ")
    assert result.reason.endswith(" would unpack to more than 100 bytes.")


def test_xml_with_entities_is_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
    )
    package = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": laughs})
    result = extracted(tmp_path, ".docx", package)
    assert result.status == Status.FAILED
    assert "malformed XML" in result.reason
    assert "lol" not in result.text


def test_a_damaged_package_fails_with_its_reason(tmp_path):
    result = extracted(tmp_path, ".xlsx", b"PK\x03\x04 truncated")
    assert result.status == Status.FAILED
    assert result.reason.startswith("The package is damaged")


def test_a_huge_spreadsheet_is_cut_off_at_the_cell_limit(tmp_path):
    rows = [[f"row{number}", "x"] for number in range(3_000)]
    result = extracted(tmp_path, ".xlsx", xlsx_with(rows), Limits(max_cells=1_000))
    assert result.status == Status.CUT_OFF
    assert result.reason == "The spreadsheet has more than 1,000 cells."
    lines = result.text.splitlines()
    assert lines[0] == "row0\tx"
    assert 498 <= len(lines) <= 500
    assert "row600" not in result.text
    assert extracted(tmp_path, ".xlsx", xlsx_with([[SENTENCE]])).text == SENTENCE


def test_a_text_longer_than_the_limit_keeps_its_beginning(tmp_path):
    result = extracted(tmp_path, ".txt", ("word " * 50).encode(), Limits(max_chars=42))
    assert result.status == Status.CUT_OFF
    assert result.reason == "The text is longer than 42 characters."
    assert result.text == ("word " * 50)[:42]
    assert result.words == 9


def test_the_text_keeps_no_control_characters(tmp_path):
    result = extracted(tmp_path, ".txt", b"one\x00two\x07 three\r\nfour")
    assert result.text == "onetwo three\nfour"


def opendocument(kind: str, body: str) -> bytes:
    """An OpenDocument package of `kind` (".ods", ".odp") whose body is `body`."""
    return zipped(
        {
            "mimetype": ODF_TYPES[kind],
            "content.xml": (
                f"<office:document-content {ODF_NS}><office:body>{body}</office:body></office:document-content>"
            ),
        }
    )


def test_an_opendocument_presentation_counts_its_slides_and_a_spreadsheet_its_cells(tmp_path):
    slides = "".join(f"<draw:page><text:p>{text}</text:p></draw:page>" for text in (SENTENCE, "Closing slide"))
    result = extracted(tmp_path, ".odp", opendocument(".odp", f"<office:presentation>{slides}</office:presentation>"))
    assert (result.status, result.pages) == (Status.DONE, 2)
    assert result.text.splitlines() == [SENTENCE, "Closing slide"]
    row = "<table:table-row>" + "<table:table-cell><text:p>cell</text:p></table:table-cell>" * 3 + "</table:table-row>"
    sheet = f"<office:spreadsheet><table:table>{row * 4}</table:table></office:spreadsheet>"
    assert extracted(tmp_path, ".ods", opendocument(".ods", sheet)).text.splitlines()[0] == "cell\tcell\tcell"
    cut = extracted(tmp_path, ".ods", opendocument(".ods", sheet), Limits(max_cells=5))
    assert (cut.status, cut.reason) == (Status.CUT_OFF, "The spreadsheet has more than 5 cells.")
    assert cut.text.splitlines() == ["cell\tcell\tcell", "cell\tcell"]

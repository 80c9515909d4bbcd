"""What a file must be to come in, whichever way it comes: the portal's forms, the admin (its pages,
inlines and spreadsheet import) and the check itself; and the type a stored file is served as.

The API's uploads are in tests/api/test_writes.py, the backup restore's in tests/test_backup.py.
"""

from __future__ import annotations

import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats import base_formats

from platform_app.core.uploads import check_upload
from platform_app.countries.models import CountryEntry, EntryAttachment
from platform_app.directory.models import Organization
from platform_app.library.models import Document, DocumentVersion
from tests.factories import SAMPLE_PDF, DocumentFactory, reference_group
from tests.files import CONTENT_TYPES, DOCX, HTML_PAGE, MAIN_PARTS, ODF_TYPES, odf, ooxml, zipped
from tests.test_admin import add_document, url

pytestmark = pytest.mark.shared_world


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, data))
    return " ".join(refused.value.messages)


# --- the check ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.txt", HTML_PAGE),
        ("page.txt", b"\xef\xbb\xbf  \n<html><body>hello</body></html>"),
        ("image.txt", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("data.csv", b'<?xml version="1.0"?><root/>'),
        ("notes.txt", b"<script>alert(1)</script>"),
        ("notes.txt", b"<!-- a comment -->"),
        ("notes.csv", b"name,comment\nAda,hello <script src=//example.org/x.js></script>\n"),
    ],
    ids=["doctype", "bom-and-space", "svg", "xml", "script", "comment", "script-in-the-first-lines"],
)
def test_markup_named_as_text_is_refused(name, data):
    assert "looks like HTML or other markup" in refusal(name, data)


def test_text_that_merely_uses_angle_brackets_is_accepted_and_markup_is_not():
    for data in (b"a < b and c > d\n", b"age,count\n<5,12\n>65,3\n", b"\xef\xbb\xbfplain text\n", "Synthèse".encode()):
        assert check_upload(upload("notes.txt", data)).content_type == "text/plain"
    assert "markup" in refusal("notes.txt", b"\n\t<b>bold</b>")


def test_text_must_be_utf8_to_its_last_byte():
    assert "not UTF-8 text" in refusal("notes.txt", b"a" * 5000 + b"\xff\xfe latin-1 bytes")
    assert "not UTF-8 text" in refusal("notes.csv", b"a" * 5000 + "é".encode()[:1])


@pytest.mark.parametrize("extension", sorted(MAIN_PARTS))
def test_an_office_file_must_be_a_package_holding_its_main_part(extension):
    assert check_upload(upload(f"report{extension}", ooxml(extension))).size == len(ooxml(extension))
    assert f"not a {extension} document" in refusal(f"report{extension}", zipped({"readme.txt": "hello"}))
    other = next(e for e in MAIN_PARTS if e != extension)
    assert f"not a {extension} document" in refusal(f"report{extension}", ooxml(other))
    no_types = zipped({MAIN_PARTS[extension]: "<x/>"})
    assert "[Content_Types].xml" in refusal(f"report{extension}", no_types)


@pytest.mark.parametrize("extension", sorted(ODF_TYPES))
def test_an_opendocument_must_declare_its_own_type(extension):
    assert check_upload(upload(f"notes{extension}", odf(ODF_TYPES[extension]))).content_type == ODF_TYPES[extension]
    other = next(media_type for e, media_type in ODF_TYPES.items() if e != extension)
    assert f"not a {extension} document" in refusal(f"notes{extension}", odf(other))
    assert f"not a {extension} document" in refusal(f"notes{extension}", odf(None))
    assert f"not a {extension} document" in refusal(f"notes{extension}", odf("text/html"))


def test_a_damaged_archive_is_refused():
    assert "damaged" in refusal("report.docx", b"PK\x03\x04" + b"\x00" * 200)
    truncated = ooxml(".docx")[:-30]
    assert "damaged" in refusal("report.docx", truncated)


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking(monkeypatch):
    bomb = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"\x00" * (8 << 20)})
    assert len(bomb) < 64 << 10
    crowded = zipped(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<x/>"} | {f"p/{i}": "" for i in range(10_001)}
    )

    def no_unpacking(*args, **kwargs):
        raise AssertionError("the check unpacked a member")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    assert "unreasonable" in refusal("report.docx", bomb)
    assert "unreasonable" in refusal("report.docx", crowded)


def test_the_checked_type_is_the_extensions_whatever_the_client_says():
    checked = check_upload(upload("report.pdf", SAMPLE_PDF, content_type="text/html"))
    assert checked.content_type == "application/pdf"
    checked = check_upload(upload("report.docx", ooxml(".docx"), content_type="text/html"))
    assert checked.content_type == DOCX
    assert "markup" in refusal("report.txt", HTML_PAGE)


# --- the portal ---------------------------------------------------------------------------------------------


def _share_form(file) -> dict:
    return {
        "title": "Guidance on border security",
        "document_type": "guidance",
        "language": "en",
        "published_on": "2025-04-01",
        "working_group": reference_group("BMLE").pk,
        "visibility": "platform",
        "file": file,
    }


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("notes.txt", HTML_PAGE, "text/plain"), "markup"),
        (upload("report.docx", zipped({"readme.txt": "hello"}), DOCX), "not a .docx document"),
        (upload("notes.odt", odf(ODF_TYPES[".ods"])), "not a .odt document"),
    ],
    ids=["html-as-txt", "zip-as-docx", "ods-as-odt"],
)
def test_the_portal_refuses_a_disguised_document_on_the_form(client, people, file, message):
    client.force_login(people.entity)
    response = client.post(reverse("library:upload"), _share_form(file))
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode()
    assert not Document.objects.filter(title="Guidance on border security").exists()


def test_the_portal_takes_a_real_docx_and_stores_its_checked_type(client, people):
    client.force_login(people.entity)
    response = client.post(reverse("library:upload"), _share_form(upload("brief.docx", ooxml(".docx"), "text/html")))
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document__title="Guidance on border security")
    assert version.content_type == DOCX
    refused = client.post(
        reverse("library:new_version", kwargs={"pk": version.document_id}),
        {"file": upload("brief.docx", zipped({"word/document.xml": "<x/>"}), DOCX)},
    )
    assert refused.status_code == 200
    assert "[Content_Types].xml" in refused.context["form"].errors["file"][0]
    assert version.document.versions.count() == 1


def _add_entry(client, attachment):
    """The portal's page for a new entry of Kenya, "Community policing", sent with `attachment`."""
    return client.post(
        reverse("countries:entry_create", kwargs={"iso3": "KEN"}),
        {
            "kind": "good_practice",
            "title": "Community policing",
            "text": "Neighbourhood committees since 2023.",
            "dated_on": "2025-04-02",
            "audience": "platform",
            "attachments": [attachment],
        },
    )


def test_the_portal_refuses_markup_attached_to_a_country_entry(client, people):
    client.force_login(people.state)
    response = _add_entry(client, upload("notes.txt", HTML_PAGE, "text/plain"))
    assert response.status_code == 400
    assert "markup" in " ".join(response.context["form"].errors["attachments"])
    assert not CountryEntry.objects.filter(title="Community policing").exists()
    assert not EntryAttachment.objects.filter(original_filename="notes.txt").exists()


# --- the admin ----------------------------------------------------------------------------------------------


def _add_version(client, document, file):
    """The admin's page for a new version of `document`, sent with `file`."""
    return client.post(url(DocumentVersion, "add"), {"document": document.pk, "number": 2, "note": "", "file": file})


def test_the_admins_version_page_runs_the_check(client, people):
    document = DocumentFactory()
    client.force_login(people.secretariat)
    response = _add_version(client, document, upload("notes.txt", HTML_PAGE, "text/plain"))
    assert response.status_code == 200
    assert "markup" in " ".join(response.context["adminform"].form.errors["file"])
    assert document.versions.count() == 1


def test_the_admins_document_inline_runs_the_check(client, people):
    client.force_login(people.secretariat)
    response = add_document(client, upload("Annual report.docx", zipped({"readme.txt": "hello"}), DOCX))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "not a .docx document" in " ".join(errors["file"])
    assert not Document.objects.filter(title="Annual report").exists()


def test_the_admin_stores_and_serves_the_checked_type_not_the_clients(client, people):
    document = DocumentFactory()
    client.force_login(people.secretariat)
    response = _add_version(client, document, upload("report.pdf", SAMPLE_PDF, "text/html"))
    assert response.status_code == 302
    version = document.versions.get(number=2)
    assert (version.original_filename, version.content_type, version.size) == (
        "report.pdf",
        "application/pdf",
        len(SAMPLE_PDF),
    )
    download = client.get(reverse("library:download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"


def _import(client, model, file):
    index = next(
        str(i) for i, fmt in enumerate(admin.site._registry[model].get_import_formats()) if fmt is base_formats.CSV
    )
    return client.post(url(model, "import"), {"format": index, "resource": "0", "import_file": file})


def test_the_admins_spreadsheet_import_runs_the_check(client, people):
    client.force_login(people.secretariat)
    response = _import(client, Organization, upload("organizations.csv", HTML_PAGE, "text/csv"))
    assert response.status_code == 200
    assert "markup" in " ".join(response.context["form"].errors["import_file"])
    response = _import(client, Organization, upload("organizations.xlsx", zipped({"readme.txt": "hello"})))
    assert "not a .xlsx document" in " ".join(response.context["form"].errors["import_file"])
    response = _import(client, Organization, upload("organizations.pdf", SAMPLE_PDF))
    assert ".pdf are not accepted" in " ".join(response.context["form"].errors["import_file"])


# --- downloads ----------------------------------------------------------------------------------------------


def test_a_stored_file_is_served_as_its_checked_type_whatever_its_record_says(client, people, world):
    document = world.objects["documents"]["unodc_for_au"]
    version = document.versions.get()
    assert version.original_filename.endswith(".pdf")
    DocumentVersion.objects.filter(pk=version.pk).update(content_type="text/html")
    client.force_login(people.entity)
    download = client.get(reverse("library:download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    version_download = client.get(reverse("library:download", args=[document.pk]), {"version": 1})
    assert version_download["Content-Type"] == "application/pdf"

    client.force_login(people.state)
    _add_entry(client, upload("plan.pdf", SAMPLE_PDF, "text/html"))
    attachment = EntryAttachment.objects.get(entry__title="Community policing")
    assert attachment.content_type == "application/pdf"
    EntryAttachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    served = client.get(reverse("countries:attachment", kwargs={"pk": attachment.pk}))
    assert served["Content-Type"] == "application/pdf"

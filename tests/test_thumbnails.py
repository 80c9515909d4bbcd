"""A look before the download: the picture of a file's first page and its counts of pages and words.

The picture is made when the version's text is read (PDFs drawn by pdftoppm, Office and OpenDocument files
from the picture they keep, images from themselves), always drawn again as a small PNG; it is stored beside
the file, served only to whoever may open the version (page and API), replaced with its file and deleted with
its version, on the local disk and in an S3 bucket alike.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient
from weasyprint import HTML

from platform_app.core.storage import stored_names
from platform_app.library import texts
from platform_app.library.extraction import LIMITS, Limits, Status, pictures
from platform_app.library.models import Document, DocumentText
from tests.api.test_writes import document_form
from tests.factories import DocumentFactory
from tests.files import docx_with, odt_with, zipped
from tests.test_document_text import version_of
from tests.test_extraction import pdf_of
from tests.test_uploads import _share_form

pytestmark = pytest.mark.usefixtures("tasks_in_process")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SENTENCE = "Eleven copper wrens indexed the windward signal registry"


def picture_of(tmp_path, extension: str, data: bytes, limits: Limits = LIMITS) -> bytes | None:
    path = tmp_path / f"file{extension}"
    path.write_bytes(data)
    return pictures.first_page_picture(str(path), extension, limits)


def size_of(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


def image_bytes(size: tuple[int, int], fmt: str, colour: str = "navy") -> bytes:
    written = io.BytesIO()
    Image.new("RGB", size, colour).save(written, fmt)
    return written.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` by `height` pixels (a pixel bomb), with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


# --- the picture of each kind of file ------------------------------------------------------------------------


def test_a_pdfs_first_page_is_drawn_within_the_size_limit(tmp_path):
    png = picture_of(tmp_path, ".pdf", pdf_of("The first page", "The second page"))
    width, height = size_of(png)
    assert max(width, height) == LIMITS.picture_px and width < height  # an A4 page, upright


def test_a_page_of_enormous_declared_size_is_drawn_as_small_as_any(tmp_path):
    giant = HTML(string="<style>@page { size: 5000mm 5000mm }</style><p>A poster</p>").write_pdf()
    assert max(size_of(picture_of(tmp_path, ".pdf", giant))) == LIMITS.picture_px


def test_a_corrupt_pdf_or_a_missing_pdftoppm_gives_no_picture(tmp_path, monkeypatch):
    assert picture_of(tmp_path, ".pdf", b"%PDF-1.7\nnot really a PDF") is None
    monkeypatch.setattr(pictures, "PDFTOPPM", "pdftoppm-not-installed")
    assert picture_of(tmp_path, ".pdf", pdf_of("A page")) is None


def test_a_pdf_that_takes_too_long_to_draw_gives_no_picture(tmp_path):
    assert picture_of(tmp_path, ".pdf", pdf_of("A page"), Limits(picture_seconds=0.000001)) is None


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="the memory limit is set by util-linux's prlimit")
def test_a_pdf_that_needs_more_memory_than_allowed_to_draw_gives_no_picture(tmp_path):
    data = pdf_of("A page")
    assert picture_of(tmp_path, ".pdf", data, Limits(picture_memory=8 * 1024 * 1024)) is None
    assert picture_of(tmp_path, ".pdf", data) is not None


def test_an_office_file_shows_the_picture_it_keeps_drawn_again_as_a_small_png(tmp_path):
    kept = image_bytes((900, 1200), "JPEG")
    docx = docx_with(SENTENCE, extra={"docProps/thumbnail.jpeg": kept})
    width, height = size_of(picture_of(tmp_path, ".docx", docx))
    assert (width, height) == (360, 480)
    assert picture_of(tmp_path, ".docx", docx_with(SENTENCE)) is None  # one saved without a picture


def test_an_opendocument_shows_its_thumbnail(tmp_path):
    parts = {"Thumbnails/thumbnail.png": image_bytes((181, 256), "PNG")}
    odt = zipped({**dict(_parts_of(odt_with(SENTENCE))), **parts})
    assert size_of(picture_of(tmp_path, ".odt", odt)) == (181, 256)


def _parts_of(package: bytes):
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            yield name, archive.read(name)


def test_an_image_is_its_own_picture(tmp_path):
    assert size_of(picture_of(tmp_path, ".jpg", image_bytes((2000, 1000), "JPEG"))) == (480, 240)


@pytest.mark.parametrize(
    ("extension", "data"),
    [
        (".png", png_declaring(100_000, 100_000)),
        (".docx", docx_with(SENTENCE, extra={"docProps/thumbnail.jpeg": png_declaring(60_000, 60_000)})),
        (".png", b"\x89PNG\r\n\x1a\n but nothing of an image after"),
        (".docx", b"PK\x03\x04 a damaged package"),
        (".txt", b"A text has no page to draw"),
    ],
    ids=["pixel-bomb", "pixel-bomb-in-a-package", "broken-image", "damaged-package", "text"],
)
def test_hostile_or_unfit_files_give_no_picture_and_raise_nothing(tmp_path, extension, data):
    assert picture_of(tmp_path, extension, data) is None


# --- kept beside the version, replaced and deleted with it -----------------------------------------------


def test_reading_a_pdf_keeps_its_picture_and_counts_in_storage(reference, media_storage):
    version = version_of(pdf_of(SENTENCE, "A second page"), "brief.pdf")
    text = texts.extract_version(version.pk)
    assert (text.status, text.pages, text.words) == (Status.DONE, 2, len(SENTENCE.split()) + 3)
    assert text.thumbnail.name.startswith("thumbnails/")
    assert media_storage.exists(text.thumbnail.name)
    with media_storage.open(text.thumbnail.name) as stored:
        assert max(size_of(stored.read())) == LIMITS.picture_px


def test_reading_again_replaces_the_picture_and_deletes_the_old_one_once_committed(
    reference, media_storage, django_capture_on_commit_callbacks
):
    version = version_of(pdf_of(SENTENCE), "brief.pdf")
    first = texts.extract_version(version.pk).thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        second = texts.extract_version(version.pk, again=True).thumbnail.name
    assert second != first
    assert media_storage.exists(second) and not media_storage.exists(first)


def test_a_new_file_queued_for_reading_drops_the_picture_of_the_old_one(
    reference, media_storage, django_capture_on_commit_callbacks
):
    version = version_of(pdf_of(SENTENCE), "brief.pdf")
    old = texts.extract_version(version.pk).thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        texts.queue_extraction(version)
        assert DocumentText.objects.get(version=version).thumbnail.name == ""
        assert media_storage.exists(old)  # until the commit
    assert not media_storage.exists(old)
    assert media_storage.exists(DocumentText.objects.get(version=version).thumbnail.name)  # read anew


def test_a_picture_whose_text_is_not_written_is_not_left_in_storage(reference, media_storage, monkeypatch):
    version = version_of(pdf_of(SENTENCE), "brief.pdf")

    def failing_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(DocumentText, "save", failing_save)
    with pytest.raises(RuntimeError):
        texts.extract_version(version.pk)
    assert [name for name in stored_names(media_storage, "thumbnails") if f"/{version.pk}-" in name] == []


@pytest.mark.parametrize("deleted", ["version", "document"])
def test_the_picture_is_deleted_with_its_version(reference, media_storage, django_capture_on_commit_callbacks, deleted):
    version = version_of(pdf_of(SENTENCE), "brief.pdf")
    name = texts.extract_version(version.pk).thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        (version if deleted == "version" else version.document).delete()
    assert not DocumentText.objects.filter(version_id=version.pk).exists()
    assert not media_storage.exists(name)


# --- shown on the document's page and in the API, to whoever may open the version -----------------------


def shared_through_the_page(client, people, capture, data: bytes, name: str) -> Document:
    client.force_login(people.entity)
    form = _share_form(SimpleUploadedFile(name, data))
    with capture(execute=True):
        assert client.post(reverse("library:upload"), form).status_code == 302
    return Document.objects.get(title=form["title"])


def test_the_document_page_shows_the_first_page_and_the_counts(client, people, django_capture_on_commit_callbacks):
    document = shared_through_the_page(
        client, people, django_capture_on_commit_callbacks, pdf_of(SENTENCE, "Two", "Three"), "brief.pdf"
    )
    page = client.get(reverse("library:document", args=[document.pk])).content.decode()
    picture = reverse("library:thumbnail", args=[document.pk])
    assert f'src="{picture}?version=1"' in page
    assert "3 pages, 10 words" in page
    response = client.get(picture)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]
    assert max(size_of(b"".join(response.streaming_content))) == LIMITS.picture_px


def test_a_file_without_a_picture_shows_none_and_its_counts(client, people, django_capture_on_commit_callbacks):
    document = shared_through_the_page(
        client, people, django_capture_on_commit_callbacks, docx_with(SENTENCE, pages=4), "brief.docx"
    )
    page = client.get(reverse("library:document", args=[document.pk])).content.decode()
    assert "library-thumbnail" not in page and "4 pages, 8 words" in page
    assert client.get(reverse("library:thumbnail", args=[document.pk])).status_code == 404


def test_whoever_may_not_open_the_version_gets_no_picture(client, people, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(people.entity)
    form = document_form(file=SimpleUploadedFile("brief.pdf", pdf_of(SENTENCE), content_type="application/pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api:document-list"), form, format="multipart")
    assert response.status_code == 201, response.content[:300]
    pk = response.json()["id"]
    assert response.json()["versions"][0]["thumbnail_url"] is None  # answered before its file is read
    (version,) = api.get(reverse("api:document-detail", args=[pk])).json()["versions"]
    assert version["thumbnail_url"].endswith(f"/api/v1/documents/{pk}/thumbnail/?version=1")
    assert (version["pages"], version["words"]) == (1, len(SENTENCE.split()))
    assert api.get(version["thumbnail_url"]).status_code == 200
    assert api.get(reverse("api:document-thumbnail", args=[pk]), {"version": "x"}).status_code == 400
    assert api.get(reverse("api:document-thumbnail", args=[pk]), {"version": 2}).status_code == 404
    # Kenya's focal point does not see a document shared in a group it is not part of.
    other = APIClient()
    other.force_authenticate(people.state)
    assert other.get(reverse("api:document-thumbnail", args=[pk])).status_code == 404
    client.force_login(people.state)
    assert client.get(reverse("library:thumbnail", args=[pk])).status_code == 404


def test_the_api_says_null_until_the_file_is_read(people):
    document = DocumentFactory()
    api = APIClient()
    api.force_authenticate(people.cted)
    (version,) = api.get(reverse("api:document-detail", args=[document.pk])).json()["versions"]
    assert (version["pages"], version["words"], version["thumbnail_url"]) == (None, None, None)


def test_the_picture_is_not_served_for_a_document_of_a_file_kind_nobody_draws(people):
    document = DocumentFactory()
    DocumentText.objects.create(version=document.versions.get(), status=Status.NO_TEXT)
    api = APIClient()
    api.force_authenticate(people.cted)
    assert api.get(reverse("api:document-thumbnail", args=[document.pk])).status_code == 404


def test_the_admin_shows_the_first_page_through_the_librarys_address(client, people, reference):
    version = version_of(pdf_of(SENTENCE), "brief.pdf")
    texts.extract_version(version.pk)
    client.force_login(people.secretariat)
    page = client.get(reverse("admin:platform_app_documenttext_change", args=[version.pk])).content.decode()
    picture = reverse("library:thumbnail", args=[version.document_id])
    assert f'<img src="{picture}?version=1"' in page
    assert "/media/thumbnails/" not in page and "thumbnails/" not in page

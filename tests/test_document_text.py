"""The text of each document version: read once its upload commits, however it came in (the API, the portal,
the admin), kept with the version and deleted with it, read again only when its file changed or when asked;
the admin shows it and reads it again; `extract_document_text` reads what is missing."""

from __future__ import annotations

import hashlib
import io

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from rest_framework.test import APIClient

from platform_app.core.tasks import TRANSIENT
from platform_app.library import texts
from platform_app.library.extraction import Limits, Status
from platform_app.library.models import Document, DocumentText, DocumentVersion
from platform_app.library.tasks import extract_version_text
from tests.api.test_writes import document_form
from tests.factories import DocumentFactory, DocumentVersionFactory
from tests.files import DOCX, docx_with, odt_with, zipped
from tests.test_admin import add_document, url
from tests.test_uploads import _share_form

SENTENCE = "Nine cobalt otters catalogued the drifting harbour archive"


def version_of(data: bytes, name: str = "brief.docx", **fields) -> DocumentVersion:
    """A version of a new document holding `data` as `name`."""
    document = DocumentFactory(version=None)
    return DocumentVersionFactory(
        document=document,
        file=ContentFile(data, name=name),
        original_filename=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )


@pytest.fixture
def counted(monkeypatch):
    """How many times a file was read for its text."""
    calls = []
    real = texts.extract_file

    def extract_file(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(texts, "extract_file", extract_file)
    return calls


def test_the_text_of_a_version_is_kept_with_its_counts(reference):
    version = version_of(docx_with(SENTENCE, "Closing words", pages=2))
    text = texts.extract_version(version.pk)
    assert text.status == Status.DONE
    assert SENTENCE in text.content
    assert (text.pages, text.words) == (2, len(SENTENCE.split()) + 2)
    assert text.sha256 == version.sha256
    assert text.extracted_at is not None
    assert version.text == text


def test_an_unchanged_file_is_not_read_again_unless_asked(reference, counted):
    version = version_of(docx_with(SENTENCE))
    first = texts.extract_version(version.pk)
    assert texts.extract_version(version.pk) == first
    assert len(counted) == 1
    assert texts.extract_version(version.pk, again=True).status == Status.DONE
    assert len(counted) == 2


def test_a_changed_file_is_read_anew(reference, counted):
    version = version_of(docx_with(SENTENCE))
    texts.extract_version(version.pk)
    data = docx_with("A wholly different paragraph")
    version.file.save("brief.docx", ContentFile(data), save=False)
    version.sha256 = hashlib.sha256(data).hexdigest()
    version.save()
    text = texts.extract_version(version.pk)
    assert text.content == "A wholly different paragraph"
    assert len(counted) == 2


def test_a_file_missing_from_storage_fails_with_its_reason(reference):
    version = version_of(docx_with(SENTENCE))
    version.file.storage.delete(version.file.name)
    text = texts.extract_version(version.pk)
    assert (text.status, text.reason) == (Status.FAILED, "The file is missing from storage.")


def test_a_file_over_the_size_limit_is_not_copied(reference):
    version = version_of(docx_with(SENTENCE))
    text = texts.extract_version(version.pk, limits=Limits(max_bytes=100))
    assert (text.status, text.reason) == (Status.FAILED, "The file is larger than 100 bytes.")
    assert text.content == ""


def test_a_storage_that_does_not_answer_is_a_transient_fault_and_writes_nothing(reference, monkeypatch):
    version = version_of(docx_with(SENTENCE))

    def unreachable(self, mode="rb"):
        raise OSError("connection reset by the object store")

    monkeypatch.setattr(FieldFile, "open", unreachable)
    with pytest.raises(texts.StorageUnavailable) as raised:
        texts.extract_version(version.pk)
    assert isinstance(raised.value, TRANSIENT)
    assert isinstance(raised.value, extract_version_text.autoretry_for)
    assert not DocumentText.objects.filter(version=version).exists()


def test_the_task_records_its_time_limit_as_a_failure(reference, monkeypatch):
    version = version_of(docx_with(SENTENCE))

    def slow(version_id, again=False):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(texts, "extract_version", slow)
    assert extract_version_text.run(version.pk) == {"version": version.pk, "status": Status.FAILED}
    assert version.text.reason == "Reading took longer than the task's time limit."


def test_the_task_of_a_deleted_version_does_nothing(reference):
    version = version_of(docx_with(SENTENCE))
    version_id = version.pk
    version.delete()
    assert extract_version_text.run(version_id) == {"version": version_id, "status": "gone"}
    assert not DocumentText.objects.filter(version_id=version_id).exists()


def test_deleting_a_version_deletes_its_text(reference):
    version = version_of(docx_with(SENTENCE))
    texts.extract_version(version.pk)
    version.delete()
    assert not DocumentText.objects.filter(content__contains=SENTENCE).exists()


def test_the_current_versions_texts_are_one_query_away(reference):
    document = DocumentFactory(version=None)
    for words in ("The first draft", SENTENCE):
        data = docx_with(words)
        DocumentVersionFactory(document=document, file=ContentFile(data, name="d.docx"), original_filename="d.docx")
    for version in document.versions.all():
        texts.extract_version(version.pk)
    assert [text.content for text in DocumentText.objects.current().filter(version__document=document)] == [SENTENCE]


def test_queueing_marks_the_text_pending_and_reads_it_once_the_transaction_commits(
    reference, tasks_in_process, django_capture_on_commit_callbacks
):
    version = version_of(docx_with(SENTENCE))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        texts.queue_extraction(version)
        assert DocumentText.objects.get(version=version).status == Status.PENDING
    assert len(callbacks) == 1
    assert DocumentText.objects.get(version=version).content == SENTENCE


# --- every way a file comes in reads its text once the upload commits ------------------------------------


def test_a_document_shared_through_the_api_has_its_text_once_committed(
    people, tasks_in_process, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(people.entity)
    form = document_form(file=SimpleUploadedFile("brief.docx", docx_with(SENTENCE), content_type=DOCX))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse("api:document-list"), form, format="multipart")
    assert response.status_code == 201, response.content[:300]
    text = DocumentText.objects.get(version__document_id=response.json()["id"])
    assert (text.status, text.content, text.words) == (Status.DONE, SENTENCE, len(SENTENCE.split()))


def test_a_document_and_its_new_version_shared_on_the_pages_have_their_text_once_committed(
    client, people, tasks_in_process, django_capture_on_commit_callbacks
):
    client.force_login(people.entity)
    form = _share_form(SimpleUploadedFile("brief.docx", docx_with(SENTENCE), content_type=DOCX))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("library:upload"), form).status_code == 302
    document = Document.objects.get(title=form["title"])
    assert DocumentText.objects.get(version__document=document).content == SENTENCE
    newer = SimpleUploadedFile("brief.odt", odt_with("The revised wording", pages=2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:new_version", kwargs={"pk": document.pk}), {"file": newer})
    assert response.status_code == 302
    current = DocumentText.objects.current().get(version__document=document)
    assert (current.content, current.pages, current.version.number) == ("The revised wording", 2, 2)


def test_a_refused_upload_leaves_no_text_behind(client, people, tasks_in_process, django_capture_on_commit_callbacks):
    client.force_login(people.entity)
    disguised = SimpleUploadedFile("brief.docx", zipped({"readme.txt": SENTENCE}), content_type=DOCX)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("library:upload"), _share_form(disguised))
    assert response.status_code == 200
    assert callbacks == []
    assert not DocumentText.objects.exists()


# --- the admin and the command ---------------------------------------------------------------------------


def test_the_admin_reads_a_new_file_and_shows_its_extraction(
    client, people, tasks_in_process, django_capture_on_commit_callbacks
):
    client.force_login(people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_document(client, SimpleUploadedFile("Annual report.docx", docx_with(SENTENCE, pages=3)))
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document__title="Annual report")
    assert version.text.content == SENTENCE
    page = client.get(url(Document, "change", version.document_id)).content.decode()
    assert "Extracted" in page
    assert f"3, {len(SENTENCE.split())}" in page
    corrupt = SimpleUploadedFile("report.pdf", b"%PDF-1.7\nno objects here")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(DocumentVersion, "add"), {"document": version.document_id, "number": 2, "note": "", "file": corrupt}
        )
    assert response.status_code == 302
    page = client.get(url(DocumentVersion, "change", version.document.versions.get(number=2).pk)).content.decode()
    assert "Failed" in page
    assert "The PDF cannot be read" in page


def test_the_admin_action_extracts_the_texts_of_the_documents_again(
    client, people, counted, tasks_in_process, django_capture_on_commit_callbacks
):
    version = version_of(docx_with(SENTENCE))
    texts.extract_version(version.pk)
    client.force_login(people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(Document, "changelist"),
            {"action": "extract_text_again", "_selected_action": [version.document_id]},
            follow=True,
        )
    assert "The text of 1 version will be extracted again." in response.content.decode()
    assert len(counted) == 2
    assert DocumentText.objects.get(version=version).status == Status.DONE


def test_the_command_reads_what_was_never_read_and_with_all_everything(reference, counted):
    read = version_of(docx_with(SENTENCE))
    texts.extract_version(read.pk)
    unread = version_of(b"%PDF-1.7\ncorrupt", name="scan.pdf")
    image = version_of(b"\x89PNG\r\n\x1a\n", name="map.png")
    out = io.StringIO()
    call_command("extract_document_text", stdout=out)
    assert out.getvalue().splitlines() == ["Read 2 version(s).", "  Failed: 1", "  No text: 1"]
    assert DocumentText.objects.get(version=image).reason == "An image holds no text layer."
    assert len(counted) == 3
    out = io.StringIO()
    call_command("extract_document_text", "--all", "--document", str(read.document_id), stdout=out)
    assert out.getvalue().splitlines() == ["Read 1 version(s).", "  Extracted: 1"]
    assert len(counted) == 4
    assert unread.text.status == Status.FAILED


def test_the_command_names_a_document_that_does_not_exist(reference):
    with pytest.raises(CommandError, match="no document has the id 0"):
        call_command("extract_document_text", "--document", "0")

"""The demo's sample files: real files in the six languages, whose text the demo writes as the library reads it,
so that searching inside documents finds the demo's documents by what their files say, as each reader may see."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from platform_app.accounts.models import User
from platform_app.core.uploads import check_upload
from platform_app.demo import languages
from platform_app.demo.files import ensure_sample_files, laid_out_pdf, sample_files, sample_texts
from platform_app.demo.prose import sample_prose
from platform_app.library.extraction import Status, extract_file
from platform_app.library.models import Document, DocumentText, DocumentVersion

SCALE = 0.02
MARKED = re.compile(r"<mark>([^<]*)</mark>")


def seed():
    call_command("seed_demo", scale=str(SCALE), quiet=True)


@pytest.fixture
def seeded(reference):
    seed()


def stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_the_pool_covers_the_six_languages_in_four_kinds():
    samples = sample_files()
    assert 30 <= len(samples) <= 60
    assert {sample.language for sample in samples} == set(languages.CODES)
    assert {sample.extension for sample in samples} == {"pdf", "docx", "odt", "pptx"}
    assert len({sample.sha256 for sample in samples}) == len(samples)
    for code in languages.CODES:
        assert {s.extension for s in samples if s.language == code} == {"pdf", "docx", "odt", "pptx"}


def test_files_share_the_words_of_their_subjects_and_each_names_a_city_no_other_names():
    prose = sample_prose()
    texts = [" ".join(p.paragraphs) for p in prose]
    assert len({p.city for p in prose}) == len(prose)
    for p, text in zip(prose, texts, strict=True):
        assert p.city in text
        assert len(text.split()) >= 250 or p.language == "zh-hans"
    english = [set(t.lower().split()) for p, t in zip(prose, texts, strict=True) if p.language == "en"]
    assert {"the", "on", "participants", "meeting"} & set.intersection(*english)


LAY_OUT_IN_ANOTHER_PROCESS = """
import hashlib, django
django.setup()
from platform_app.demo.files import laid_out_pdf
from platform_app.demo.prose import sample_prose
arabic = next(p for p in sample_prose() if p.language == "ar" and p.extension == "pdf")
print(hashlib.sha256(laid_out_pdf(arabic)).hexdigest())
"""


def test_a_pdf_is_laid_out_the_same_at_every_run_without_a_date_or_random_identifier():
    arabic = next(p for p in sample_prose() if p.language == "ar" and p.extension == "pdf")
    data = laid_out_pdf(arabic)
    assert b"/CreationDate" not in data and b"/ID" not in data
    other = subprocess.run(
        [sys.executable, "-c", LAY_OUT_IN_ANOTHER_PROCESS], capture_output=True, text=True, check=True, timeout=120
    )
    assert other.stdout.strip() == hashlib.sha256(data).hexdigest()


def test_every_sample_file_passes_the_upload_check_and_reads_as_the_text_kept_for_it():
    ensure_sample_files()
    texts = sample_texts()
    for sample, prose in zip(sample_files(), sample_prose(), strict=True):
        data = stored(sample.name)
        checked = check_upload(ContentFile(data, name=Path(sample.name).name))
        assert (checked.content_type, checked.size, checked.sha256) == (sample.content_type, sample.size, sample.sha256)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(sample.name).name
            path.write_bytes(data)
            read = extract_file(str(path), f".{sample.extension}")
        assert read == texts[sample.name]
        assert read.status == Status.DONE, (sample.name, read.reason)
        assert (sample.language, sample.extension) == (prose.language, prose.extension)
        assert prose.city in read.text


@pytest.mark.django_db
def test_every_version_has_the_text_of_its_file_and_nothing_is_left_to_read(seeded):
    by_name = {sample.name: sample for sample in sample_files()}
    texts = sample_texts()
    versions = DocumentVersion.objects.select_related("document", "text")
    assert versions.count() == DocumentText.objects.count() > 0
    for version in versions:
        sample, read, kept = by_name[version.file.name], texts[version.file.name], version.text
        assert languages.catalogue_code(sample.language) == version.document.language_id
        assert (version.sha256, version.size, version.content_type) == (sample.sha256, sample.size, sample.content_type)
        assert (kept.status, kept.content, kept.pages, kept.words, kept.reason) == (
            read.status,
            read.text,
            read.pages,
            read.words,
            read.reason,
        )
        assert (kept.sha256, kept.extracted_at) == (version.sha256, version.created_at)
    out = io.StringIO()
    call_command("extract_document_text", stdout=out)
    assert out.getvalue().splitlines() == ["Read 0 version(s)."]


def current_files() -> dict[int, str]:
    """The file of each document's current version, by document id."""
    files = {}
    for document_id, name in DocumentVersion.objects.order_by("document_id", "number").values_list(
        "document_id", "file"
    ):
        files[document_id] = name
    return files


def searched(user, word: str) -> list[dict]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(reverse("api:document-list"), {"search": word, "page_size": 100})
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def own_word() -> tuple[str, str]:
    """A city named by one sample file alone that is the current file of a document Kenya may not see, with the
    file's name: a word found in no other file's text, no title and no description, not even inside a word."""
    kenya = User.objects.get(username="kenya.focal")
    hidden = set(Document.objects.values_list("pk", flat=True)) - set(
        Document.objects.visible_to(kenya).values_list("pk", flat=True)
    )
    files = current_files()
    texts = sample_texts()
    by_city = {p.city: p for p in sample_prose()}
    for sample in sample_files():
        city = next(city for city in by_city if city in texts[sample.name].text)
        if not re.fullmatch(r"[A-Z][a-z]{3,}", city):
            continue
        elsewhere = [name for name, read in texts.items() if name != sample.name and city.lower() in read.text.lower()]
        written = Document.objects.filter(title__icontains=city) | Document.objects.filter(description__icontains=city)
        if elsewhere or written.exists():
            continue
        if any(files[pk] == sample.name for pk in hidden):
            return city, sample.name
    raise AssertionError("No sample file names a city of its own and is the current file of a hidden document.")


@pytest.mark.django_db
def test_a_word_of_one_file_finds_the_documents_the_reader_sees_whose_current_file_it_is(seeded):
    word, name = own_word()
    files = current_files()
    for username in ("unodc.focal", "kenya.focal"):
        user = User.objects.get(username=username)
        visible = Document.objects.visible_to(user).values_list("pk", flat=True)
        expected = {pk for pk in visible if files[pk] == name}
        rows = searched(user, word)
        assert {row["id"] for row in rows} == expected
        for row in rows:
            assert MARKED.findall(row["snippet"]) == [word]
    everyone = {pk for pk, file in files.items() if file == name}
    kenya_found = {row["id"] for row in searched(User.objects.get(username="kenya.focal"), word)}
    assert kenya_found < everyone
    assert Document.objects.filter(pk__in=everyone - kenya_found).exclude(visibility="platform").count() == len(
        everyone - kenya_found
    )


@pytest.mark.django_db
def test_versions_pointing_at_a_file_laid_out_anew_are_brought_in_line_with_it(seeded):
    name = DocumentVersion.objects.order_by("pk").values_list("file", flat=True).first()
    DocumentVersion.objects.filter(file=name).update(sha256="0" * 64, size=1)
    DocumentText.objects.filter(version__file=name).update(content="Outdated", words=1)
    seed()
    sample = next(s for s in sample_files() if s.name == name)
    assert set(DocumentVersion.objects.filter(file=name).values_list("sha256", "size")) == {
        (sample.sha256, sample.size)
    }
    assert set(DocumentText.objects.filter(version__file=name).values_list("content", flat=True)) == {
        sample_texts()[name].text
    }


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_the_triggers_index_the_text_of_every_document_written_in_bulk(seeded):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE content_vector IS NULL), "
            "count(*) FILTER (WHERE content_vector IS DISTINCT FROM compact_document_content_vector(id, language_id)), "
            "count(*) FILTER (WHERE searched_vector IS DISTINCT FROM "
            "compact_document_searched(search_vector, content_vector)) "
            "FROM platform_app_document"
        )
        total, without, stale, searched_stale = cursor.fetchone()
    assert total == Document.objects.count() > 0
    assert (without, stale, searched_stale) == (0, 0, 0)

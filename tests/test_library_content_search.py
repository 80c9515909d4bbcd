"""The library finds a document by the text of its current file, and quotes where: through the API's `search=`
and the library page's `q`, on every backend, with the passage (`snippet`) escaped and the words found marked."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from platform_app.library.models import CONTENT_SEARCHED, Document, DocumentText
from platform_app.library.selectors import snippets
from tests.api.test_writes import document_form
from tests.factories import DocumentFactory, DocumentVersionFactory
from tests.files import DOCX, docx_with, pptx_with
from tests.test_extraction import pdf_of
from tests.test_uploads import _share_form

# A file's text is read as its upload commits, in the test's process, whether or not Redis is configured.
pytestmark = pytest.mark.usefixtures("tasks_in_process")

DOCUMENTS = reverse("api:document-list")
LIBRARY = reverse("library:index")

# Made-up words, found in no title, description or text the factories write.
SENTENCE = "Quillwort assessors zarbulated the vintry harbour ledgers"
WORD = "zarbulated"
MARKED = re.compile(r"<mark>([^<]*)</mark>")

FILES = {
    "brief.pdf": (lambda text: pdf_of(text), "application/pdf"),
    "brief.docx": (lambda text: docx_with(text), DOCX),
    "brief.pptx": (
        lambda text: pptx_with(text),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}


def upload(name: str, text: str) -> SimpleUploadedFile:
    build, content_type = FILES[name]
    return SimpleUploadedFile(name, build(text), content_type=content_type)


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def searched(api, text: str, **params) -> list[dict]:
    response = api.get(DOCUMENTS, {"search": text, **params})
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def share(api, name: str = "brief.docx", text: str = SENTENCE, capture=None, **form) -> int:
    """Shares a document holding `text` through the API (with BMLE: UNODC writes there, Kenya does not see it)
    and has its text read."""
    with capture(execute=True):
        response = api.post(DOCUMENTS, document_form(file=upload(name, text), **form), format="multipart")
    assert response.status_code == 201, response.content[:300]
    return response.json()["id"]


def with_text(content: str, **fields) -> Document:
    """A document whose current version's text is `content`, written as the extraction writes it."""
    document = DocumentFactory(**fields)
    DocumentText.objects.update_or_create(
        version=document.versions.get(), defaults={"status": DocumentText.Status.DONE, "content": content}
    )
    return document


@pytest.mark.parametrize("name", list(FILES))
def test_a_sentence_of_a_shared_file_finds_its_document_with_the_word_marked(
    name, people, django_capture_on_commit_callbacks
):
    api = api_for(people.entity)
    document = share(api, name, capture=django_capture_on_commit_callbacks)
    rows = searched(api, WORD)
    assert [row["id"] for row in rows] == [document]
    assert MARKED.findall(rows[0]["snippet"]) == [WORD]
    assert "ledgers" in rows[0]["snippet"]
    assert searched(api, "")[0]["snippet"] is None


def test_a_file_shared_on_the_page_is_found_and_quoted_on_the_page(client, people, django_capture_on_commit_callbacks):
    client.force_login(people.entity)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("library:upload"), _share_form(upload("brief.docx", SENTENCE))).status_code == 302
    response = client.get(LIBRARY, {"q": WORD})
    assert [document.title for document in response.context["page"].object_list] == [_share_form(None)["title"]]
    (hit,) = response.context["hits"]
    assert MARKED.findall(hit[1]) == [WORD]
    assert '<p class="snippet" dir="auto">' in response.content.decode()
    assert f"<mark>{WORD}</mark>" in response.content.decode()


def test_a_member_state_that_may_not_see_the_document_finds_nothing_and_no_passage(
    client, people, django_capture_on_commit_callbacks
):
    share(api_for(people.entity), capture=django_capture_on_commit_callbacks)
    assert searched(api_for(people.state), WORD) == []
    client.force_login(people.state)
    response = client.get(LIBRARY, {"q": WORD})
    assert response.context["hits"] == []
    assert "<mark>" not in response.content.decode() and "ledgers" not in response.content.decode()


def test_a_new_version_without_the_word_is_no_longer_found_by_it(client, people, django_capture_on_commit_callbacks):
    api = api_for(people.entity)
    document = share(api, capture=django_capture_on_commit_callbacks)
    client.force_login(people.entity)
    newer = upload("brief.docx", "Entirely different wording about tidal registers")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:new_version", kwargs={"pk": document}), {"file": newer})
    assert response.status_code == 302
    assert searched(api, WORD) == []
    assert [row["id"] for row in searched(api, "tidal registers")] == [document]


def test_a_hostile_text_comes_back_escaped_in_the_passage(people, django_capture_on_commit_callbacks):
    # The file's own XML escapes the markup: its text holds the elements as written, and the delimiters the
    # database marks words with.
    hostile = (
        f"&lt;script&gt;alert(1)&lt;/script&gt; {WORD} &lt;mark onclick=&quot;steal()&quot;&gt;ledgers&lt;/mark&gt;"
        " \ue000trap\ue001 &amp;amp;"
    )
    api = api_for(people.entity)
    share(api, text=hostile, capture=django_capture_on_commit_callbacks)
    (row,) = searched(api, WORD)
    snippet = row["snippet"]
    # Nothing of the text is markup: only the <mark> elements around the word searched for, not even around the
    # delimiters the text holds. (PostgreSQL's passage leaves the text's tags out; elsewhere they are escaped.)
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    assert MARKED.findall(snippet) == [WORD]
    if connection.vendor != "postgresql":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
        assert "&lt;mark onclick=&quot;steal()&quot;&gt;" in snippet


def test_a_word_past_what_is_searched_of_the_text_finds_nothing(people):
    with_text("filler " * (CONTENT_SEARCHED // 7 + 10) + WORD, visibility="platform")
    assert searched(api_for(people.entity), WORD) == []


def test_a_title_match_needs_no_text_and_is_quoted_from_the_description(people):
    document = DocumentFactory(title=f"The {WORD} guide", description="Harbour ledgers, kept by assessors.")
    (row,) = searched(api_for(people.secretariat), WORD)
    assert row["id"] == document.pk
    assert row["snippet"].startswith("Harbour ledgers")


def test_the_passages_cost_one_query_whatever_the_page_size(people, django_assert_num_queries):
    documents = [with_text(f"Paragraph {number}: {SENTENCE}", visibility="platform") for number in range(6)]
    api = api_for(people.secretariat)
    searched(api, WORD)  # the first request reads what the next ones find cached
    counts = []
    for size in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            rows = searched(api, WORD, page_size=size)
        assert len(rows) == size and all(MARKED.findall(row["snippet"]) == [WORD] for row in rows)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(1):
        assert set(snippets(documents, WORD)) == {document.pk for document in documents}
    with django_assert_num_queries(0):
        assert snippets(documents, "  ") == {}


@pytest.mark.postgres
def test_postgres_a_title_match_ranks_above_a_match_in_the_text_only(people):
    in_text = with_text(SENTENCE, visibility="platform", published_on="2026-06-01")
    in_title = DocumentFactory(title=f"The {WORD} guide", visibility="platform", published_on="2020-01-01")
    assert [row["id"] for row in searched(api_for(people.entity), WORD)] == [in_title.pk, in_text.pk]


@pytest.mark.postgres
def test_postgres_the_text_is_searched_in_the_documents_language_and_its_words_marked_by_their_stem(people):
    document = with_text(f"Harbour ledgers were {WORD} by the assessors.", visibility="platform")
    (row,) = searched(api_for(people.entity), "ledger")
    assert row["id"] == document.pk
    assert MARKED.findall(row["snippet"]) == ["ledgers"]


@pytest.mark.postgres
def test_postgres_the_text_vector_follows_the_current_version_and_django_never_overwrites_it(people):
    document = with_text(SENTENCE, visibility="platform")
    stale = Document._base_manager.get(pk=document.pk)
    DocumentText.objects.filter(version__document=document).update(content="Tidal registers only")
    # A save of a row read before the text changed writes its stale vector back: the trigger keeps the stored one.
    stale.title = "Renamed"
    stale.save()
    api = api_for(people.entity)
    assert searched(api, WORD) == []
    assert [row["id"] for row in searched(api, "tidal")] == [document.pk]
    document.versions.get().delete()
    assert searched(api, "tidal") == []


def searched_vector_is_the_join(document: Document) -> bool:
    """The stored `searched_vector` is the title's and description's vector followed by the text's, as they are
    now (migration 0032)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT searched_vector IS NOT NULL AND searched_vector "
            "= compact_document_searched(search_vector, content_vector) FROM platform_app_document WHERE id = %s",
            [document.pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgres_the_stored_searched_vector_follows_every_write_and_django_never_overwrites_it(people):
    document = DocumentFactory(title="Harbour ledgers", visibility="platform")
    assert searched_vector_is_the_join(document)  # inserted, no text yet
    text = DocumentText.objects.create(
        version=document.versions.get(), status=DocumentText.Status.DONE, content=SENTENCE
    )
    stale = Document._base_manager.get(pk=document.pk)
    writes = {
        "text written": lambda: None,
        "text changed": lambda: DocumentText.objects.filter(pk=text.pk).update(content="Tidal registers only"),
        "title changed by a stale row": lambda: (setattr(stale, "title", "Renamed"), stale.save()),
        "description changed": lambda: Document.objects.filter(pk=document.pk).update(description="Quay notes"),
        "language changed": lambda: Document.objects.filter(pk=document.pk).update(language_id="fr"),
        "new version": lambda: DocumentVersionFactory(document=document),
        "new version's text": lambda: DocumentText.objects.create(
            version=document.versions.order_by("-number").first(), status=DocumentText.Status.DONE, content=SENTENCE
        ),
        "its version deleted": lambda: document.versions.order_by("-number").first().delete(),
        "the first text deleted": lambda: DocumentText.objects.filter(pk=text.pk).delete(),
        "the vector written by Django": lambda: Document._base_manager.filter(pk=document.pk).update(
            searched_vector=None
        ),
    }
    for name, write in writes.items():
        write()
        assert searched_vector_is_the_join(document), name
    api = api_for(people.entity)
    assert searched(api, WORD) == []
    assert [row["id"] for row in searched(api, "quay")] == [document.pk]


def test_the_site_search_quotes_where_the_text_of_a_document_holds_the_word(
    client, people, django_capture_on_commit_callbacks
):
    share(api_for(people.entity), capture=django_capture_on_commit_callbacks)
    client.force_login(people.entity)
    for params in ({"q": WORD}, {"q": WORD, "kind": "document"}):
        page = client.get(reverse("search:index"), params).content.decode()
        # The passage of the file's text, found by no title or description, with the word marked.
        assert f"<mark>{WORD}</mark> the vintry harbour" in page, params
    client.force_login(people.state)
    page = client.get(reverse("search:index"), {"q": WORD}).content.decode()
    assert "<mark>" not in page and "vintry" not in page

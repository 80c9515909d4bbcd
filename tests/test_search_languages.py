"""Search in each official language: the language a record keeps (platform_app.core.languages), its search
vector built in that language (migrations platform_app 0020_search_languages and workinggroups
0006_search_languages), and a search read in the reader's language and word for word
(platform_app.core.search.search_query), through the site search `/search/?q=`.

The tests marked postgres need DATABASE_URL; the others run on either database.
"""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from platform_app.core.languages import (
    LANGUAGE_CHOICES,
    SEARCH_CONFIGS,
    config_for,
    detect_language,
    fill_language,
    reader_config,
)
from platform_app.core.search import apply_search, rank, search_query
from platform_app.countries.models import CountryEntry
from platform_app.library.models import Document
from platform_app.structure.models import Language
from tests.factories import (
    CountryEntryFactory,
    CountryPageFactory,
    DocumentFactory,
    PostFactory,
    reference_group,
    reference_org,
)
from workinggroups import services as group_services
from workinggroups.links import post_url
from workinggroups.models import Post

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:index")

# A title and a text in each language, written for these tests. The titles hold the words searched for
# below in another form (terroristes, терроризма, fronteras), with the Arabic one's vowel marks.
TEXTS = {
    "fr": ("Les combattants terroristes étrangers", "Compte rendu de la réunion sur leur retour."),
    "ru": ("Борьба с финансированием терроризма", "Отчёт о совещании экспертов."),  # noqa: RUF001
    "es": ("Gestión de las fronteras del Sahel", "Informe de la reunión regional."),
    "zh-hans": ("联合国全球反恐怖主义战略", "专家会议报告。"),
    "ar": ("مُكَافَحَةُ الإِرْهَابِ فِي السَّاحِلِ", "تقرير اجتماع الخبراء."),
}

# (reader's language, search, the language of the one record it finds among TEXTS')
SEARCHES = [
    ("fr", "terroriste", "fr"),
    ("ru", "терроризм", "ru"),
    ("es", "frontera", "es"),
    # Two characters of the Chinese title, side by side, whatever the reader's language.
    ("zh-hans", "反恐", "zh-hans"),
    ("en", "战略", "zh-hans"),
    # Arabic without its vowel marks, the hamza of alef left out as people type it; and with the marks.
    ("ar", "مكافحة الارهاب", "ar"),
    ("en", "الإِرْهَابِ", "ar"),
    # The exact word finds a record in another language than the reader's.
    ("en", "terroristes", "fr"),
]


def catalogue(code: str) -> Language:
    return Language.objects.get(code={"zh-hans": "zh"}.get(code, code))


# --- detection ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Border management in the Sahel", "en"),
        ("Countering the financing of terrorism", "en"),
        ("Foreign terrorist fighters", "en"),
        ("Terrorism", "en"),
        ("Rule of law", "en"),
        ("Lutte contre le terrorisme", "fr"),
        ("Gestion des frontières", "fr"),
        ("Terrorisme", "fr"),
        ("État de droit", "fr"),
        ("Sécurité aérienne", "fr"),
        ("Prévention de l'extrémisme violent", "fr"),
        ("Lucha contra el terrorismo", "es"),
        ("Gestión de fronteras", "es"),
        ("Terrorismo", "es"),
        ("Estado de derecho", "es"),
        ("Víctimas del terrorismo", "es"),
        ("Борьба с терроризмом", "ru"),  # noqa: RUF001
        ("Терроризм", "ru"),
        ("反恐怖主义战略", "zh-hans"),
        ("边境管理", "zh-hans"),
        ("مكافحة الإرهاب", "ar"),
        ("مُكَافَحَةُ الإِرْهَابِ", "ar"),
        *((title, code) for code, (title, _text) in TEXTS.items()),
    ],
)
def test_the_language_of_a_title_is_detected(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # An acronym is the same in every language: the words around it tell.
        ("الإرهاب UNODC", "ar"),
        ("Доклад UNODC и ОБСЕ", "ru"),
        ("联合国反恐办公室 (UNOCT) 报告", "zh-hans"),
        ("Rapport de l'UNODC sur le Sahel", "fr"),
        ("Informe de la UNODC sobre el Sahel", "es"),
        # Nothing to tell from: English, the default.
        ("UNODC", "en"),
        ("", "en"),
        ("2026 — 17", "en"),
    ],
)
def test_acronyms_and_texts_without_words_leave_the_choice_to_the_words(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    ("code", "config"),
    [
        ("en", "english"),
        ("fr", "french"),
        ("fr-ca", "french"),
        ("es", "spanish"),
        ("ru", "russian"),
        ("ar", "compact_arabic"),
        ("zh-hans", "simple"),
        ("zh", "simple"),
        ("pt", "portuguese"),
        ("xx", "simple"),
        # No language yet (a row written by bulk_create): English, the default, as before languages.
        ("", "english"),
    ],
)
def test_each_language_is_read_by_its_configuration(code, config):
    assert config_for(code) == config


def test_the_reader_is_read_in_the_active_language():
    with translation.override("ru"):
        assert reader_config() == "russian"
    with translation.override("zh-hans"):
        assert reader_config() == "simple"
    with translation.override(None):
        assert reader_config() == config_for(settings.LANGUAGE_CODE)


# --- the language kept by each record ----------------------------------------------------------------------


def test_a_record_saved_without_a_language_gets_the_detected_one(people):
    post = PostFactory(title=TEXTS["fr"][0], body=TEXTS["fr"][1], author=people.entity)
    entry = CountryEntryFactory(title=TEXTS["ru"][0], text=TEXTS["ru"][1])
    # A document's language is one of the library's catalogue, where Chinese is `zh`.
    document = DocumentFactory(title=TEXTS["zh-hans"][0], description="", language=None, version=None)
    assert Post.objects.get(pk=post.pk).language == "fr"
    assert CountryEntry.objects.get(pk=entry.pk).language == "ru"
    assert Document.objects.get(pk=document.pk).language_id == "zh"


def test_a_language_given_is_kept(people):
    # An English title over a Spanish text: the one who wrote it says which.
    post = PostFactory(title="Border management", body=TEXTS["es"][1], author=people.entity, language="es")
    document = DocumentFactory(title="Border management", language=catalogue("fr"), version=None)
    assert Post.objects.get(pk=post.pk).language == "es"
    assert Document.objects.get(pk=document.pk).language_id == "fr"


def test_an_edit_keeps_the_language_unless_told_to_detect_it_again(people):
    post = PostFactory(
        working_group=reference_group("PCVE"), author=people.entity, title="Screening at borders", body="Notes."
    )
    assert post.language == "en"
    group_services.post_edit(user=people.entity, post=post, title=TEXTS["es"][0], body=TEXTS["es"][1])
    assert Post.objects.get(pk=post.pk).language == "en"
    # A blank language, saved with update_fields: the detected one is written too.
    group_services.post_edit(user=people.entity, post=post, title=TEXTS["es"][0], body=TEXTS["es"][1], language="")
    assert Post.objects.get(pk=post.pk).language == "es"


def test_fill_language_serves_rows_written_without_save(reference):
    page = CountryPageFactory()
    rows = [
        CountryEntry(page=page, kind="priority", title=title, text=text, dated_on="2026-06-01")
        for title, text in TEXTS.values()
    ]
    for row in rows:
        assert fill_language(row)
    CountryEntry.objects.bulk_create(rows)
    assert list(CountryEntry.objects.filter(page=page).order_by("pk").values_list("language", flat=True)) == list(TEXTS)


def test_the_migration_detects_the_language_of_rows_without_one(reference):
    page = CountryPageFactory()
    # bulk_create does not call save(): the rows are stored without a language, as before the migration.
    CountryEntry.objects.bulk_create(
        CountryEntry(page=page, kind="priority", title=title, text=text, dated_on="2026-06-01")
        for title, text in TEXTS.values()
    )
    migration = import_module("platform_app.migrations.0020_search_languages")
    migration.detect_languages(apps, None, batch=2)
    assert list(CountryEntry.objects.filter(page=page).order_by("pk").values_list("language", flat=True)) == list(TEXTS)


def test_the_post_form_takes_a_language_and_refuses_an_unknown_one(client, people):
    client.force_login(people.entity)
    url = reverse("workinggroups:post_create", args=["PCVE"])
    refused = client.post(url, {"title": "Border management", "body": TEXTS["ru"][1], "language": "klingon"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["language"]
    assert not Post.objects.filter(title="Border management").exists()

    client.post(url, {"title": "Border management", "body": TEXTS["ru"][1], "language": "ru"})
    assert Post.objects.get(title="Border management").language == "ru"
    client.post(url, {"title": TEXTS["fr"][0], "body": TEXTS["fr"][1], "language": ""})
    assert Post.objects.get(title=TEXTS["fr"][0]).language == "fr"


def test_the_entry_form_takes_a_language(client, people):
    client.force_login(people.state)
    url = reverse("countries:entry_create", args=["KEN"])
    data = {"kind": "priority", "title": "Border management", "text": TEXTS["es"][1], "dated_on": "2026-06-01"}
    data["audience"] = "platform"
    refused = client.post(url, {**data, "language": "xx"})
    assert refused.status_code == 400
    assert refused.context["form"].errors["language"]
    client.post(url, {**data, "language": "es"})
    assert CountryEntry.objects.get(title="Border management").language == "es"


def test_the_document_form_offers_to_detect_the_language(client, people):
    client.force_login(people.entity)
    page = client.get(reverse("library:upload"))
    form = page.context["form"]
    assert not form.fields["language"].required
    assert form["language"].value() in (None, "")


# --- PostgreSQL: vectors in each language, queries in the reader's ---------------------------------------


def _vector(model, pk) -> str:
    return model.objects.filter(pk=pk).values_list("search_vector", flat=True).get()


@pytest.mark.postgres
def test_each_vector_is_built_in_its_rows_language_and_word_for_word(people):
    french = PostFactory(title=TEXTS["fr"][0], body=TEXTS["fr"][1], author=people.entity)
    vector = _vector(Post, french.pk)
    # French stems, and the words as written; the title weighted A, the text B.
    assert re.search(r"'terror':\d+A", vector)
    assert re.search(r"'terroristes':\d+A", vector)
    assert re.search(r"'retour':\d+B", vector)
    chinese = CountryEntryFactory(title=TEXTS["zh-hans"][0], text=TEXTS["zh-hans"][1])
    vector = _vector(CountryEntry, chinese.pk)
    assert re.search(r"'恐':\d+A", vector)
    assert re.search(r"'专':\d+B", vector)
    arabic = CountryEntryFactory(title=TEXTS["ar"][0], text=TEXTS["ar"][1])
    # Folded: no vowel marks, a bare alef.
    assert re.search(r"'الارهاب':\d+A", _vector(CountryEntry, arabic.pk))


@pytest.mark.postgres
def test_the_vector_follows_a_change_of_language(people):
    post = PostFactory(title=TEXTS["fr"][0], body=TEXTS["fr"][1], author=people.entity, language="en")
    assert "'terror'" not in _vector(Post, post.pk)
    Post.objects.filter(pk=post.pk).update(language="fr")
    assert "'terror'" in _vector(Post, post.pk)


@pytest.mark.postgres
def test_a_row_written_without_a_language_is_read_as_english(reference):
    page = CountryPageFactory()
    (entry,) = CountryEntry.objects.bulk_create(
        [CountryEntry(page=page, kind="priority", title="Screening at borders", text="Notes.", dated_on="2026-06-01")]
    )
    assert CountryEntry.objects.get(pk=entry.pk).language == ""
    with translation.override("fr"):
        assert list(apply_search(CountryEntry.objects.all(), "screened").values_list("pk", flat=True)) == []
    with translation.override("en"):
        assert list(apply_search(CountryEntry.objects.all(), "screened").values_list("pk", flat=True)) == [entry.pk]
        # Chinese characters are indexed one by one whatever the language.
        chinese = CountryEntry(page=page, kind="priority", title=TEXTS["zh-hans"][0], text="-", dated_on="2026-06-01")
        CountryEntry.objects.bulk_create([chinese])
        assert list(apply_search(CountryEntry.objects.all(), "反恐").values_list("pk", flat=True)) == [chinese.pk]


@pytest.mark.postgres
@pytest.mark.parametrize("code", [*SEARCH_CONFIGS, "zh-hans", "fr-CA", "xx", ""])
def test_the_databases_configurations_are_those_of_languages_py(reference, code):
    with connection.cursor() as cursor:
        cursor.execute("SELECT compact_search_config(%s)::text", [code])
        assert cursor.fetchone()[0] == config_for(code)


@pytest.fixture
def library(reference):
    """A document in each language, and one in English."""
    documents = {
        code: DocumentFactory(title=title, description=text, language=catalogue(code), version=None)
        for code, (title, text) in TEXTS.items()
    }
    documents["en"] = DocumentFactory(
        title="Border management in the Sahel", description="Joint patrols.", language=catalogue("en"), version=None
    )
    return documents


def _found(library, text: str, reader: str) -> set[str]:
    with translation.override(reader):
        pks = set(apply_search(Document.objects.all(), text).values_list("pk", flat=True))
    return {code for code, document in library.items() if document.pk in pks}


@pytest.mark.postgres
@pytest.mark.parametrize(("reader", "text", "code"), SEARCHES)
def test_a_word_finds_the_document_in_its_language(library, reader, text, code):
    assert _found(library, text, reader) == {code}


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        # The French stem is for French readers; an English reader needs the word as written.
        ("en", "terroriste", set()),
        ("ru", "terroriste", set()),
        # Two Chinese characters that are not side by side in the title.
        ("zh-hans", "联战", set()),
        ("en", "反恐 -战略", set()),
        # The text without the Arabic marks, searched with them.
        ("ar", "اِجْتِمَاعُ", {"ar"}),
        # English still stems for an English reader, and the other readers find it word for word.
        ("en", "borders", {"en"}),
        ("fr", "border management", {"en"}),
        ("en", "Sahel", {"en", "es"}),
    ],
)
def test_stems_belong_to_the_readers_language_and_chinese_words_to_their_characters(library, reader, text, expected):
    assert _found(library, text, reader) == expected


@pytest.mark.postgres
def test_the_best_match_ranks_first(library):
    extra = DocumentFactory(
        title="Rapport", description="Les terroristes, les terroristes.", language=catalogue("fr"), version=None
    )
    with translation.override("fr"):
        ranked = rank(apply_search(Document.objects.all(), "terroriste"), "terroriste").order_by("-rank")
        assert list(ranked.values_list("pk", flat=True)) == [library["fr"].pk, extra.pk]


def test_a_chinese_title_is_found_by_two_of_its_characters(library):
    """On SQLite too (substring matching)."""
    assert _found(library, "反恐", "en") == {"zh-hans"}


# --- the site search, as each reader may see ----------------------------------------------------------------


def _documents(people) -> dict:
    """A document in each language that UNODC's focal point may read and Kenya's may not: restricted to
    UNODC, or shared with PCVE's members."""
    unodc = reference_org("UNODC")
    documents = {}
    for n, (code, (title, text)) in enumerate(TEXTS.items()):
        if n % 2:
            documents[code] = DocumentFactory(
                title=title,
                description=text,
                language=None,
                visibility="working_group",
                working_group=reference_group("PCVE"),
                version=None,
            )
        else:
            documents[code] = DocumentFactory(
                title=title, description=text, language=None, restricted=True, version=None
            )
            documents[code].allowed_organizations.set([unodc])
    return {code: reverse("library:document", args=[document.pk]) for code, document in documents.items()}


def _posts(people) -> dict:
    """A thread in each language in PCVE's space, which UNODC reads and Kenya does not."""
    group = reference_group("PCVE")
    return {
        code: post_url(group.short_name, PostFactory(working_group=group, author=people.entity, title=t, body=b).pk)
        for code, (t, b) in TEXTS.items()
    }


def _entries(people) -> dict:
    """An entry in each language on Kenya's page, for Compact entities only: not for Norway."""
    urls = {}
    for code, (title, text) in TEXTS.items():
        entry = CountryEntryFactory(title=title, text=text, audience=CountryEntry.Audience.ENTITIES)
        urls[code] = f"{reverse('countries:profile', args=['KEN'])}#entry-{entry.pk}"
    return urls


KINDS = {
    # the records, who may read them, who may not
    "document": (_documents, "entity", "state"),
    "post": (_posts, "entity", "state"),
    "country": (_entries, "entity", "other_state"),
}


def _hits(client, text: str, reader: str, kind: str) -> str:
    response = client.get(SEARCH, {"q": text, "kind": kind}, HTTP_ACCEPT_LANGUAGE=reader)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == reader
    return response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("kind", KINDS)
@override_settings(LANGUAGES=settings.UN_LANGUAGES)
def test_the_site_search_finds_each_language_for_those_who_may_read_it(client, people, kind):
    make, reader_role, other_role = KINDS[kind]
    urls = make(people)
    for reader, text, code in SEARCHES:
        client.force_login(getattr(people, reader_role))
        page = _hits(client, text, reader, kind)
        assert {found for found, url in urls.items() if f'href="{url}"' in page} == {code}, (reader, text)
        client.force_login(getattr(people, other_role))
        page = _hits(client, text, reader, kind)
        assert not any(f'href="{url}"' in page for url in urls.values()), (reader, text)


# --- the indexes serve the queries --------------------------------------------------------------------------


def _plan(queryset) -> str:
    """The plan, sequential scans priced out as in tests/test_query_plans.py."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        return queryset.explain()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Document, "platform_app_document_search_vector_gin"),
        (Post, "workinggroups_post_search_vector_gin"),
        (CountryEntry, "platform_app_countryentry_search_vector_gin"),
    ],
)
@pytest.mark.parametrize(("reader", "text"), [("fr", "terroriste"), ("ar", "مكافحة"), ("en", "反恐 战略")])
def test_the_gin_indexes_serve_the_searches(library, people, model, index, reader, text):
    _posts(people)
    _entries(people)
    with translation.override(reader):
        shown = _plan(model.objects.filter(search_vector=search_query(text)))
    assert f"Bitmap Index Scan on {index}" in shown, shown


def test_the_six_languages_are_offered(reference):
    assert [code for code, _name in LANGUAGE_CHOICES] == [code for code, _name in settings.UN_LANGUAGES]

"""The thematic resource library's pages: search with facets, a document's page, downloads, sharing, versions."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.library.models import Document, DocumentVersion
from platform_app.library.policies import document_may_upload
from platform_app.library.services import document_add_version, document_upload_groups
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroupMembership
from tests import scenario as sc
from tests.factories import SAMPLE_PDF, DocumentFactory, DocumentVersionFactory, reference_group, reference_org
from tests.people import african_union
from tests.storage import stored

INDEX = reverse("library:index")
UPLOAD = reverse("library:upload")
ROLES = sorted(sc.PLATFORM)


def _url(name: str, document) -> str:
    return reverse(f"library:{name}", kwargs={"pk": document.pk})


def _ids(response) -> set[int]:
    return {document.pk for document in response.context["page"].object_list}


def _facet(response, name: str) -> dict[str, int]:
    facet = next(facet for facet in response.context["facets"] if facet.name == name)
    return {item.value: item.count for item in facet.values}


def _as(client, user):
    client.force_login(user)
    return client


def _files(settings) -> list[str]:
    """The stored files, whichever storage the test runs against (the media_storage fixture)."""
    return stored(default_storage)


# --- search and facets -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_what_the_scenario_lets_it_see(role, people, world, client):
    response = _as(client, people.roles()[role]).get(INDEX, {"q": sc.MARKER})
    assert response.status_code == 200
    assert _ids(response) == world.expected_ids("documents", role)
    assert response.context["page"].paginator.count == len(world.expected_ids("documents", role))


@pytest.mark.parametrize("role", ROLES)
def test_without_a_search_the_library_lists_the_visible_documents_newest_first(role, people, world, client):
    response = _as(client, people.roles()[role]).get(INDEX)
    listed = list(response.context["page"].object_list)
    assert {document.pk for document in listed} == world.expected_ids("documents", role)
    assert [d.published_on for d in listed] == sorted((d.published_on for d in listed), reverse=True)


def test_past_the_count_limit_the_library_says_more_than_the_limit(people, world, client, settings):
    visible = len(world.expected_ids("documents", "secretariat"))
    settings.LIST_COUNT_LIMIT = visible - 1
    text = _as(client, people.secretariat).get(INDEX).content.decode()
    assert f"More than {visible - 1} found: narrow the search or the filters to see them all." in text
    assert "newest first" not in text
    settings.LIST_COUNT_LIMIT = visible
    text = client.get(INDEX).content.decode()
    assert f"{visible} documents" in text and "newest first" in text and "More than" not in text


@pytest.mark.parametrize("role", ROLES)
def test_facet_counts_never_count_documents_the_viewer_may_not_see(role, people, world, client):
    theme = ThematicArea.objects.order_by("pk").first()
    pillar = Pillar.objects.get(number=3)
    for document in world.objects["documents"].values():
        document.themes.add(theme)
        document.pillars.add(pillar)
    response = _as(client, people.roles()[role]).get(INDEX, {"q": sc.MARKER})
    visible = Document.objects.filter(pk__in=world.expected_ids("documents", role))
    assert _facet(response, "theme") == {theme.slug: visible.count()}
    assert _facet(response, "pillar") == {"3": visible.count()}
    assert sum(_facet(response, "document_type").values()) == visible.count()
    assert sum(_facet(response, "language").values()) == visible.count()
    assert sum(_facet(response, "organization").values()) == visible.count()
    assert sum(_facet(response, "year").values()) == visible.count()
    groups = {str(d.working_group_id) for d in visible if d.working_group_id}
    assert set(_facet(response, "working_group")) == groups


def test_facets_show_what_other_values_would_give_and_filters_combine(people, reference, client):
    french = Language.objects.get(code="fr")
    unodc, kenya = reference_org("UNODC"), reference_org("KE")
    pcve = reference_group("PCVE")
    theme = ThematicArea.objects.order_by("pk").first()
    target = DocumentFactory(
        title="Alpha",
        document_type="guidance",
        language=french,
        organization=unodc,
        working_group=pcve,
        published_on=date(2024, 5, 1),
        themes=[theme],
        pillars=[Pillar.objects.get(number=1)],
    )
    DocumentFactory(title="Beta", document_type="guidance", published_on=date(2023, 1, 1))
    DocumentFactory(title="Gamma", document_type="report", language=french, organization=kenya)
    client.force_login(people.secretariat)

    response = client.get(INDEX, {"document_type": "guidance"})
    assert {d.title for d in response.context["page"].object_list} == {"Alpha", "Beta"}
    # The chosen facet counts over the other filters only: "report" is still offered, with its count.
    assert _facet(response, "document_type") == {"guidance": 2, "report": 1}
    assert _facet(response, "language") == {"fr": 1, "en": 1}

    every_filter = {
        "document_type": "guidance",
        "language": "fr",
        "organization": unodc.pk,
        "working_group": pcve.pk,
        "theme": theme.slug,
        "pillar": 1,
        "year": 2024,
        "published_after": "2024-01-01",
        "published_before": "2024-12-31",
    }
    response = client.get(INDEX, every_filter)
    assert not response.context["form"].errors
    assert _ids(response) == {target.pk}
    response = client.get(INDEX, {**every_filter, "published_before": "2024-04-30"})
    assert _ids(response) == set()
    # The chosen values stay chosen, even when nothing matches them any more.
    assert all(any(item.selected for item in facet.values) for facet in response.context["facets"])


def test_a_searchs_facets_count_the_matches_the_list_reaches_and_say_so(people, reference, client, settings):
    """A search's facets count among the first SEARCH_COUNT_LIMIT matches in the list's order, newest first,
    as the list reaches no further: counting every match of a word most files hold read them all (40 s at
    scale 100). The page says so when there are more; a chosen facet's own count is reached without it."""
    french = Language.objects.get(code="fr")
    for year in (2019, 2020, 2021, 2022, 2023):
        DocumentFactory(title="Wombatland survey", published_on=date(year, 3, 1), version=None)
    DocumentFactory(title="Wombatland survey", published_on=date(2018, 3, 1), language=french, version=None)
    settings.SEARCH_COUNT_LIMIT = 2
    client.force_login(people.secretariat)

    response = client.get(INDEX, {"q": "wombatland"})
    assert _facet(response, "year") == {"2023": 1, "2022": 1}
    assert _facet(response, "language") == {"en": 2}
    note = "Counted among the 2 newest documents."
    assert note in response.content.decode()
    # French alone: one match, counted whole; the language facet still counts among the newest two of all.
    response = client.get(INDEX, {"q": "wombatland", "language": "fr"})
    assert _ids(response) == {Document.objects.get(language=french, title="Wombatland survey").pk}
    assert _facet(response, "year") == {"2018": 1}
    assert _facet(response, "language") == {"en": 2, "fr": 0}
    assert note in response.content.decode()
    # Room for every match: exact counts, and no note.
    settings.SEARCH_COUNT_LIMIT = 10
    response = client.get(INDEX, {"q": "wombatland"})
    assert _facet(response, "language") == {"en": 5, "fr": 1}
    assert "Counted among" not in response.content.decode()


def test_the_facets_without_a_search_count_among_as_many_documents_as_the_list_counts(
    people, reference, client, settings
):
    """Without a search the list counts LIST_COUNT_LIMIT documents at most ("more than 10,000"), and the facets
    count among as many, the newest first: counting a library of 300,000 took 2.7 s a page at scale 100."""
    for year in (2019, 2020, 2021):
        DocumentFactory(title="Annual review", published_on=date(year, 3, 1), version=None)
    client.force_login(people.secretariat)
    everything = client.get(INDEX)
    assert "Counted among" not in everything.content.decode()
    assert _facet(everything, "year") == {"2021": 1, "2020": 1, "2019": 1}
    settings.LIST_COUNT_LIMIT = 2
    response = client.get(INDEX)
    assert _facet(response, "year") == {"2021": 1, "2020": 1}
    assert sum(_facet(response, "document_type").values()) == 2
    assert "Counted among the 2 newest documents." in response.content.decode()


def test_the_facets_read_the_documents_they_count_once_for_all_seven(people, reference, client):
    """Each set of documents the facets count over is read by one query that counts all its facets, rather
    than a query a facet, each reading the same rows again (seven GROUP BYs of 10,000 documents each took
    0.4 s a page at scale 100). A chosen facet counts over the other filters only: a second set."""
    theme = ThematicArea.objects.order_by("pk").first()
    DocumentFactory(title="Alpha", document_type="guidance", themes=[theme], pillars=[Pillar.objects.get(number=2)])
    DocumentFactory(title="Beta", document_type="report", version=None)
    client.force_login(people.secretariat)

    def grouping(params: dict) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX, params)
        assert response.status_code == 200
        return [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]

    assert len(grouping({})) == 1
    assert len(grouping({"document_type": "guidance"})) == 2
    # Still every facet's counts, themes and pillars through their own tables.
    response = client.get(INDEX)
    assert _facet(response, "document_type") == {"guidance": 1, "report": 1}
    assert _facet(response, "theme") == {theme.slug: 1}
    assert _facet(response, "pillar") == {"2": 1}


def test_the_facets_name_themes_and_languages_in_the_readers_language_in_its_order(people, reference, client):
    """A facet's values are named as the reader reads them, ordered as the database collates that language:
    the GROUP BY on `themes__name` read the column that keeps the English name, for every reader."""
    from django.utils import translation

    themes = list(ThematicArea.objects.order_by("pk")[:3])
    for theme in themes:
        DocumentFactory(themes=[theme], language=Language.objects.get(code="fr"), version=None)
    DocumentFactory(language=Language.objects.get(code="es"), version=None)
    client.force_login(people.secretariat)
    response = client.get(INDEX, HTTP_ACCEPT_LANGUAGE="fr")
    facets = {facet.name: facet for facet in response.context["facets"]}
    with translation.override("fr"):
        expected = [theme.name for theme in ThematicArea.objects.filter(pk__in=[t.pk for t in themes]).order_by("name")]
        languages = [language.name for language in Language.objects.filter(code__in=["fr", "es"]).order_by("name")]
    assert [item.label for item in facets["theme"].values] == expected
    assert {item.label for item in facets["theme"].values} == {theme.name_fr for theme in themes}
    assert [item.label for item in facets["language"].values] == languages == ["Espagnol", "Français"]


def test_a_search_ignores_case_and_every_word_must_match(people, reference, client):
    wanted = DocumentFactory(title="Border management in the Sahel")
    DocumentFactory(title="Border statistics")
    response = _as(client, people.entity).get(INDEX, {"q": "BORDER management"})
    assert _ids(response) == {wanted.pk}
    assert response.context["searching"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "border\x00"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"published_after": "2024-13-45"}, "published_after"),
        ({"published_before": "yesterday"}, "published_before"),
        ({"published_after": "2024-05-01", "published_before": "2024-01-01"}, "published_before"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"theme": "bad slug!"}, "theme"),
        ({"working_group": "999999"}, "working_group"),
        ({"working_group": "9" * 40}, "working_group"),
        ({"organization": "abc"}, "organization"),
        ({"organization": "-1"}, "organization"),
        ({"language": "xx\x00"}, "language"),
        ({"pillar": "7"}, "pillar"),
        ({"document_type": "memo"}, "document_type"),
        ({"year": "99999"}, "year"),
        ({"year": "²"}, "year"),
    ],
)
def test_bad_search_input_is_reported_and_left_out(params, field, people, world, client):
    response = _as(client, people.entity).get(INDEX, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b'class="error-summary" role="alert"' in response.content
    # The field's error is announced with it: what the control is described by exists on the page.
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    described = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', body) for ref in refs.split()}
    assert f"id_{field}_error" in described
    assert {ref for ref in described if f'id="{ref}"' not in body} == set()
    # The bad value is left out: the rest of the library is still listed.
    assert _ids(response) == world.expected_ids("documents", "entity")


@pytest.mark.parametrize(
    ("params", "messages"),
    [
        (
            {"published_after": "2024-05-01", "published_before": "2024-01-01"},
            {"published_before": ["The end date is before the start date."]},
        ),
        (
            {"published_after": "2024-13-45", "year": "99999"},
            {"published_after": ["Enter a valid date."], "year": ["Ensure this value is less than or equal to 9999."]},
        ),
        (
            {"year": "²", "theme": "no-such-theme"},
            {"year": ["Enter a whole number."], "theme": ["Unknown thematic area."]},
        ),
        (
            {"organization": "abc", "pillar": "7"},
            {"organization": ["Unknown organization."], "pillar": ["Unknown pillar."]},
        ),
    ],
)
def test_the_page_says_what_is_wrong_with_each_value_it_leaves_out(params, messages, people, world, client):
    response = _as(client, people.entity).get(INDEX, params)
    assert response.context["form"].errors == messages
    facets = {facet.name: facet.errors for facet in response.context["facets"]}
    for name, expected in messages.items():
        assert facets.get(name, expected) == expected


def test_a_malformed_page_number_is_the_first_page(people, world, client):
    response = _as(client, people.entity).get(INDEX, {"page": "x\x00"})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_results_come_25_to_a_page(people, reference, client):
    DocumentFactory.create_batch(27)
    client.force_login(people.entity)
    first, second = client.get(INDEX), client.get(INDEX, {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert _ids(first).isdisjoint(_ids(second))


def test_htmx_gets_the_filters_and_results_only(people, world, client):
    response = _as(client, people.entity).get(INDEX, {"q": sc.MARKER}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="library"' in response.content and b"<html" not in response.content
    assert "HX-Request" in response["Vary"]
    restored = client.get(INDEX, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restored.content


def test_the_upload_link_is_shown_only_to_those_who_may_share(people, world, client):
    upload_link = f'href="{UPLOAD}"'.encode()
    assert upload_link in _as(client, people.entity).get(INDEX).content
    assert upload_link in _as(client, people.secretariat).get(INDEX).content
    assert upload_link in _as(client, people.state).get(INDEX).content
    assert upload_link in _as(client, people.regional).get(INDEX).content


@pytest.mark.postgres
def test_postgres_ranks_title_matches_first_and_reads_websearch_syntax(people, reference, client):
    in_description = DocumentFactory(
        title="Annual overview", description="Mentions quokkaland once.", published_on=date(2025, 6, 1)
    )
    in_title = DocumentFactory(title="Quokkaland border management", published_on=date(2020, 1, 1))
    client.force_login(people.entity)
    response = client.get(INDEX, {"q": "quokkaland"})
    assert [d.pk for d in response.context["page"].object_list] == [in_title.pk, in_description.pk]
    # English stems, exclusion and phrases, as PostgreSQL's websearch_to_tsquery reads them.
    assert _ids(client.get(INDEX, {"q": "managing quokkaland"})) == {in_title.pk}
    assert _ids(client.get(INDEX, {"q": "quokkaland -border"})) == {in_description.pk}
    assert _ids(client.get(INDEX, {"q": '"annual overview"'})) == {in_description.pk}


def test_the_library_page_costs_the_same_queries_for_1_and_30_documents(people, reference, client):
    theme = ThematicArea.objects.order_by("pk").first()

    def count(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX, params).status_code == 200
        return len(queries)

    client.force_login(people.entity)
    client.get(INDEX)  # the first request of a session does its own bookkeeping
    params = {"q": "border", "theme": theme.slug, "pillar": 2, "year": 2025}
    DocumentFactory(title="Border one", themes=[theme], pillars=[Pillar.objects.get(number=2)])
    one, one_plain = count(params), count({})
    for _ in range(29):
        DocumentFactory(title="Border more", themes=[theme], pillars=[Pillar.objects.get(number=2)])
    assert count(params) == one
    assert count({}) == one_plain
    # Facets cost one query each, whatever the data.
    assert one_plain <= 20


# --- a document's page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_document_page_is_404_for_those_who_may_not_see_it(role, people, world, client):
    client.force_login(people.roles()[role])
    for name, document in world.objects["documents"].items():
        expected = 200 if role in world.visible["documents"][name] else 404
        assert client.get(_url("document", document)).status_code == expected, (name, role)


def test_a_document_page_shows_its_facts_and_versions(people, reference, client):
    theme = ThematicArea.objects.order_by("pk").first()
    document = DocumentFactory(
        title="Sahel border guidance",
        description="What works at the border.",
        document_type="guidance",
        working_group=reference_group("BMLE"),
        themes=[theme],
        pillars=[Pillar.objects.get(number=2)],
        published_on=date(2024, 3, 5),
        uploaded_by=people.entity,
    )
    DocumentVersionFactory(document=document, note="Corrected figures", original_filename="guidance-v2.pdf")
    response = _as(client, people.cted).get(_url("document", document))
    html = response.content.decode()
    for text in ("Sahel border guidance", "What works at the border.", "Guidance and tools", theme.name, "BMLE"):
        assert text in html
    assert "Pillar II" in html and "5 March 2024" in html and "Corrected figures" in html
    assert [v.number for v in response.context["versions"]] == [2, 1]
    assert f"{_url('download', document)}?version=1" in html
    assert f"{_url('download', document)}?version=2" in html
    assert response.context["may_add_version"] is False


def test_whom_a_restricted_document_is_shared_with_is_shown_to_its_owner_and_the_secretariat(people, world, client):
    document = world.objects["documents"]["unodc_for_au"]  # UNODC's, shared with the African Union
    for user, shown in ((people.secretariat, True), (people.entity, True), (people.regional, False)):
        response = _as(client, user).get(_url("document", document))
        assert response.status_code == 200
        assert (african_union().name in response.content.decode()) is shown
        assert response.context["audience"] == ([african_union()] if shown else [])


def test_the_document_page_costs_the_same_queries_for_1_and_10_versions(people, reference, client):
    document = DocumentFactory(visibility="restricted", allowed_organizations=[reference_org("KE")])
    client.force_login(people.secretariat)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("document", document)).status_code == 200
        return len(queries)

    count()  # the first request of a session does its own bookkeeping
    one = count()
    for _ in range(9):
        DocumentVersionFactory(document=document, uploaded_by=people.entity)
    assert count() == one


# --- downloads ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_downloads_are_404_for_documents_the_viewer_may_not_see(role, people, world, client):
    client.force_login(people.roles()[role])
    for name, document in world.objects["documents"].items():
        response = client.get(_url("download", document))
        if role in world.visible["documents"][name]:
            assert response.status_code == 200, (name, role)
            assert b"".join(response.streaming_content) == SAMPLE_PDF
        else:
            assert response.status_code == 404, (name, role)


def test_kenya_cannot_download_norways_restricted_document(people, reference, client):
    norways = DocumentFactory(
        organization=reference_org("NO"), visibility="restricted", allowed_organizations=[reference_org("UNODC")]
    )
    assert _as(client, people.state).get(_url("download", norways)).status_code == 404
    assert client.get(_url("download", norways) + "?version=1").status_code == 404
    assert _as(client, people.other_state).get(_url("download", norways)).status_code == 200
    assert _as(client, people.entity).get(_url("download", norways)).status_code == 200


@pytest.mark.usefixtures("media_storage")
def test_a_download_is_an_attachment_of_the_stored_type_under_a_safe_name(people, reference, client):
    document = DocumentFactory(version=None)
    DocumentVersionFactory(document=document, original_filename='..\\evil"\r\nname.pdf')
    response = _as(client, people.entity).get(_url("download", document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "evilname.pdf" in disposition
    assert "\r" not in disposition and "\n" not in disposition and ".." not in disposition


@pytest.mark.usefixtures("media_storage")
def test_download_takes_a_version_and_defaults_to_the_latest(people, reference, client):
    document = DocumentFactory()
    newer = b"%PDF-1.4 the second version"
    DocumentVersionFactory(
        document=document, file__data=newer, size=len(newer), sha256=hashlib.sha256(newer).hexdigest()
    )
    client.force_login(people.state)
    assert b"".join(client.get(_url("download", document)).streaming_content) == newer
    first = client.get(_url("download", document), {"version": "1"})
    assert b"".join(first.streaming_content) == SAMPLE_PDF
    for bad in ("3", "0", "abc", "²", "1" * 12, "1\x00"):
        assert client.get(_url("download", document), {"version": bad}).status_code == 404, bad


@pytest.mark.usefixtures("media_storage")
def test_a_file_missing_from_storage_is_404_not_500(people, reference, client):
    document = DocumentFactory()
    document.current_version.file.delete(save=False)
    assert _as(client, people.entity).get(_url("download", document)).status_code == 404


# --- sharing a document -------------------------------------------------------------------------------------


def _form(**overrides) -> dict:
    data = {
        "title": "Guidance on border security",
        "description": "Good practices.",
        "document_type": "guidance",
        "language": "en",
        "published_on": "2025-04-01",
        "working_group": reference_group("BMLE").pk,
        "visibility": "platform",
        "version_note": "First issue",
        "themes": [ThematicArea.objects.order_by("pk").first().pk],
        "pillars": [Pillar.objects.get(number=2).pk],
        "file": SimpleUploadedFile("brief.pdf", SAMPLE_PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.usefixtures("media_storage")
def test_a_member_shares_a_document_stored_hashed_as_version_1(people, reference, client, settings):
    response = _as(client, people.entity).post(UPLOAD, _form())
    document = Document.objects.get(title="Guidance on border security")
    assert response.status_code == 302 and response["Location"] == _url("document", document)
    assert document.organization == reference_org("UNODC")
    assert document.working_group == reference_group("BMLE")
    assert document.uploaded_by == people.entity
    assert [p.number for p in document.pillars.all()] == [2]
    version = document.versions.get()
    assert version.number == 1 and version.note == "First issue"
    assert version.original_filename == "brief.pdf" and version.content_type == "application/pdf"
    assert version.size == len(SAMPLE_PDF) and version.sha256 == hashlib.sha256(SAMPLE_PDF).hexdigest()
    with version.file.open("rb") as stored:
        assert stored.read() == SAMPLE_PDF
    assert "brief" not in version.file.name  # the storage name is the server's own
    assert client.get(_url("document", document)).status_code == 200


def test_a_restricted_document_reaches_the_named_organizations_only(people, reference, client):
    form = _form(visibility="restricted", allowed_organizations=[reference_org("KE").pk])
    assert _as(client, people.entity).post(UPLOAD, form).status_code == 302
    document = Document.objects.get(title="Guidance on border security")
    assert list(document.allowed_organizations.all()) == [reference_org("KE")]
    assert _as(client, people.state).get(_url("document", document)).status_code == 200
    assert _as(client, people.other_state).get(_url("document", document)).status_code == 404


def test_the_secretariat_shares_on_behalf_of_an_organization_without_a_group(people, reference, client):
    form = _form(working_group="", organization=reference_org("UNOCT").pk)
    assert _as(client, people.secretariat).post(UPLOAD, form).status_code == 302
    document = Document.objects.get(title="Guidance on border security")
    assert document.organization == reference_org("UNOCT") and document.working_group is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "does not match"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("notes.txt", b"text\x00with a NUL", "not text"),
        ("empty.pdf", b"", "empty"),
    ],
)
@pytest.mark.usefixtures("media_storage")
def test_a_disguised_or_unacceptable_file_is_refused_and_nothing_is_written(
    name, data, message, people, reference, client, settings
):
    upload = SimpleUploadedFile(name, data)
    response = _as(client, people.entity).post(UPLOAD, _form(file=upload))
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode()
    assert response.context["form"]["title"].value() == "Guidance on border security"  # what was typed stays
    assert not Document.objects.filter(title="Guidance on border security").exists()
    assert not DocumentVersion.objects.exists() and _files(settings) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_written(people, reference, client, settings):
    settings.API_MAX_UPLOAD_BYTES = len(SAMPLE_PDF) - 1
    response = _as(client, people.entity).post(UPLOAD, _form())
    assert response.status_code == 200
    assert "the limit is" in response.context["form"].errors["file"][0]
    assert "the limit is" in response.content.decode()
    assert not Document.objects.exists() and _files(settings) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "A title\x00"}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"title": ""}, "title"),
        ({"published_on": "2025-02-30"}, "published_on"),
        ({"published_on": "99999-01-01"}, "published_on"),
        ({"language": "xx"}, "language"),
        ({"document_type": "memo"}, "document_type"),
        ({"themes": ["999999"]}, "themes"),
        ({"pillars": ["abc"]}, "pillars"),
        ({"working_group": "9" * 30}, "working_group"),
        ({"working_group": "", "visibility": "working_group"}, "visibility"),
        ({"visibility": "everyone"}, "visibility"),
        ({"visibility": "restricted"}, "allowed_organizations"),
        ({"allowed_organizations": ["abc"], "visibility": "restricted"}, "allowed_organizations"),
        ({"version_note": "x" * 501}, "version_note"),
        ({"file": None}, "file"),
    ],
)
def test_bad_upload_input_shows_errors_keeps_values_and_writes_nothing(
    overrides, field, people, reference, client, settings
):
    response = _as(client, people.entity).post(UPLOAD, _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b'role="alert"' in response.content
    assert response.context["form"]["description"].value() == "Good practices."
    assert not Document.objects.exists() and _files(settings) == []


def test_a_focal_point_shares_only_with_groups_its_organization_writes_in(people, reference, client, settings):
    bmle = reference_group("BMLE")
    WorkingGroupMembership.objects.filter(working_group=bmle, organization=reference_org("UNODC")).update(
        role="observer"
    )
    response = _as(client, people.entity).post(UPLOAD, _form(working_group=bmle.pk))
    assert response.status_code == 200 and "working_group" in response.context["form"].errors
    assert bmle not in response.context["form"].fields["working_group"].queryset
    assert not Document.objects.exists() and _files(settings) == []


def test_a_focal_point_cannot_share_on_behalf_of_another_organization(people, reference, client):
    form = _form(organization=reference_org("UNOCT").pk)
    assert _as(client, people.entity).post(UPLOAD, form).status_code == 302
    assert Document.objects.get().organization == reference_org("UNODC")  # the field is not theirs to set


@pytest.mark.parametrize("role", ["state", "other_state", "regional"])
def test_those_in_no_working_group_share_with_the_platform_but_not_with_a_group(
    role, people, reference, client, settings
):
    user = people.roles()[role]
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 200
    response = client.post(UPLOAD, _form())  # BMLE is not one of their groups
    assert response.status_code == 200 and response.context["form"].errors["working_group"]
    assert not Document.objects.exists() and _files(settings) == []
    response = client.post(UPLOAD, _form(working_group=None))
    document = Document.objects.get(title="Guidance on border security")
    assert response.status_code == 302
    assert document.organization_id == user.focal_point.organization_id and document.working_group is None


# --- new versions -------------------------------------------------------------------------------------------


def _version(name="brief-v2.pdf", data=SAMPLE_PDF, note="Updated figures"):
    return {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), "note": note}


@pytest.mark.usefixtures("media_storage")
def test_the_owner_adds_versions_numbered_in_turn(people, world, client):
    document = world.objects["documents"]["unodc_for_au"]  # UNODC's
    client.force_login(people.entity)
    assert client.get(_url("new_version", document)).status_code == 200
    response = client.post(_url("new_version", document), _version())
    assert response.status_code == 302 and response["Location"] == _url("document", document)
    client.post(_url("new_version", document), _version(name="brief-v3.pdf", note=""))
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].original_filename == "brief-v2.pdf" and versions[1].note == "Updated figures"
    assert versions[2].uploaded_by == people.entity
    assert versions[2].sha256 == hashlib.sha256(SAMPLE_PDF).hexdigest()
    assert _url("new_version", document).encode() in client.get(_url("document", document)).content


def test_a_new_version_follows_the_highest_number(people, reference, client):
    document = DocumentFactory()
    DocumentVersionFactory(document=document, number=5)
    _as(client, people.secretariat).post(_url("new_version", document), _version())
    assert sorted(document.versions.values_list("number", flat=True)) == [1, 5, 6]


def test_new_versions_are_404_for_those_who_cannot_see_and_403_for_those_who_may_not_add(people, world, client):
    document = world.objects["documents"]["unodc_for_au"]
    for user, status in ((people.regional, 403), (people.state, 404), (people.cted, 404)):
        client.force_login(user)
        assert client.get(_url("new_version", document)).status_code == status
        assert client.post(_url("new_version", document), _version()).status_code == status
    assert document.versions.count() == 1


@pytest.mark.usefixtures("media_storage")
def test_a_disguised_new_version_is_refused_and_nothing_is_written(people, world, client, settings):
    document = world.objects["documents"]["unodc_for_au"]
    stored = len(_files(settings))
    bad = _version(name="report.pdf", data=b"MZ\x90\x00 an executable", note="x" * 501)
    response = _as(client, people.entity).post(_url("new_version", document), bad)
    assert response.status_code == 200
    assert "does not match" in response.context["form"].errors["file"][0]
    assert "note" in response.context["form"].errors
    assert document.versions.count() == 1 and len(_files(settings)) == stored


@pytest.mark.usefixtures("media_storage")
def test_the_version_service_checks_the_caller_and_the_file(people, world, settings):
    document = world.objects["documents"]["unodc_for_au"]
    with pytest.raises(PermissionDenied):
        document_add_version(user=people.regional, document=document, file=_version()["file"])
    with pytest.raises(ValidationError) as refused:
        document_add_version(user=people.entity, document=document, file=SimpleUploadedFile("a.pdf", b"MZ nope"))
    assert "file" in refused.value.message_dict
    version = document_add_version(user=people.entity, document=document, file=_version()["file"], note="ok")
    assert version.number == 2 and version.size == len(SAMPLE_PDF)


def test_the_upload_helpers_follow_working_group_roles(people, reference):
    assert document_may_upload(people.secretariat)
    assert document_may_upload(people.entity)
    assert document_may_upload(people.state)  # with all focal points or named organizations
    assert not document_may_upload(people.outsider)
    assert not set(document_upload_groups(people.state))
    unodc = reference_org("UNODC")
    writable = set(document_upload_groups(people.entity))
    member_of = {
        m.working_group for m in WorkingGroupMembership.objects.filter(organization=unodc).exclude(role="observer")
    }
    assert writable == member_of

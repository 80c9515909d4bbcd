"""The library's documents through one filter set: the API's list and the library's page read the same
filters (platform_app.library.filters.DocumentFilterSet), search, ranking and order."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from platform_app.library.models import SEARCHED_FUNCTION
from platform_app.structure.models import Language, ThematicArea
from tests.factories import DocumentFactory, reference_group, reference_org

DOCUMENTS = reverse("api:document-list")
LIBRARY = reverse("library:index")


def _api_ids(api, params) -> list[int]:
    response = api.get(DOCUMENTS, params)
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def _page_ids(client, params) -> list[int]:
    response = client.get(LIBRARY, params)
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    return [document.pk for document in response.context["page"].object_list]


@pytest.fixture
def shelf(reference):
    """Documents of several years, types and languages, some mentioning "quokkaland"."""
    theme = ThematicArea.objects.order_by("pk").first()
    french = Language.objects.get(code="fr")
    return {
        "theme": theme,
        "old_guidance": DocumentFactory(
            title="Quokkaland border guidance",
            document_type="guidance",
            themes=[theme],
            published_on=date(2023, 3, 1),
            version=None,
        ),
        "new_guidance": DocumentFactory(
            title="Annual overview",
            description="Mentions quokkaland once.",
            document_type="guidance",
            themes=[theme],
            published_on=date(2024, 9, 1),
            version=None,
        ),
        "same_year": DocumentFactory(
            title="Quokkaland report",
            document_type="report",
            language=french,
            organization=reference_org("UNODC"),
            working_group=reference_group("BMLE"),
            themes=[theme],
            published_on=date(2024, 2, 1),
            version=None,
        ),
        "elsewhere": DocumentFactory(title="Prison management", published_on=date(2024, 5, 1), version=None),
    }


def test_the_api_filters_documents_by_year_as_the_page_does(api, client, people, shelf):
    api.as_user(people.secretariat)
    client.force_login(people.secretariat)
    in_2024 = [shelf["new_guidance"].pk, shelf["elsewhere"].pk, shelf["same_year"].pk]
    assert _api_ids(api, {"year": 2024}) == in_2024
    assert _page_ids(client, {"year": 2024}) == in_2024
    assert _api_ids(api, {"year": 1999}) == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": 2024},
        {"year": 2024, "document_type": "guidance"},
        {"theme": "THEME", "published_after": "2024-01-01", "published_before": "2024-12-31"},
        {"language": "fr", "organization": "UNODC", "working_group": "BMLE", "pillar": ""},
        {"q": "quokkaland", "year": 2024},
        {"q": "quokkaland", "theme": "THEME", "document_type": "guidance"},
    ],
)
def test_the_page_and_the_api_list_the_same_documents_in_the_same_order(api, client, people, shelf, params):
    values = {
        "THEME": shelf["theme"].slug,
        "UNODC": reference_org("UNODC").pk,
        "BMLE": reference_group("BMLE").pk,
    }
    page_params = {name: values.get(value, value) for name, value in params.items()}
    api_params = {("search" if name == "q" else name): value for name, value in page_params.items()}
    api.as_user(people.entity)
    client.force_login(people.entity)
    ours = {document.pk for key, document in shelf.items() if key != "theme"}
    listed = [pk for pk in _page_ids(client, page_params) if pk in ours]
    assert listed == [pk for pk in _api_ids(api, api_params) if pk in ours]
    assert listed, params


@pytest.mark.postgres
def test_postgres_the_page_and_the_api_rank_a_filtered_search_alike(api, client, people, shelf):
    """Best match first (the title weighs more than the description), then newest first: the page's `q` and
    the API's `search`, with the same filters."""
    api.as_user(people.entity)
    client.force_login(people.entity)
    page = _page_ids(client, {"q": "quokkaland", "theme": shelf["theme"].slug, "document_type": "guidance"})
    assert page == [shelf["old_guidance"].pk, shelf["new_guidance"].pk]
    api_rows = _api_ids(api, {"search": "quokkaland", "theme": shelf["theme"].slug, "document_type": "guidance"})
    assert api_rows == page
    everything = _page_ids(client, {"q": "quokkaland"})
    assert everything == [shelf["same_year"].pk, shelf["old_guidance"].pk, shelf["new_guidance"].pk]
    assert _api_ids(api, {"search": "quokkaland"}) == everything


def test_a_range_of_dates_that_ends_before_it_starts_is_empty_in_the_api_and_reported_on_the_page(
    api, client, people, shelf
):
    reversed_range = {"published_after": "2024-05-01", "published_before": "2024-01-01"}
    # The schema cannot say that one date comes before the other: the API answers such a range as any
    # other, with the documents in it (none).
    assert _api_ids(api.as_user(people.secretariat), reversed_range) == []
    client.force_login(people.secretariat)
    page = client.get(LIBRARY, reversed_range)
    assert page.context["form"].errors == {"published_before": ["The end date is before the start date."]}
    # The end is left out, the start applies.
    assert {d.pk for d in page.context["page"].object_list} == {shelf["new_guidance"].pk, shelf["elsewhere"].pk}
    # A range of one day is fine.
    assert _api_ids(api, {"published_after": "2024-09-01", "published_before": "2024-09-01"}) == [
        shelf["new_guidance"].pk
    ]


@pytest.mark.parametrize(("value", "message"), [("0", "greater than or equal to 1"), ("2024.5", "whole number")])
def test_a_malformed_year_is_a_400_naming_it(api, people, shelf, value, message):
    response = api.as_user(people.secretariat).get(DOCUMENTS, {"year": value})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year"}
    assert message in response.json()["errors"]["year"][0]


@pytest.fixture
def many_matches(reference):
    """Five documents mentioning "wombatland"; the three oldest match better (the word in their title)."""
    return [
        DocumentFactory(
            title="Wombatland wombatland review" if year <= 2022 else "Annual overview",
            description="On wombatland.",
            published_on=date(year, 1, 1),
            version=None,
        )
        for year in (2020, 2021, 2022, 2023, 2024)
    ]


@pytest.mark.postgres
def test_postgres_a_search_ranks_the_matches_its_pages_reach(api, client, people, many_matches, settings):
    """A search whose matches pass SEARCH_COUNT_LIMIT ranks the first SEARCH_COUNT_LIMIT + 1 of them in the
    list's order (the newest, for documents), best match first: the pages stop at the limit anyway, and
    ranking every match of a common word would read each one. The count still says there are more."""
    settings.SEARCH_COUNT_LIMIT = 2
    api.as_user(people.secretariat)
    client.force_login(people.secretariat)
    by_year = {document.published_on.year: document.pk for document in many_matches}
    # The three newest ranked (2022 matches best), and the first two of them shown: the pages stop there.
    reached = [by_year[2022], by_year[2024]]
    answer = api.get(DOCUMENTS, {"search": "wombatland"}).json()
    assert [row["id"] for row in answer["results"]] == reached
    assert (answer["count"], answer["count_capped"]) == (2, True)
    assert _page_ids(client, {"q": "wombatland"}) == reached
    # With room for every match, the best ones come first, as before.
    settings.SEARCH_COUNT_LIMIT = 10
    everything = [by_year[2022], by_year[2021], by_year[2020], by_year[2024], by_year[2023]]
    assert _api_ids(api, {"search": "wombatland"}) == everything
    assert _page_ids(client, {"q": "wombatland"}) == everything


@pytest.mark.postgres
@pytest.mark.parametrize("way_in", ["api", "site search", "library"])
def test_postgres_a_search_decides_its_matches_once_within_the_rows_a_reader_may_see(
    api, client, people, many_matches, settings, way_in
):
    """The matches a search's pages reach are picked by one query that holds the text condition, the reader's
    visibility, the list's order and the limit, so that PostgreSQL can stop once it has them (walking the
    newest documents for a common word). The page, its count and the library's facets (which count over the
    same matches when no facet is chosen) then read those rows by key: the text condition, which reads each
    document's text vector, is computed once per request, never for every match."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_COUNT_LIMIT = 2
    api.as_user(people.state)
    client.force_login(people.state)
    with CaptureQueriesContext(connection) as queries:
        if way_in == "api":
            response = api.get(DOCUMENTS, {"search": "wombatland"})
        elif way_in == "site search":
            response = client.get(reverse("search:index"), {"q": "wombatland", "kind": "documents"})
        else:
            response = client.get(reverse("library:index"), {"q": "wombatland"})
    assert response.status_code == 200
    condition = f"{SEARCHED_FUNCTION}("  # what a document's search matches (migration 0032)
    matching = [query["sql"] for query in queries if condition in query["sql"]]
    assert len(matching) == 1, matching
    (sql,) = matching
    assert sql.count(condition) == 1, sql
    # The SELECT holding the condition, without what it nests, holds the visibility, the order and the limit.
    statement = _own_level(_select_around(sql, sql.index(condition)))
    assert '"visibility" = ' in statement and "ORDER BY" in statement and "LIMIT 3" in statement, statement


@pytest.mark.postgres
def test_postgres_a_chosen_facet_decides_the_matches_once_more_for_its_own_counts(client, people, many_matches):
    """A facet chosen is counted over the matches of every other filter, which are not the list's: the library
    decides those once more, and only those."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.state)
    language = many_matches[0].language_id
    with CaptureQueriesContext(connection) as queries:
        assert _page_ids(client, {"q": "wombatland", "language": language})
    condition = f"{SEARCHED_FUNCTION}("
    matching = [query["sql"] for query in queries if condition in query["sql"]]
    assert len(matching) == 2, matching
    assert sorted('"language_id" = ' in sql for sql in matching) == [False, True], matching


def _select_around(sql: str, position: int) -> str:
    """The innermost SELECT of `sql` (a subquery in parentheses, or the whole statement) holding `position`."""
    depth = 0
    for start in range(position, -1, -1):
        if sql[start] == ")":
            depth += 1
        elif sql[start] == "(":
            if depth:
                depth -= 1  # the opening of a parenthesis closed after `position`'s own one
            elif sql.startswith("SELECT", start + 1):
                break  # the innermost SELECT around `position`
    else:
        return sql
    depth = 0
    for end in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            return sql[start + 1 : end]
    return sql[start + 1 :]


def _own_level(select: str) -> str:
    """`select` with its subqueries' text left out (the parentheses that open with SELECT)."""
    kept, depth = [], 0
    index = 0
    while index < len(select):
        if depth == 0 and select.startswith("(SELECT", index):
            depth = 1
            index += 1
            continue
        if depth:
            depth += {"(": 1, ")": -1}.get(select[index], 0)
        else:
            kept.append(select[index])
        index += 1
    return "".join(kept)


@pytest.mark.postgres
def test_postgres_an_export_of_a_search_holds_every_match_best_first(api, people, many_matches, settings):
    settings.SEARCH_COUNT_LIMIT = 2
    api.as_user(people.secretariat)
    response = api.get(DOCUMENTS, {"search": "wombatland", "format": "ndjson"})
    assert response.status_code == 200
    import json

    rows = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    by_year = {document.published_on.year: document.pk for document in many_matches}
    assert [row["id"] for row in rows] == [by_year[2022], by_year[2021], by_year[2020], by_year[2024], by_year[2023]]

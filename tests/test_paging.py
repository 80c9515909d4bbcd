"""The pager every list shows (platform_app.core.paging.pager): which page numbers it offers, and addresses
that keep the rest of the query string."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.functions import Upper
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from platform_app.core.paging import CappedPaginator, pager
from platform_app.directory.models import Organization
from tests.factories import OrganizationFactory


def _page(number: int, pages: int, per_page: int = 25):
    return Paginator(range(pages * per_page), per_page).page(number)


def _numbers(number: int, pages: int) -> list[int | None]:
    return [link.number for link in pager(_page(number, pages), "/list/", QueryDict()).links]


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (6, 118, [1, None, 4, 5, 6, 7, 8, None, 118]),
        (1, 118, [1, 2, 3, None, 118]),
        (118, 118, [1, None, 116, 117, 118]),
        # A gap of one page shows that page rather than "…".
        (4, 118, [1, 2, 3, 4, 5, 6, None, 118]),
        (115, 118, [1, None, 113, 114, 115, 116, 117, 118]),
        (3, 5, [1, 2, 3, 4, 5]),
        (2, 2, [1, 2]),
    ],
)
def test_the_numbers_around_the_current_page_with_the_first_and_the_last(number, pages, expected):
    assert _numbers(number, pages) == expected


def test_only_the_current_page_is_marked_current():
    links = pager(_page(6, 118), "/list/", QueryDict()).links
    assert [link.number for link in links if link.current] == [6]


def test_every_address_keeps_the_other_parameters_and_changes_the_page():
    query = QueryDict("q=border+police&language=fr&language=ar&page=6")
    shown = pager(_page(6, 118), "/directory/", query)
    assert shown.previous_url == "?q=border+police&language=fr&language=ar&page=5"
    assert shown.next_url == "?q=border+police&language=fr&language=ar&page=7"
    assert [link.url for link in shown.links if link.number in (1, 118)] == [
        "?q=border+police&language=fr&language=ar&page=1",
        "?q=border+police&language=fr&language=ar&page=118",
    ]


def test_the_jump_form_sends_the_other_parameters_to_the_lists_address():
    query = QueryDict("q=a%26b%3Dc&language=fr&language=ar&page=abc")
    shown = pager(_page(1, 3), "/directory/", query)
    assert shown.action == "/directory/"
    assert shown.hidden == (("q", "a&b=c"), ("language", "fr"), ("language", "ar"))
    assert (shown.number, shown.last, shown.param) == (1, 3, "page")


def test_a_parameter_the_list_was_read_without_gets_a_page_number():
    shown = pager(_page(1, 3), "/calendar/list/", QueryDict("kind=event"))
    assert shown.next_url == "?kind=event&page=2"
    assert shown.previous_url == ""


def test_the_last_page_has_no_next():
    shown = pager(_page(3, 3), "/list/", QueryDict())
    assert shown.next_url == "" and shown.previous_url == "?page=2"


def _render(page, request=None) -> str:
    return render_to_string("includes/pagination.html", {"page": page}, request=request)


def test_the_partial_draws_the_pager_of_the_request(rf):
    html = _render(_page(6, 118), rf.get("/library/", {"q": "border", "page": "6"}))
    assert 'aria-label="Pages"' in html
    assert 'href="?q=border&amp;page=5" rel="prev"' in html
    assert 'href="?q=border&amp;page=6" aria-current="page" aria-label="Page 6">6</a>' in html
    assert html.count('aria-current="page"') == 1
    assert html.count("…") == 2
    assert '<form class="pager-jump" method="get" action="/library/">' in html
    assert '<input type="hidden" name="q" value="border">' in html
    assert 'min="1" max="118" value="6"' in html


def test_a_list_of_one_page_draws_no_pager(rf):
    assert _render(_page(1, 1), rf.get("/library/")).strip() == ""


def test_the_partial_draws_without_a_request():
    html = _render(_page(1, 3))
    assert 'href="?page=2" rel="next"' in html and 'action=""' in html


@pytest.mark.django_db
def test_a_capped_count_reads_the_keys_not_what_the_rows_are_annotated_with():
    """A list's count reads up to its cap of keys, not the ranks or names its rows are shown with (a search
    ranks each row with ts_rank: the count computed it for a thousand rows it then threw away)."""
    for number in range(4):
        OrganizationFactory(name=f"Counted entity {number}")
    rows = Organization.objects.filter(name__startswith="Counted").annotate(shouted=Upper("name"))
    with CaptureQueriesContext(connection) as queries:
        paginator = CappedPaginator(rows, 2, limit=3)
        assert (paginator.count, paginator.capped) == (3, True)
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "UPPER" not in sql.upper() and "shouted" not in sql, sql

"""The indexes the main reads rely on are there and fit their queries (PostgreSQL's EXPLAIN).

The test tables are small, where a sequential scan is cheapest whatever the indexes; each plan is
therefore asked with sequential scans priced out (enable_seqscan off), so it shows an index exactly
when one matches the query's filter or order. Each plan is asked after ANALYZE, inside the test's
transaction: the planner then weighs the test's own rows, not the statistics of whatever an earlier
test committed and emptied again. bench/run.py measures the same reads at scale 100.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.utils import timezone

from platform_app.calendar.models import Event
from platform_app.core.querysets import still_going_on
from platform_app.core.search import apply_search
from platform_app.cted.models import Recommendation
from platform_app.directory.models import FocalPoint
from platform_app.library.models import Document
from platform_app.projects.models import Project
from platform_app.structure.models import Language
from tests.factories import (
    DocumentFactory,
    EventFactory,
    PostFactory,
    ProjectFactory,
    RecommendationFactory,
    reference_group,
    reference_org,
)
from workinggroups.models import Post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL)"),
]


def plan(queryset, *, whole_index_scans: bool = True, sorts: bool = True) -> str:
    """The plan with sequential scans priced out; and, unless `whole_index_scans`, index scans too, leaving
    bitmap scans, which need a condition the index answers (an index scan reading a whole index in its
    order is the other way around a sequential scan on a table this small). Without `sorts`, sorting is
    priced out as well: sorting a few rows is cheaper than any index, so only then does the plan show
    whether an index gives the rows in the order asked."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
            if not whole_index_scans:
                cursor.execute("SET LOCAL enable_indexscan = off")
            if not sorts:
                cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


@pytest.fixture
def rows(people):
    for group in ("BMLE", "PCVE"):
        for _ in range(3):
            thread = PostFactory(working_group=reference_group(group))
            PostFactory(working_group=thread.working_group, parent=thread, title="")
    for _ in range(3):
        DocumentFactory(title="Border management in the Sahel")
        EventFactory()
        RecommendationFactory()
    # Most documents do not match the search, as in the library: the search, not the visibility, narrows.
    # Enough of them that the table's dead rows, which earlier tests' rolled-back writes leave until a
    # vacuum, do not tip the planner's estimates.
    for _ in range(200):
        DocumentFactory(title="Victims' rights", description="Support to victims of terrorism.", version=None)


def test_a_document_search_uses_the_stored_vectors_and_their_gin_index(rows, people):
    searched = apply_search(Document.objects.visible_to(people.state), "border management")
    # Without whole-index scans: else reading the date index backwards, filtering each row, may look as cheap.
    shown = plan(searched.order_by("-published_on", "-id")[:50], whole_index_scans=False)
    # The title, description and text together (Document.SEARCH_VECTOR), under the index of migration 0024.
    assert "platform_app_document_searched_gin" in shown, shown


def test_a_match_is_priced_as_reading_a_vector_so_a_word_in_many_documents_is_asked_of_the_index(rows, people):
    """The one plan here with sequential scans allowed: whether to read every row or ask the index is the choice
    under test. Deciding a match reads a vector of kilobytes, which the planner cannot see from the bare
    column: migration 0032 matches it through a function priced as that costs. Priced like any comparison, a
    word in a fifth of the library read every row, 13.7 ms at scale 1 where the index takes 1.5 ms."""
    for _ in range(60):
        DocumentFactory(title="Border management at sea", version=None)
    # What core.search.reached asks: the first matches in the list's order, fewer than its limit.
    keys = apply_search(Document.objects.visible_to(people.state), "border management")
    query = keys.order_by("-published_on", "-id").values_list("pk", flat=True)[:1001]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        shown = query.explain()
    assert "platform_app_document_searched_gin" in shown, shown
    assert not re.search(r"Seq Scan on platform_app_document\s", shown), shown


@pytest.mark.parametrize("column", ["language_id", "document_type", "organization_id", "working_group_id"])
def test_documents_filtered_by_a_facet_are_walked_newest_first_within_that_facet(rows, people, column):
    """A list or search filtered by a column the library offers as a facet reads that value's documents in the
    list's order, from an index that leads with the column: a walk bounded by the facet's own documents. Walked
    from the date index, filtering each row, a common word in a language that does not hold it read every
    document of the library (1.5 s at scale 100 for "circulated" in French), where PostgreSQL could not know
    that the word and the language seldom go together."""
    # A few documents of a value the others (the fixture's, in English, reports of UNOCT, in no group) lack.
    few = [
        DocumentFactory(
            language=Language.objects.get(code="fr"),
            document_type=Document.Type.STATEMENT,
            organization=reference_org("CTED"),
            working_group=reference_group("BMLE"),
            visibility="working_group",
            version=None,
        )
        for _ in range(5)
    ]
    value = getattr(few[0], column)
    listed = Document.objects.visible_to(people.secretariat).filter(**{column: value})
    shown = plan(listed.order_by("-published_on", "-id")[:50], sorts=False)
    assert re.search(rf"Index Cond: .*\b{column}\b", shown), shown
    assert "Sort" not in shown, shown


def test_recommendations_of_a_country_and_status_use_an_index(rows, people):
    filtered = Recommendation.objects.visible_to(people.secretariat).filter(
        assessment__member_state__iso_alpha2="KE", status="open"
    )
    shown = plan(filtered.order_by("assessment_id", "number", "id")[:50])
    # Reached through an index (by status, or by assessment once the country's are known): which one
    # is the planner's choice for the data at hand.
    assert "Seq Scan on platform_app_recommendation" not in shown
    assert "Index Cond" in shown


def test_upcoming_events_are_read_from_a_bound_on_their_start(rows, people):
    upcoming = still_going_on(Event.objects.visible_to(people.state), timezone.now()).order_by("starts_at", "id")
    shown = plan(upcoming[:6])
    assert "Seq Scan on platform_app_event" not in shown
    # An index is read from the bound on the start (`still_going_on`), not from the oldest event on: the
    # index of starts, or with these few rows the one of ends and starts.
    assert re.search(r"Index Cond: .*starts_at >= COALESCE", shown), shown


def test_a_directory_search_uses_the_trigram_index(rows, people):
    searched = apply_search(FocalPoint.objects.visible_to(people.state), "programme officer")
    shown = plan(searched.order_by("user__last_name", "user__first_name", "pk")[:25], whole_index_scans=False)
    assert "Bitmap Index Scan on focalpoint_search_text_trgm" in shown, shown


def test_a_groups_threads_are_read_newest_first_from_their_index(rows, people):
    threads = Post.objects.filter(working_group=reference_group("BMLE"), parent__isnull=True)
    assert "post_threads" in plan(threads.order_by("-created_at", "-id")[:10], sorts=False)


def test_the_newest_change_of_the_projects_is_read_from_their_index(people):
    """The API's projects list and its ETag read the newest change first (`updated_at`, then id)."""
    for _ in range(3):
        ProjectFactory()
    newest = Project.objects.visible_to(people.state).order_by("-updated_at", "-id").values("updated_at")[:1]
    assert "project_updated" in plan(newest, sorts=False)


# A list's count (up to its cap) of what its reader may see, and the index it can be read from alone (an
# index-only scan, once the table's pages are all visible after a vacuum), never the rows: documents hold
# their title, description and search vectors (12 ms rather than 2 ms for the newest 10,001 at scale 100),
# the events still going on are a fifth of the table (12 ms rather than 3).
# A list narrowed to one group's rows reads them from an index that leads with the group: one that holds the
# group further along is read whole (a group's 6,676 documents at scale 100: 10 ms to count from the 367,000
# entries of `document_visible`).
COUNTED_FROM_AN_INDEX = [
    (Document, "document_visible", lambda seen: seen, None),
    (
        Document,
        "document_group_visible",
        lambda seen: seen.filter(working_group=reference_group("BMLE")),
        "working_group",
    ),
    (Event, "event_ends_starts", lambda seen: still_going_on(seen, timezone.now()), None),
    (Event, "event_group_visible", lambda seen: seen.filter(working_group=reference_group("BMLE")), "working_group"),
]


@pytest.mark.parametrize("role", ["state", "other_state", "entity", "regional", "cted"])
@pytest.mark.parametrize(
    ("model", "name", "listed", "leading"),
    COUNTED_FROM_AN_INDEX,
    ids=["documents", "group-documents", "events", "group-events"],
)
def test_a_list_of_what_a_reader_may_see_can_be_counted_from_an_index_alone(model, name, listed, leading, role, people):
    """Every column of the row that the list's filter reads, the rule of who may see it included, is in the
    index (its key or its INCLUDE columns), and the index leads with the column that narrows the list."""
    index = next(index for index in model._meta.indexes if index.name == name)
    indexed = {model._meta.get_field(field.lstrip("-")).column for field in (*index.fields, *index.include)}
    if leading is not None:
        assert index.fields[0].lstrip("-") == leading, index.fields
    query = listed(model.objects.visible_to(people.roles()[role])).order_by().values("pk")
    sql, _params = query.query.sql_with_params()
    where = sql.split(" WHERE ", 1)[1]
    read = set(re.findall(rf'"{model._meta.db_table}"\."(\w+)"', where))
    assert read, where
    assert read <= indexed, read - indexed

"""The home page's "Compact in numbers" is drawn once per language and kept in the cache for every reader of
that language (platform_app/dashboard/figures.py), drawn again as soon as what it shows changes; what is the
reader's own is read for each request, and costs the same number of queries however much data there is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from platform_app.core import caching
from platform_app.dashboard import figures
from platform_app.dashboard.queue import reader_for
from platform_app.metrics.models import MetricSnapshot
from platform_app.structure.models import ThematicArea
from tests.factories import PostFactory, reference_group
from workinggroups.home import group_posts

HOME = reverse("home")


@pytest.fixture
def snapshots(reference):
    """A published reading and a computed one with requests for tailored support in one thematic area."""
    MetricSnapshot.objects.all().delete()
    area = ThematicArea.objects.order_by("slug").first()
    MetricSnapshot.objects.create(
        as_of=datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC), source="published", focal_points=900, documents=2808
    )
    MetricSnapshot.objects.create(
        as_of=datetime(2031, 7, 1, tzinfo=UTC),
        source="computed",
        focal_points=1234,
        documents=3670,
        breakdowns={
            "support_requests_by_status": [{"key": "submitted", "label": "Submitted", "count": 2}],
            "support_requests_by_thematic_area": [{"key": area.slug, "label": "a stale theme", "count": 2}],
            "support_requests_by_region": [{"key": "africa", "label": "Africa", "count": 2}],
            "support_first_offer_days": [{"key": "median", "label": "Median", "days": 3.25, "count": 1}],
        },
    )
    return area


def home(client, user, language: str = "en"):
    client.force_login(user)
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def section(response) -> str:
    """The figures' section as the page shows it."""
    html = str(response.context["figures"])
    assert 'id="numbers"' in html and html in response.content.decode()
    return html


@pytest.fixture
def no_drawing(monkeypatch):
    """Drawing a chart fails the test: what is shown must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("a chart was drawn again")

    def start():
        monkeypatch.setattr(figures, "line_chart", refuse)
        monkeypatch.setattr(figures, "bar_chart", refuse)

    return start


def test_another_reader_of_the_language_is_served_the_section_without_drawing_it(client, people, snapshots, no_drawing):
    first = section(home(client, people.state))
    assert "support-heading" in first and "<polyline" in first
    no_drawing()
    for reader in (people.entity, people.regional, people.state):
        assert section(home(client, reader)) == first


def test_a_kept_section_costs_no_query(people, snapshots, no_drawing, django_assert_num_queries):
    with translation.override("en"):
        drawn = str(figures.section(figures.HOME).html)  # drawn when shown, and kept
        no_drawing()
        with django_assert_num_queries(0):
            kept = str(figures.section(figures.HOME).html)
    assert kept == drawn and 'id="numbers"' in kept


def test_each_language_has_its_own_section(client, people, snapshots):
    english = section(home(client, people.state, "en"))
    french = section(home(client, people.state, "fr"))
    arabic = section(home(client, people.entity, "ar"))
    assert "Compact in numbers" in english and "1,234" in english
    with translation.override("fr"):
        assert translation.gettext("Compact in numbers") in french and "1\u202f234" in french
    with translation.override("ar"):
        assert translation.gettext("Compact in numbers") in arabic
    assert section(home(client, people.entity, "en")) == english


def test_the_landing_page_and_the_home_page_keep_their_own_sections(client, people, snapshots):
    """The home page's figures link to the lists they count and show the requests for tailored support; the
    public landing page's do neither, whichever page was drawn first."""
    link = f'href="{reverse("directory:index")}?status=active"'
    signed_in = section(home(client, people.state))
    client.logout()
    landing = client.get(HOME)
    public = section(landing)
    assert link in signed_in and "support-heading" in signed_in
    assert link not in public and "support-heading" not in public
    assert "1,234" in public
    assert section(home(client, people.state)) == signed_in


def test_a_new_snapshot_shows_at_once(client, people, snapshots, django_capture_on_commit_callbacks):
    assert "2,468" not in section(home(client, people.state))
    with django_capture_on_commit_callbacks(execute=True):
        MetricSnapshot.objects.create(as_of=datetime(2032, 1, 1, tzinfo=UTC), source="computed", focal_points=2468)
    assert "2,468" in section(home(client, people.entity))


def test_a_snapshot_changed_in_place_shows_once_the_snapshots_are_read_again(client, people, snapshots):
    """A bulk update sends no signal: the snapshots are read again when their cached copy expires (dropped
    here), and the section, kept with what it was drawn from, is drawn again then."""
    assert "4,321" not in section(home(client, people.state))
    MetricSnapshot.objects.filter(source="computed").update(focal_points=4321)
    cache.delete(caching.SNAPSHOTS)
    assert "4,321" in section(home(client, people.state))


def test_a_renamed_thematic_area_shows_at_once_in_the_kept_section(
    client, people, snapshots, django_capture_on_commit_callbacks
):
    before = section(home(client, people.state))
    assert f'<th scope="row">{escape(snapshots.name)}</th>' in before
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.name = "Renamed for the dashboard test"
        snapshots.save()
    after = section(home(client, people.state))
    assert '<th scope="row">Renamed for the dashboard test</th>' in after
    assert "a stale theme" not in after


def test_the_readers_own_parts_are_read_for_each_reader(client, people, snapshots):
    """The figures are shared; a State's queue is not: the entity reading the page after it sees its own."""
    state = home(client, people.state).content.decode()
    assert 'id="open_recommendations"' in state
    entity = home(client, people.entity)
    assert 'id="open_recommendations"' not in entity.content.decode()
    assert section(entity) in state


def test_the_home_page_queries_do_not_grow_with_the_snapshots(
    client, people, snapshots, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.force_login(people.state)
    client.get(HOME)  # the shared values kept
    with django_assert_max_num_queries(50) as few:
        client.get(HOME)
    queries = len(few.captured_queries)  # read now: the next request empties the connection's log
    with django_capture_on_commit_callbacks(execute=True):
        for year in range(2000, 2024):
            MetricSnapshot.objects.create(
                as_of=datetime(year, 6, 30, tzinfo=UTC), source="published", focal_points=year, documents=year
            )
    client.get(HOME)  # drawn again, from 26 snapshots
    with django_assert_max_num_queries(queries):
        response = client.get(HOME)
    assert len(response.context["numbers"][0]["series"]) == 26


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (DATABASE_URL)")
def test_the_news_of_the_groups_reads_the_recent_posts_from_their_index(people):
    """The discussions with new posts are found from the posts of the last two weeks (the index on their
    date), not from every thread: the part costs the same however long the groups' history. Asked for the
    Secretariat, who follows every group (no group narrows the posts), with sequential scans priced out as
    tests/test_query_plans.py does."""
    for group in (reference_group("BMLE"), reference_group("PCVE")):
        thread = PostFactory(working_group=group)
        PostFactory(working_group=group, parent=thread, title="")
    with CaptureQueriesContext(connection) as asked:
        part = group_posts(reader_for(people.secretariat, timezone.now(), None))
    assert part.count == 2
    (query,) = [q for q in asked.captured_queries if 'FROM "workinggroups_post"' in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE workinggroups_post")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        shown = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on post_created" in shown, shown

"""Every list page's sidebar form is written in Python (platform_app.core.formhtml) exactly as Django's form
templates write it, its selects' options read in one query each: each page with a filter form, in three
languages, unfiltered and with values chosen, some of them refused (their errors shown), compared with the
same page drawn by Django's own renderer from the options Django's iterator reads."""

from __future__ import annotations

import os
import re

import pytest
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.core import filters
from platform_app.core.formhtml import FormInPython
from tests.factories import CountryAssessmentFactory, RecommendationFactory

# Every page that reads its query string through a filter set's sidebar (core.filters.read_page), with a
# query choosing values (some valid, some not, one with markup to escape).
PAGES = [
    ("directory:index", {}, {"q": '<b>"officer"</b>', "kind": "entity", "expertise": "nope", "language": "fr"}),
    ("directory:organizations", {}, {"q": "un & co", "kind": "planet"}),
    ("library:index", {}, {"q": "border", "document_type": "report", "year": "20x4", "language": "en"}),
    ("support:index", {}, {"q": "training", "status": "submitted", "thematic_area": "999999"}),
    ("projects:index", {}, {"q": "<i>", "status": "nope"}),
    ("calendar:month", {}, {"q": "meeting", "kind": "x"}),
    ("calendar:list", {}, {"q": "meeting", "starts_after": "2024-13-01"}),
    ("countries:index", {}, {"q": "ke", "region": "nowhere"}),
    ("cted:country", {"iso3": "KEN"}, {"status": "in_progress", "priority": "nope", "q": "border"}),
    ("cted:gaps", {}, {"q": "border", "status": "?"}),
]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, url: str, query: dict, language: str) -> str:
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return CSRF.sub("", response.content.decode())


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES, ids=[page[0] for page in PAGES])
def test_every_list_pages_filter_form_is_written_as_django_writes_it(
    name, kwargs, query, language, people, reference, client, monkeypatch
):
    # Kenya assessed, so that its CTED page (and the gaps) list recommendations.
    RecommendationFactory.create_batch(2, assessment=CountryAssessmentFactory(shared=True))
    client.force_login(people.secretariat)
    url = reverse(name, kwargs=kwargs)
    for asked in ({}, query):
        written = _page(client, url, asked, language)
        assert 'role="search"' in written and "<select" in written, url
        with monkeypatch.context() as patched:
            # Django's renderer, and its own iterator reading each select's options.
            patched.setattr(filters, "FormInPython", lambda renderer: get_default_renderer())
            patched.setattr(filters, "options_read_at_once", lambda form: form)
            drawn = _page(client, url, asked, language)
        assert written == drawn, (url, asked)


def test_a_list_pages_filter_form_is_drawn_by_the_python_renderer(people, reference, rf):
    from platform_app.support.filters import SupportRequestFilterSet

    request = rf.get("/support/")
    request.user = people.secretariat
    filterset = SupportRequestFilterSet(request.GET, None, request=request, page=True)
    assert isinstance(filterset.form.renderer, FormInPython)
    # The API's filter sets are not drawn: their forms keep Django's renderer.
    assert not isinstance(SupportRequestFilterSet({}, None, request=request).form.renderer, FormInPython)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="server-side cursors are PostgreSQL's"
)
@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES, ids=[page[0] for page in PAGES])
def test_no_list_page_opens_a_server_side_cursor_for_its_options(name, kwargs, query, people, reference, client):
    """Django reads a select's objects through `QuerySet.iterator()`: on PostgreSQL a cursor declared, fetched
    and closed, three round trips for each select of a sidebar."""
    RecommendationFactory.create_batch(2, assessment=CountryAssessmentFactory(shared=True))
    client.force_login(people.secretariat)
    url = reverse(name, kwargs=kwargs)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert [query["sql"] for query in queries if "DECLARE" in query["sql"]] == [], url


# The pages whose sidebar offers organizations (Member States, entities) and shows nothing else of them.
OFFERING_ORGANIZATIONS = ["calendar:month", "calendar:list", "projects:index", "cted:gaps"]


@pytest.mark.parametrize("name", OFFERING_ORGANIZATIONS)
def test_a_sidebar_reads_only_what_names_the_organizations_it_offers(name, people, reference, client):
    """`Organization.objects.named()`: the codes, acronyms and names, not the aliases' JSON, the description
    or the sources of two hundred organizations."""
    RecommendationFactory.create_batch(2, assessment=CountryAssessmentFactory(shared=True))
    client.force_login(people.secretariat)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(name))
    assert page.status_code == 200 and "<option" in page.content.decode()
    read = [query["sql"] for query in queries if 'FROM "platform_app_organization"' in query["sql"]]
    assert read, name
    assert not [sql for sql in read if '"platform_app_organization"."aliases"' in sql], name

"""The site search, `/search/?q=`: each kind of record through its `visible_to`, grouped by kind with counts,
each hit marked with its kind and linking to its page; and the box in every page's header.

The scenario (tests/scenario.py) writes who may see each record by hand; its texts share the word
`sc.MARKER`, which therefore finds records of most kinds at once. Posts, which the scenario lacks, are
added for this module below with the roles that read their groups' spaces.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.core.models import AuditEvent
from platform_app.core.search import SEARCH_MAX_LENGTH
from platform_app.library.models import Document
from platform_app.search import views
from platform_app.search.registry import kinds
from platform_app.structure.models import ThematicArea
from tests import scenario as sc
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    PostFactory,
    ProjectFactory,
    reference_group,
    reference_org,
)
from workinggroups.links import post_url


def _add_posts(people, world):
    bmle, pcve = reference_group("BMLE"), reference_group("PCVE")
    thread = PostFactory(
        working_group=bmle, author=people.entity, title=f"Screening at borders {sc.MARKER}", body="Notes of the day."
    )
    # Kenya is invited to read BMLE's space; Norway and the African Union read neither group's space.
    world.add("posts", "bmle", thread, {"secretariat", "cted", "entity", "state"})
    pcve_thread = PostFactory(
        working_group=pcve, author=people.entity, title="Prevention in schools", body=f"A first draft {sc.MARKER}."
    )
    world.add("posts", "pcve", pcve_thread, {"secretariat", "cted", "entity"})
    reply = PostFactory(
        working_group=pcve, author=people.cted, parent=pcve_thread, title="", body=f"Agreed {sc.MARKER}"
    )
    world.add("posts", "pcve_reply", reply, {"secretariat", "cted", "entity"})


pytestmark = [pytest.mark.django_db, pytest.mark.shared_world(add=_add_posts)]

SEARCH = reverse("search:index")
ROLES = sorted(sc.PLATFORM)
KINDS = {"person", "organization", "document", "event", "meeting", "post", "project", "recommendation", "country"}

HIT = re.compile(r'<li class="search-hit" data-kind="(?P<kind>[^"]*)">\s*<h3><a href="(?P<url>[^"]*)"')


def _url(kind: str, obj) -> str:
    """The page a hit of `kind` links to, written out for each kind."""
    if kind == "person":
        return reverse("directory:person", args=[obj.pk])
    if kind == "document":
        return reverse("library:document", args=[obj.pk])
    if kind == "event":
        return reverse("calendar:event", args=[obj.pk])
    if kind == "meeting":
        return reverse("workinggroups:meeting", args=[obj.working_group.short_name, obj.pk])
    if kind == "post":
        return post_url(obj.working_group.short_name, obj.pk)
    if kind == "project":
        return reverse("projects:project", args=[obj.pk])
    if kind == "recommendation":
        return reverse("cted:recommendation", args=[obj.pk])
    if kind == "country":
        return f"/countries/{obj.page.member_state.iso_alpha3}/#entry-{obj.pk}"
    raise ValueError(kind)


# The scenario's records of each kind of hit.
RESOURCES = {
    "person": "focal-points",
    "document": "documents",
    "event": "events",
    "meeting": "meetings",
    "post": "posts",
    "project": "projects",
    "recommendation": "recommendations",
    "country": "country-entries",
}


def _hits(response) -> dict[str, Counter]:
    """The links of the hits on the page, by the kind each hit is marked with."""
    found: dict[str, Counter] = {}
    for match in HIT.finditer(response.content.decode()):
        found.setdefault(match["kind"], Counter())[match["url"]] += 1
    return found


def _expected(world, kind: str, role: str) -> Counter:
    resource = RESOURCES[kind]
    return Counter(
        _url(kind, world.objects[resource][name]) for name, roles in world.visible[resource].items() if role in roles
    )


def _counts(response) -> dict[str, int]:
    return {group.kind.name: group.count for group in response.context["groups"]}


def _search(client, user, **params):
    client.force_login(user)
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


def test_the_kinds_of_records_searched():
    assert {kind.name for kind in kinds()} == KINDS


@pytest.mark.parametrize("role", ["secretariat", "state"])
def test_a_common_word_finds_five_kinds_or_more(role, people, client):
    response = _search(client, people.roles()[role], q=sc.MARKER)
    found = _hits(response)
    assert len(found) >= 5, sorted(found)
    assert set(found) == set(_counts(response))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_what_it_may_see_and_counts_nothing_else(role, people, world, client):
    response = _search(client, people.roles()[role], q=sc.MARKER)
    found = _hits(response)
    counts = _counts(response)
    for kind in RESOURCES:
        expected = _expected(world, kind, role)
        assert found.get(kind, Counter()) == expected, kind
        assert counts.get(kind, 0) == sum(expected.values()), kind
    # Nothing else of the scenario is linked from the page, under any kind.
    content = response.content.decode()
    for kind, resource in RESOURCES.items():
        for name, roles in world.visible[resource].items():
            if role not in roles:
                assert f'href="{_url(kind, world.objects[resource][name])}"' not in content, (kind, name)


def test_a_state_never_finds_another_states_recommendation_nor_a_restricted_document(people, world, client):
    kenya_only = world.objects["documents"]["for_kenya"]
    norway_recommendation = world.objects["recommendations"]["norway_shared"]
    content = _search(client, people.state, q=sc.MARKER).content.decode()
    assert _url("document", kenya_only) in content
    assert _url("recommendation", norway_recommendation) not in content
    content = _search(client, people.other_state, q=sc.MARKER).content.decode()
    assert _url("document", kenya_only) not in content and kenya_only.title not in content
    assert _url("recommendation", norway_recommendation) in content


@pytest.mark.parametrize("role", ROLES)
def test_contact_details_are_never_shown_in_the_results(role, people, world, client):
    hidden = world.objects["focal-points"]["hidden_contact"]
    content = _search(client, people.roles()[role], q=sc.MARKER).content.decode()
    assert _url("person", hidden) in content
    assert hidden.email not in content and hidden.user.email not in content
    assert hidden.phone not in content


def test_every_result_is_marked_with_its_kind(people, client):
    content = _search(client, people.secretariat, q=sc.MARKER).content.decode()
    results = re.findall(r'<li class="search-hit"[^>]*>', content)
    assert results
    assert all(re.search(r'data-kind="[a-z]+"', result) for result in results)
    assert {re.search(r'data-kind="([a-z]+)"', result)[1] for result in results} <= KINDS


@pytest.fixture
def quillworts(reference):
    """Seven documents every focal point may see and three restricted to Norway, all about quillworts."""
    norway = reference_org("NO")
    platform = [DocumentFactory(title=f"Quillwort survey {n}", version=None) for n in range(7)]
    restricted = [
        DocumentFactory(
            title=f"Quillwort brief {n}", visibility="restricted", allowed_organizations=[norway], version=None
        )
        for n in range(3)
    ]
    return platform, restricted


def test_a_group_counts_what_the_reader_may_see_and_links_to_all_of_them(people, client, quillworts):
    platform, restricted = quillworts
    visible = Document.objects.visible_to(people.state).filter(title__icontains="quillwort")
    response = _search(client, people.state, q="quillwort")
    (group,) = response.context["groups"]
    assert group.kind.name == "document"
    assert group.count == len(platform) == visible.count()
    assert len(group.hits) == views.PER_KIND
    content = response.content.decode()
    assert "All 7 results" in content
    assert 'href="?q=quillwort&amp;kind=document"' in content
    assert f'href="{reverse("library:index")}?q=quillwort"' in content
    assert _counts(_search(client, people.other_state, q="quillwort")) == {"document": len(platform + restricted)}

    response = _search(client, people.state, q="quillwort", kind="document")
    assert Counter(_hits(response)["document"]) == Counter(_url("document", d) for d in platform)
    assert response.context["page"].paginator.count == len(platform)
    assert "Results of every kind" in response.content.decode()


def test_one_kind_is_read_page_by_page(people, client, quillworts, monkeypatch):
    platform, _ = quillworts
    monkeypatch.setattr(views, "PER_PAGE", 3)
    seen = Counter()
    for number in (1, 2, 3):
        response = _search(client, people.state, q="quillwort", kind="document", page=number)
        seen.update(_hits(response)["document"])
    assert seen == Counter(_url("document", d) for d in platform)
    assert 'rel="next"' in _search(client, people.state, q="quillwort", kind="document", page=1).content.decode()


def test_past_the_count_limit_a_group_says_more_than(people, client, quillworts, settings):
    settings.SEARCH_COUNT_LIMIT = 6
    response = _search(client, people.state, q="quillwort")
    (group,) = response.context["groups"]
    assert (group.count, group.capped) == (6, True)
    assert "more than 6" in response.content.decode()


def test_the_overview_counts_each_kind_up_to_its_own_limit_and_the_kind_page_further(
    people, client, quillworts, monkeypatch
):
    """The overview reads a short stretch of each kind (OVERVIEW_COUNT_LIMIT); the kind's pages count as the
    lists count a search."""
    platform, _ = quillworts
    assert len(platform) > 6
    monkeypatch.setattr(views, "OVERVIEW_COUNT_LIMIT", 6)
    response = _search(client, people.state, q="quillwort")
    (group,) = response.context["groups"]
    assert (group.count, group.capped) == (6, True)
    assert "more than 6" in response.content.decode()
    kind_page = _search(client, people.state, q="quillwort", kind="document")
    assert kind_page.context["page"].paginator.count == len(platform)


@pytest.mark.parametrize("kind", ["document", "project", "person"])
def test_the_site_search_finds_what_the_kinds_own_list_finds(kind, people, world, client):
    own_list = {"document": "library:index", "project": "projects:index", "person": "directory:index"}[kind]
    client.force_login(people.secretariat)
    listed = client.get(reverse(own_list), {"q": sc.MARKER}).context["page"]
    searched = _hits(_search(client, people.secretariat, q=sc.MARKER, kind=kind))[kind]
    assert searched == Counter(_url(kind, row) for row in listed.object_list)
    assert sum(searched.values()) == listed.paginator.count


def test_organizations_link_to_their_pages(people, client):
    unodc = reference_org("UNODC")
    # A Member State's page is its profile; another organization's, its page in the directory.
    found = _hits(_search(client, people.regional, q="Kenya"))["organization"]
    assert reverse("countries:profile", args=["KEN"]) in found
    found = _hits(_search(client, people.regional, q="UNODC"))["organization"]
    assert reverse("directory:organization", args=[unodc.pk]) in found


def test_a_person_shows_what_the_directory_search_reads_marked(people, client, reference):
    theme = ThematicArea.objects.create(name="Quillwort surveys", slug="quillwort-surveys")
    person = FocalPointFactory(organization=reference_org("UNODC"), job_title="Quillwort adviser", expertise=[theme])
    response = _search(client, people.state, q="quillwort")
    assert _hits(response)["person"] == Counter([_url("person", person)])
    content = response.content.decode()
    assert "<mark>Quillwort</mark> adviser" in content
    assert "Expertise: <bdi><mark>Quillwort</mark> surveys</bdi>" in content


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, params).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_matches(people, client):
    def add(count, start):
        for n in range(start, start + count):
            DocumentFactory(title=f"Bramblecot study {n}", version=None)
            EventFactory(title=f"Bramblecot visit {n}")
            ProjectFactory(title=f"Bramblecot programme {n}")

    client.force_login(people.state)
    add(6, 0)
    _queries(client, q="bramblecot")  # the first request of a session does more than search
    few = _queries(client, q="bramblecot")
    add(30, 6)
    many = _queries(client, q="bramblecot")
    assert few == many
    # At most the matches reached (for a ranked kind, core.search.search), a page of hits and a count per kind,
    # beyond the session and the reader.
    assert many <= 3 * len(kinds()) + 6
    # The matches reached, a page of hits, their count and their passages (library.selectors.snippets), beyond
    # the session.
    assert _queries(client, q="bramblecot", kind="document") <= 10


def test_the_words_found_are_marked_and_everything_is_escaped(people, client, reference):
    DocumentFactory(title="<img src=x onerror=alert(1)> Quillwort notes", description="On <b>quillworts</b>.")
    content = _search(client, people.state, q="quillwort").content.decode()
    assert "<img src=x" not in content and "<b>quillworts" not in content
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Quillwort</mark> notes" in content
    if connection.vendor == "postgresql":
        # The document's passage is PostgreSQL's, which marks the word found by its stem, whole.
        assert "<mark>quillworts</mark>" in content
    else:
        assert "On &lt;b&gt;<mark>quillwort</mark>s&lt;/b&gt;." in content
    content = _search(client, people.state, q='<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


@pytest.mark.parametrize("text", ["", "   ", "a", "a b", "!!"])
def test_an_empty_or_one_letter_search_explains_itself_and_searches_nothing(text, people, client):
    client.force_login(people.state)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    assert response.context["groups"] == []
    content = response.content.decode()
    message = "Type a word or two" if not text.strip() else "Type a word of at least two letters."
    assert message in content
    assert not any("platform_app_document" in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("text", ["quill\x00wort", "w" * (SEARCH_MAX_LENGTH + 1)])
def test_a_search_the_engine_refuses_is_reported_on_the_form(text, people, client):
    response = _search(client, people.state, q=text)
    assert response.context["form"].errors["q"]
    assert response.context["groups"] == []
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("kind", ["nothing", "k" * 100, "document\x00"])
def test_an_unknown_kind_gives_every_kind(kind, people, client):
    response = _search(client, people.state, q=sc.MARKER, kind=kind)
    assert len(response.context["groups"]) >= 5


def test_confidential_records_found_are_in_the_audit_log(people, client):
    _search(client, people.state, q=sc.MARKER)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECOMMENDATION_READ, user=people.state)
    assert (event.object_type, event.object_repr) == ("platform_app.recommendation", "1 shown in a list")


@pytest.mark.parametrize("url", [SEARCH, reverse("library:index"), reverse("directory:organizations")])
def test_every_page_header_has_the_search_box(url, people, client):
    client.force_login(people.state)
    content = client.get(url).content.decode()
    form = re.search(r'<form class="header-search"[^>]*>.*?</form>', content, re.S)
    assert form is not None
    assert f'action="{SEARCH}"' in form[0] and 'role="search"' in form[0]
    assert '<label class="visually-hidden" for="header-search-q">' in form[0] and 'name="q"' in form[0]
    client.logout()
    assert "header-search" not in client.get(reverse("login")).content.decode()

"""The CTED pages: countries with assessments, a country, an assessment (and the State's consent to share
it), a recommendation (and the State's progress), and the recommendations no project responds to.

The scenario (tests/scenario.py) has Kenya's assessment, not shared with entities, and Norway's, shared.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.cted.models import CountryAssessment, Recommendation
from platform_app.directory.models import Organization
from platform_app.structure.models import ThematicArea
from tests import scenario as sc
from tests.factories import CountryAssessmentFactory, ProjectFactory, RecommendationFactory, reference_org

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]

INDEX = reverse("cted:index")
GAPS = reverse("cted:gaps")
ROLES = sorted(sc.PLATFORM)
CODES = {"kenya": "KEN", "norway_shared": "NOR"}
RECOMMENDATION_LINK = re.compile(r'href="/cted/recommendations/(\d+)/"')
ASSESSMENT_LINK = re.compile(r'href="/cted/assessments/(\d+)/"')


def _url(name: str, obj) -> str:
    return reverse(f"cted:{name}", kwargs={"pk": obj.pk})


def _country(code: str) -> str:
    return reverse("cted:country", kwargs={"iso3": code})


def _links(pattern: re.Pattern, response) -> set[int]:
    return {int(pk) for pk in pattern.findall(response.content.decode())}


def _sign_in_for_counting(client, user) -> None:
    """Signs in and opens a page once, so the first visit of the day (recorded once) is not counted."""
    client.force_login(user)
    client.get(INDEX)


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


# --- who sees what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_index_lists_the_countries_whose_assessments_the_reader_may_see(role, people, world, client):
    client.force_login(people.roles()[role])
    response = client.get(INDEX)
    assert response.status_code == 200
    expected = {CODES[name] for name, roles in world.visible["assessments"].items() if role in roles}
    listed = {row["member_state__iso_alpha3"] for row in response.context["page"].object_list}
    assert listed == expected
    html = response.content.decode()
    for name, code in CODES.items():
        assert (_country(code) in html) == (code in expected), name
    assert response.context["assessment_total"] == len(world.expected_ids("assessments", role))
    assert response.context["recommendation_total"] == len(world.expected_ids("recommendations", role))
    for row in response.context["page"].object_list:
        assert row["assessments"] == 1
        assert row["recommendations"] == 1
        assert {s["value"]: s["count"] for s in row["by_status"]}["open"] == 1


def test_the_regional_organization_gets_a_neutral_page(people, world, client):
    client.force_login(people.regional)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no country assessment for you to see." in html
    assert "Kenya" not in html and "Norway" not in html
    assert GAPS not in html


@pytest.mark.parametrize("role", ROLES)
def test_a_country_page_is_there_only_for_readers_of_its_assessments(role, people, world, client):
    client.force_login(people.roles()[role])
    for name, code in CODES.items():
        response = client.get(_country(code.lower()))  # the code is case-insensitive
        if role not in world.visible["assessments"][name]:
            assert response.status_code == 404, (role, name)
            continue
        assert response.status_code == 200, (role, name)
        assert {a.pk for a in response.context["assessments"]} == {world.objects["assessments"][name].pk}
        shown = {r.pk for r in response.context["page"].object_list}
        assert shown == {world.objects["recommendations"][name].pk}


def test_a_hidden_country_is_the_same_404_as_an_unknown_code(people, world, client):
    client.force_login(people.state)  # Kenya
    hidden = client.get(_country("NOR"))
    assert hidden.status_code == 404
    for code in ("ZZZ", "NO", "N0R", "NORW"):
        unknown = client.get(_country(code))
        assert unknown.status_code == 404
        # The 404 page repeats nothing of the address, so the answers are the same to the byte.
        assert unknown.content == hidden.content, code
    assert client.get("/cted/countries/N%00R/").status_code == 404
    # Never assessed at all (Japan): the same.
    assert client.get(_country("JPN")).content == hidden.content.replace(b"NOR", b"JPN")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource, page", [("assessments", "assessment"), ("recommendations", "recommendation")])
def test_assessment_and_recommendation_pages_are_404_for_those_who_may_not_see_them(
    role, resource, page, people, world, client
):
    client.force_login(people.roles()[role])
    for name, obj in world.objects[resource].items():
        response = client.get(_url(page, obj))
        expected = 200 if role in world.visible[resource][name] else 404
        assert response.status_code == expected, (role, name)
    assert client.get(reverse(f"cted:{page}", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_an_assessment_page_lists_its_recommendations(role, people, world, client):
    client.force_login(people.roles()[role])
    for name, assessment in world.objects["assessments"].items():
        if role not in world.visible["assessments"][name]:
            continue
        response = client.get(_url("assessment", assessment))
        recommendation = world.objects["recommendations"][name]
        assert _links(RECOMMENDATION_LINK, response) == {recommendation.pk}
        # The responding project (UNODC's) is shown to everyone who reads the recommendation.
        project = world.objects["projects"]["unodc"]
        assert reverse("projects:project", kwargs={"pk": project.pk}) in response.content.decode()


def test_a_recommendation_page_shows_its_responding_projects(people, world, client):
    client.force_login(people.entity)
    recommendation = world.objects["recommendations"]["norway_shared"]
    Recommendation.objects.filter(pk=recommendation.pk).update(progress_note="Law adopted in 2025.")
    response = client.get(_url("recommendation", recommendation))
    assert [p.pk for p in response.context["projects"]] == [world.objects["projects"]["unodc"].pk]
    html = response.content.decode()
    assert "Law adopted in 2025." in html
    assert recommendation.text in html
    # The entity reads it but records no progress: that is the State's (and CTED's).
    assert response.context["form"] is None
    assert _url("recommendation_progress", recommendation) not in html


def test_the_country_page_filters_recommendations(people, world, client):
    kenya = world.objects["assessments"]["kenya"]
    first, second = ThematicArea.objects.order_by("slug")[:2]
    r2 = RecommendationFactory(assessment=kenya, number=2, thematic_area=second, priority="high", status="implemented")
    r3 = RecommendationFactory(assessment=kenya, number=3, thematic_area=first, priority="low", status="in_progress")
    r1 = world.objects["recommendations"]["kenya"]
    client.force_login(people.state)
    cases = [
        ({}, {r1, r2, r3}),
        ({"status": "implemented"}, {r2}),
        ({"priority": "low"}, {r3}),
        ({"thematic_area": second.slug}, {r2} | ({r1} if r1.thematic_area_id == second.pk else set())),
        ({"status": "open", "priority": "medium"}, {r1}),
    ]
    for params, expected in cases:
        response = client.get(_country("KEN"), params)
        assert response.status_code == 200
        assert {r.pk for r in response.context["page"].object_list} == {r.pk for r in expected}, params
    counts = {s["value"]: s["count"] for s in client.get(_country("KEN")).context["by_status"]}
    assert counts == {"open": 1, "in_progress": 1, "implemented": 1, "no_longer_relevant": 0}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "closed"}, "status"),
        ({"status": "open\x00"}, "status"),
        ({"priority": "urgent"}, "priority"),
        ({"thematic_area": "no-such-area"}, "thematic_area"),
        ({"thematic_area": "a\x00b"}, "thematic_area"),
        ({"thematic_area": "x" * 5000}, "thematic_area"),
    ],
)
def test_bad_filters_on_a_country_page_are_reported_and_left_out(params, field, people, world, client):
    client.force_login(people.state)
    response = client.get(_country("KEN"), params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert {r.pk for r in response.context["page"].object_list} == {world.objects["recommendations"]["kenya"].pk}


def test_the_country_page_searches_its_recommendations_as_the_api_does(people, world, client):
    """The page reads the API's filter set: its `q` is the API's `search`, with the same matches."""
    kenya = world.objects["assessments"]["kenya"]
    wanted = RecommendationFactory(assessment=kenya, number=2, text="Screen travellers against the quokka watchlist.")
    RecommendationFactory(assessment=kenya, number=3, text="Train prosecutors in financial investigations.")
    client.force_login(people.state)
    response = client.get(_country("KEN"), {"q": "quokka", "status": "open"})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert [r.pk for r in response.context["page"].object_list] == [wanted.pk]
    assert response.context["filtered"]
    api = client.get("/api/v1/recommendations/", {"country": "KEN", "search": "quokka", "status": "open"}).json()
    assert [row["id"] for row in api["results"]] == [wanted.pk]


@pytest.mark.postgres
def test_a_country_page_search_lists_the_best_match_first_as_the_api_does(people, world, client):
    kenya = world.objects["assessments"]["kenya"]
    weak = RecommendationFactory(assessment=kenya, number=2, text="Train the staff of one border post.")
    strong = RecommendationFactory(
        assessment=kenya, number=3, text="Border management: border security at every border crossing."
    )
    client.force_login(people.state)
    page = client.get(_country("KEN"), {"q": "border"})
    assert [r.pk for r in page.context["page"].object_list] == [strong.pk, weak.pk]
    api = client.get("/api/v1/recommendations/", {"country": "KEN", "search": "border"}).json()
    assert [row["id"] for row in api["results"]] == [strong.pk, weak.pk]
    # Without a search, the page's order: each assessment's recommendations by number.
    assert [r.pk for r in client.get(_country("KEN")).context["page"].object_list][-2:] == [weak.pk, strong.pk]


# --- the State's consent to share ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["state", "cted", "secretariat"])
def test_the_state_and_cted_decide_whether_kenyas_assessment_is_shared(role, people, world, client):
    assessment = world.objects["assessments"]["kenya"]
    user = people.roles()[role]
    client.force_login(user)
    page = client.get(_url("assessment", assessment))
    assert page.context["form"] is not None
    assert _url("assessment_sharing", assessment) in page.content.decode()
    response = client.post(_url("assessment_sharing", assessment), {"shared": "true"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.shared_with_entities
    assert assessment.sharing_decided_by == user
    assert assessment.sharing_decided_at is not None
    # Compact entities now read it; Norway still does not.
    client.force_login(people.entity)
    assert client.get(_url("assessment", assessment)).status_code == 200
    assert client.get(_country("KEN")).status_code == 200
    client.force_login(people.other_state)
    assert client.get(_url("assessment", assessment)).status_code == 404
    # The decision says who took it.
    client.force_login(user)
    html = client.get(_url("assessment", assessment)).content.decode()
    assert "Decided by" in html and (user.get_full_name() or user.username) in html


def test_norway_withdraws_its_consent(people, world, client):
    assessment = world.objects["assessments"]["norway_shared"]
    client.force_login(people.other_state)
    assert client.post(_url("assessment_sharing", assessment), {"shared": "false"}).status_code == 302
    assessment.refresh_from_db()
    assert not assessment.shared_with_entities
    client.force_login(people.entity)
    assert client.get(_url("assessment", assessment)).status_code == 404
    assert client.get(_country("NOR")).status_code == 404


@pytest.mark.parametrize(
    "role, name, status",
    [
        ("other_state", "kenya", 404),  # another State's assessment does not exist for Norway
        ("entity", "kenya", 404),  # not shared: does not exist for entities
        ("regional", "kenya", 404),
        ("regional", "norway_shared", 404),
        ("state", "norway_shared", 404),
        ("entity", "norway_shared", 403),  # the entity reads it, but the decision is Norway's
    ],
)
def test_others_may_not_change_the_sharing(role, name, status, people, world, client):
    assessment = world.objects["assessments"][name]
    before = CountryAssessment.objects.get(pk=assessment.pk).shared_with_entities
    client.force_login(people.roles()[role])
    response = client.post(_url("assessment_sharing", assessment), {"shared": "false" if before else "true"})
    assert response.status_code == status
    assert CountryAssessment.objects.get(pk=assessment.pk).shared_with_entities == before


@pytest.mark.parametrize("data", [{}, {"shared": "maybe"}, {"shared": "true\x00"}, {"shared": "x" * 10000}])
def test_bad_sharing_input_shows_an_error_and_changes_nothing(data, people, world, client):
    assessment = world.objects["assessments"]["kenya"]
    client.force_login(people.state)
    response = client.post(_url("assessment_sharing", assessment), data)
    assert response.status_code == 200
    assert "shared" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode() or 'class="error"' in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.shared_with_entities
    assert assessment.sharing_decided_by is None


# --- progress on a recommendation -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["state", "cted", "secretariat"])
def test_the_state_and_cted_record_progress(role, people, world, client):
    recommendation = world.objects["recommendations"]["kenya"]
    client.force_login(people.roles()[role])
    page = client.get(_url("recommendation", recommendation))
    assert page.context["form"] is not None
    response = client.post(
        _url("recommendation_progress", recommendation),
        {"status": "in_progress", "progress_note": "A draft law is before parliament."},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert recommendation.progress_note == "A draft law is before parliament."
    assert "A draft law is before parliament." in client.get(_url("recommendation", recommendation)).content.decode()


@pytest.mark.parametrize(
    "role, name, status",
    [
        ("other_state", "kenya", 404),
        ("entity", "kenya", 404),
        ("regional", "kenya", 404),
        ("state", "norway_shared", 404),
        ("entity", "norway_shared", 403),
    ],
)
def test_others_may_not_record_progress(role, name, status, people, world, client):
    recommendation = world.objects["recommendations"][name]
    client.force_login(people.roles()[role])
    response = client.post(
        _url("recommendation_progress", recommendation), {"status": "implemented", "progress_note": "Done."}
    )
    assert response.status_code == status
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note) == ("open", "")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "finished", "progress_note": "Done."}, "status"),
        ({"progress_note": "Done."}, "status"),
        ({"status": "implemented", "progress_note": "Done\x00."}, "progress_note"),
        ({"status": "implemented", "progress_note": "x" * 20_001}, "progress_note"),
    ],
)
def test_bad_progress_shows_errors_keeps_the_input_and_writes_nothing(data, field, people, world, client):
    recommendation = world.objects["recommendations"]["kenya"]
    client.force_login(people.state)
    response = client.post(_url("recommendation_progress", recommendation), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error"' in html
    if field == "status":
        assert "Done." in html  # what was typed is kept
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress_note) == ("open", "")


# --- gaps ----------------------------------------------------------------------------------------------------


@pytest.fixture
def gaps(world):
    """Recommendations without a responding project: in Kenya's (not shared), Norway's (shared) and Japan's
    (shared) assessments, with various areas, priorities and statuses."""
    first, second = ThematicArea.objects.order_by("slug")[:2]
    kenya, norway = world.objects["assessments"]["kenya"], world.objects["assessments"]["norway_shared"]
    japan = CountryAssessmentFactory(member_state=reference_org("JP"), shared=True)
    made = {
        "kenya_open": RecommendationFactory(assessment=kenya, number=2, thematic_area=first),
        "norway_open": RecommendationFactory(assessment=norway, number=2, thematic_area=first, priority="high"),
        "norway_progress": RecommendationFactory(
            assessment=norway, number=3, thematic_area=second, status="in_progress"
        ),
        "norway_done": RecommendationFactory(assessment=norway, number=4, thematic_area=first, status="implemented"),
        "japan_open": RecommendationFactory(assessment=japan, number=1, thematic_area=second, priority="low"),
    }
    # Answered by a project: never a gap.
    RecommendationFactory(assessment=norway, number=5, responding_projects=[ProjectFactory()])
    return made, first, second


def _gap_ids(response) -> set[int]:
    return {r.pk for r in response.context["page"].object_list}


@pytest.mark.parametrize(
    "role, names",
    [
        ("entity", {"norway_open", "norway_progress", "japan_open"}),
        ("cted", {"kenya_open", "norway_open", "norway_progress", "japan_open"}),
        ("secretariat", {"kenya_open", "norway_open", "norway_progress", "japan_open"}),
    ],
)
def test_gaps_lists_the_open_recommendations_without_a_project(role, names, people, gaps, client):
    made, _first, _second = gaps
    client.force_login(people.roles()[role])
    response = client.get(GAPS)
    assert response.status_code == 200
    assert _gap_ids(response) == {made[name].pk for name in names}
    by_region = {row["label"]: row["count"] for row in response.context["by_region"]}
    assert sum(by_region.values()) == len(names)
    assert by_region["Asia"] == 1
    assert sum(row["n"] for row in response.context["by_area"]) == len(names)


@pytest.mark.parametrize("role", ["state", "other_state", "regional"])
def test_gaps_is_for_entities_cted_and_the_secretariat(role, people, world, client):
    client.force_login(people.roles()[role])
    assert client.get(GAPS).status_code == 403


def test_gaps_filters(people, gaps, client):
    made, _first, second = gaps
    client.force_login(people.entity)
    cases = [
        ({"country": "NOR"}, {"norway_open", "norway_progress"}),
        ({"country": "jpn"}, {"japan_open"}),
        ({"region": "asia"}, {"japan_open"}),
        ({"region": "europe", "priority": "high"}, {"norway_open"}),
        ({"thematic_area": second.slug}, {"norway_progress", "japan_open"}),
        ({"status": "implemented"}, {"norway_done"}),
        ({"status": ["open", "implemented"], "country": "NOR"}, {"norway_open", "norway_done"}),
        ({"priority": "low"}, {"japan_open"}),
        # No status chosen (an empty value included): open and in progress.
        ({"status": ""}, {"norway_open", "norway_progress", "japan_open"}),
    ]
    for params, names in cases:
        response = client.get(GAPS, params)
        assert not response.context["form"].errors, params
        assert _gap_ids(response) == {made[name].pk for name in names}, params
    # The counts follow the filters.
    response = client.get(GAPS, {"thematic_area": second.slug})
    assert {row["thematic_area__slug"]: row["n"] for row in response.context["by_area"]} == {second.slug: 2}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"country": "KEN"}, "country"),  # not shared with entities: unknown, like any other code
        ({"country": "ZZZ"}, "country"),
        ({"country": "K\x00N"}, "country"),
        ({"region": "atlantis"}, "region"),
        ({"thematic_area": "\x00"}, "thematic_area"),
        ({"priority": "urgent"}, "priority"),
        ({"status": "closed"}, "status"),
        ({"page": "99999999999999999999"}, None),
    ],
)
def test_bad_gap_filters_are_reported_and_left_out(params, field, people, gaps, client):
    client.force_login(people.entity)
    response = client.get(GAPS, params)
    if field is None:
        assert response.status_code in (200, 404)
        return
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Kenya" not in response.content.decode()


def test_the_states_and_areas_counted_are_named_in_the_readers_language(people, gaps, client):
    """The list of assessed States and the gaps' count by thematic area name each in the reader's language,
    as the rest of these pages do: read through an assessment or a recommendation (models that are not
    translated), the bare column keeps the English name, which every reader was shown."""
    _made, first, second = gaps
    client.force_login(people.secretariat)
    norway, japan = reference_org("NO"), reference_org("JP")
    index = client.get(INDEX, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"<bdi>{norway.name_fr}</bdi>" in index and f"<bdi>{japan.name_fr}</bdi>" in index
    assert f"<bdi>{norway.name_en}</bdi>" not in index
    page = client.get(GAPS, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for area in (first, second):
        assert f'<th scope="row"><bdi>{area.name_fr}</bdi></th>' in page
        assert f'<th scope="row"><bdi>{area.name_en}</bdi></th>' not in page


def test_gaps_htmx_gets_the_results_only(people, gaps, client):
    client.force_login(people.entity)
    response = client.get(GAPS, {"region": "asia"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="gaps"' in response.content.decode() and "<h1>" not in response.content.decode()


def test_gaps_searches_and_counts_what_it_finds(people, gaps, client):
    made, _first, second = gaps
    Recommendation.objects.filter(pk=made["japan_open"].pk).update(text="Screen travellers against the quokka list.")
    client.force_login(people.entity)
    response = client.get(GAPS, {"q": "quokka"})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert _gap_ids(response) == {made["japan_open"].pk}
    assert {row["label"]: row["count"] for row in response.context["by_region"]} == {"Asia": 1}
    assert {row["thematic_area__slug"]: row["n"] for row in response.context["by_area"]} == {second.slug: 1}
    # A status the page cannot use is left out: open and in progress, as when none is chosen.
    response = client.get(GAPS, {"q": "quokka", "status": "closed"})
    assert "status" in response.context["form"].errors
    assert _gap_ids(response) == {made["japan_open"].pk}


def test_the_sidebars_offer_any_once_and_the_gaps_statuses_as_ticked_boxes(people, world, client):
    client.force_login(people.cted)
    pages = [(_country("KEN"), ("status", "thematic_area", "priority")), (GAPS, ("country", "region", "priority"))]
    for url, names in pages:
        body = client.get(url).content.decode()
        assert 'name="q"' in body, url
        for name in names:
            select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
            assert select is not None and select.group(1).count(">Any<") == 1, (url, name)
    gaps = client.get(GAPS).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="status" value="(\w+)"[^>]*?( checked)?>', gaps)
    assert boxes == [("open", " checked"), ("in_progress", " checked"), ("implemented", ""), ("no_longer_relevant", "")]
    assert "None chosen: open and in progress." in gaps
    assert '<option value="KEN">Kenya</option>' in gaps


# --- query counts --------------------------------------------------------------------------------------------


def test_the_index_costs_the_same_queries_for_1_and_30_countries(people, reference, client):
    states = list(
        Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).exclude(iso_alpha2="KE").order_by("name")[:30]
    )
    _sign_in_for_counting(client, people.cted)

    def add(state):
        RecommendationFactory(assessment=CountryAssessmentFactory(member_state=state), number=1)

    add(states[0])
    one = _count_queries(client, INDEX)
    for state in states[1:]:
        add(state)
    assert _count_queries(client, INDEX) == one
    assert len(client.get(INDEX).context["page"].object_list) == 25


def test_the_country_assessment_and_gaps_pages_cost_the_same_queries_for_1_and_30_recommendations(
    people, reference, client
):
    assessment = CountryAssessmentFactory(member_state=reference_org("NO"), shared=True)
    themes = list(ThematicArea.objects.order_by("slug")[:3])
    projects = [ProjectFactory(), ProjectFactory()]
    _sign_in_for_counting(client, people.entity)

    def add(number):
        RecommendationFactory(assessment=assessment, number=number, thematic_area=themes[number % 3])
        RecommendationFactory(
            assessment=assessment, number=100 + number, thematic_area=themes[number % 3], responding_projects=projects
        )

    pages = [
        (_country("NOR"), {}),
        (_country("NOR"), {"status": "open", "priority": "medium", "thematic_area": themes[1].slug}),
        (_url("assessment", assessment), {}),
        (GAPS, {}),
        (GAPS, {"country": "NOR", "region": "europe"}),
    ]
    add(1)
    counts = [_count_queries(client, url, params) for url, params in pages]
    for number in range(2, 31):
        add(number)
    assert [_count_queries(client, url, params) for url, params in pages] == counts


def test_the_recommendation_page_costs_the_same_queries_for_1_and_30_projects(people, world, client):
    recommendation = world.objects["recommendations"]["kenya"]
    _sign_in_for_counting(client, people.state)
    url = _url("recommendation", recommendation)
    # Each count is of a page opened before: what the page caches (names, labels) is then read from the cache
    # both times, whatever earlier tests left in it or the new projects' writes dropped from it.
    client.get(url)
    one = _count_queries(client, url)
    recommendation.responding_projects.add(*[ProjectFactory() for _ in range(29)])
    client.get(url)
    assert _count_queries(client, url) == one


def test_the_pages_render_in_french_and_arabic(people, world, client):
    client.force_login(people.cted)
    urls = [
        INDEX,
        GAPS,
        _country("KEN"),
        _url("assessment", world.objects["assessments"]["kenya"]),
        _url("recommendation", world.objects["recommendations"]["kenya"]),
    ]
    for language in ("fr", "ar"):
        for url in urls:
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code == 200, (language, url)

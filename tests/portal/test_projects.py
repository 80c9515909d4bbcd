"""The Matrix of UN projects, its CSV export, a project's page (with the CTED recommendations it responds
to) and the Multi-Year Appeal."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_app.cted.models import Recommendation
from platform_app.directory.models import Organization
from platform_app.projects.models import Appeal, AppealProject, Project
from platform_app.structure.models import Pillar, ThematicArea
from tests import scenario as sc
from tests.factories import (
    AppealFactory,
    AppealProjectFactory,
    CountryAssessmentFactory,
    ProjectFactory,
    RecommendationFactory,
    reference_org,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("projects:index")
EXPORT = reverse("projects:export")
APPEAL = reverse("projects:appeal")
ROLES = sorted(sc.PLATFORM)


def _ids(response) -> set[int]:
    return {project.pk for project in response.context["page"].object_list}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _project_url(project, name="project") -> str:
    return reverse(f"projects:{name}", kwargs={"pk": project.pk})


def _sign_in_for_counting(client, user) -> None:
    """Signs in and opens a page once, so the first visit of the day (recorded once) is not counted."""
    client.force_login(user)
    client.get(INDEX)


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


# --- the Matrix ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_platform_user_sees_the_whole_matrix(role, people, world, client):
    client.force_login(people.roles()[role])
    response = client.get(INDEX)
    assert response.status_code == 200
    assert _ids(response) == world.expected_ids("projects", role) == world.all_ids("projects")
    assert reverse("projects:appeal") in response.content.decode()


@pytest.fixture
def matrix(reference):
    """Projects that differ in one attribute each, to check every filter."""
    first_theme, second_theme = ThematicArea.objects.order_by("slug")[:2]
    pillar_2, pillar_3 = Pillar.objects.get(number=2), Pillar.objects.get(number=3)
    unodc, unoct, undp = reference_org("UNODC"), reference_org("UNOCT"), reference_org("UNDP")
    kenya, norway = reference_org("KE"), reference_org("NO")
    projects = {
        "led_by_unodc": ProjectFactory(
            code="M-1",
            title="Border management in the Sahel",
            lead_entity=unodc,
            themes=[first_theme],
            beneficiary_states=[kenya],
            status=Project.Status.ONGOING,
        ),
        "unodc_partner": ProjectFactory(
            code="M-2",
            title="Prison reform",
            lead_entity=unoct,
            partners=[unodc, undp],
            themes=[second_theme],
            beneficiary_states=[norway, kenya],
            status=Project.Status.PLANNED,
        ),
        "undp": ProjectFactory(
            code="M-3", title="Victims support", lead_entity=undp, partners=[unoct], status=Project.Status.COMPLETED
        ),
    }
    projects["led_by_unodc"].pillars.set([pillar_2])
    projects["unodc_partner"].pillars.set([pillar_2, pillar_3])
    projects["undp"].pillars.set([pillar_3])
    return {
        "projects": projects,
        "unodc": unodc,
        "first_theme": first_theme,
        "second_theme": second_theme,
    }


def test_the_matrix_filters_and_its_export_select_the_same_projects(people, matrix, client):
    client.force_login(people.other_state)
    p = matrix["projects"]
    cases = [
        ({}, {"led_by_unodc", "unodc_partner", "undp"}),
        # Lead or partner, each project once though UNODC is lead of one and partner (with another) of one.
        ({"entity": matrix["unodc"].pk}, {"led_by_unodc", "unodc_partner"}),
        ({"pillar": 2}, {"led_by_unodc", "unodc_partner"}),
        ({"pillar": 3}, {"unodc_partner", "undp"}),
        ({"theme": matrix["second_theme"].slug}, {"unodc_partner"}),
        ({"country": "KEN"}, {"led_by_unodc", "unodc_partner"}),
        ({"country": "nor"}, {"unodc_partner"}),
        ({"status": "completed"}, {"undp"}),
        ({"q": "border"}, {"led_by_unodc"}),
        ({"q": "prison", "country": "KEN", "pillar": 3}, {"unodc_partner"}),
        ({"entity": matrix["unodc"].pk, "status": "completed"}, set()),
    ]
    for params, names in cases:
        response = client.get(INDEX, params)
        assert response.status_code == 200, params
        assert not response.context["form"].errors, params
        assert _ids(response) == {p[name].pk for name in names}, params
        rows = _csv(client.get(EXPORT, params))
        assert [row[0] for row in rows[1:]] == sorted(p[name].code for name in names), params


def test_the_export_has_every_column_of_the_matrix(people, matrix, client):
    client.force_login(people.entity)
    rows = _csv(client.get(EXPORT, {"q": "prison"}))
    header, row = rows
    assert header[:3] == ["Code", "Title", "Lead entity"]
    assert len(header) == 11
    assert row[0] == "M-2"
    assert row[2] == "UNOCT"
    assert set(row[3].split("; ")) == {"UNODC", "UNDP"}
    assert set(row[4].split("; ")) == {"Kenya", "Norway"}
    second, third = Pillar.objects.get(number=2), Pillar.objects.get(number=3)
    assert row[5] == f"Pillar II — {second.name}; Pillar III — {third.name}"
    assert row[7] == "Planned"
    assert row[10] == "1000000.00"


def test_the_export_cannot_run_a_formula(people, reference, client):
    ProjectFactory(code="F-1", title='=HYPERLINK("http://example.org")')
    client.force_login(people.entity)
    rows = _csv(client.get(EXPORT))
    assert rows[1][1].startswith("'=")


def _options(field) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices]


def test_the_matrix_sidebar_offers_the_visible_entities_pillars_and_countries(people, matrix, client):
    client.force_login(people.state)
    form = client.get(INDEX).context["form"]
    assert list(form.fields) == ["q", "entity", "pillar", "theme", "country", "status"]
    assert form.fields["q"].label == "Search the projects"
    assert form.fields["entity"].label == "Entity (lead or partner)"
    assert form.fields["country"].label == "Beneficiary country"
    entities = Organization.objects.visible_to(people.state).filter(kind=Organization.Kind.ENTITY)
    expected = [(str(entity.pk), entity.display_name) for entity in entities.order_by("acronym", "name")]
    assert _options(form.fields["entity"]) == [("", "Any"), *expected]
    assert _options(form.fields["pillar"])[0] == ("", "Any")
    assert ("2", f"Pillar II — {Pillar.objects.get(number=2).name}") in _options(form.fields["pillar"])
    states = Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).order_by("name")
    assert _options(form.fields["country"]) == [("", "Any"), *((state.iso_alpha3, str(state)) for state in states)]
    assert _options(form.fields["status"]) == [("", "Any"), *Project.Status.choices]
    # What is chosen stays selected.
    html = client.get(INDEX, {"country": "KEN", "entity": matrix["unodc"].pk}).content.decode()
    assert '<option value="KEN" selected>' in html
    assert f'<option value="{matrix["unodc"].pk}" selected>' in html


def test_the_matrix_takes_a_country_by_its_alpha_2_code_as_the_api_does(people, matrix, client):
    client.force_login(people.entity)
    p = matrix["projects"]
    for value in ("KE", "ke", "KEN"):
        response = client.get(INDEX, {"country": value})
        assert not response.context["form"].errors, value
        assert _ids(response) == {p["led_by_unodc"].pk, p["unodc_partner"].pk}, value


@pytest.mark.parametrize(
    "params, field",
    [
        ({"entity": "abc"}, "entity"),
        ({"entity": "99999999999999999999999"}, "entity"),
        ({"entity": "UNODC"}, "entity"),
        ({"pillar": "9"}, "pillar"),
        ({"theme": "no\x00such"}, "theme"),
        ({"theme": "x" * 5000}, "theme"),
        ({"country": "ZZZ"}, "country"),
        ({"country": "K\x00N"}, "country"),
        ({"status": "finished"}, "status"),
        ({"q": "border\x00"}, "q"),
        ({"q": "b" * 201}, "q"),
    ],
)
def test_bad_filters_are_reported_and_left_out(params, field, people, matrix, client):
    client.force_login(people.entity)
    response = client.get(INDEX, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    # The filter is left out: every project is listed.
    assert len(_ids(response)) == 3
    # The export refuses rather than give a file that looks filtered and is not.
    assert client.get(EXPORT, params).status_code == 400


def test_htmx_gets_the_matrix_only(people, matrix, client):
    client.force_login(people.entity)
    response = client.get(INDEX, {"status": "planned"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="matrix"' in html
    assert "<h1>" not in html
    assert "HX-Request" in response["Vary"]


def test_the_matrix_is_paginated_by_25(people, reference, client):
    for _ in range(30):
        ProjectFactory()
    client.force_login(people.entity)
    first = client.get(INDEX)
    assert len(first.context["page"].object_list) == 25
    second = client.get(INDEX, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(INDEX, {"page": "x"}).status_code == 200
    # The export has them all.
    assert len(_csv(client.get(EXPORT))) == 31


def test_the_matrix_and_its_export_cost_the_same_queries_for_1_and_30_projects(people, reference, client):
    unodc, kenya, norway = reference_org("UNODC"), reference_org("KE"), reference_org("NO")
    theme = ThematicArea.objects.order_by("slug").first()
    pillar = Pillar.objects.get(number=1)

    def add():
        project = ProjectFactory(
            title="Border security project", partners=[unodc], beneficiary_states=[kenya, norway], themes=[theme]
        )
        project.pillars.set([pillar])

    _sign_in_for_counting(client, people.entity)
    params = {"pillar": 1, "theme": theme.slug, "country": "KEN", "entity": unodc.pk, "q": "border"}
    add()
    counts = [_count_queries(client, url, query) for url in (INDEX, EXPORT) for query in ({}, params)]
    for _ in range(29):
        add()
    assert [_count_queries(client, url, query) for url in (INDEX, EXPORT) for query in ({}, params)] == counts
    assert client.get(INDEX, params).context["page"].paginator.count == 30


# --- a project's page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_project_page_lists_only_the_recommendations_the_reader_may_see(role, people, world, client):
    client.force_login(people.roles()[role])
    response = client.get(_project_url(world.objects["projects"]["unodc"]))
    assert response.status_code == 200
    shown = {recommendation.pk for recommendation in response.context["responds_to"]}
    assert shown == world.expected_ids("recommendations", role)
    html = response.content.decode()
    for name, recommendation in world.objects["recommendations"].items():
        link = reverse("cted:recommendation", kwargs={"pk": recommendation.pk})
        assert (link in html) == (role in world.visible["recommendations"][name]), name
    # Nothing on the page says how many there are in all.
    if not shown:
        assert "No recommendation to show." in html


def test_a_project_page_is_404_for_an_unknown_project(people, reference, client):
    client.force_login(people.entity)
    assert client.get(reverse("projects:project", kwargs={"pk": 999999})).status_code == 404


def test_a_project_page_shows_its_appeal_entries(people, world, client):
    client.force_login(people.state)
    project = world.objects["projects"]["unoct"]
    response = client.get(_project_url(project))
    entry = AppealProject.objects.get(project=project)
    assert [item.pk for item in response.context["entries"]] == [entry.pk]
    assert response.context["entries"][0].percent == 25  # 125,000 of 500,000
    assert "25%" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_entity_and_the_secretariat_get_the_responses_form(role, people, world, client):
    client.force_login(people.roles()[role])
    response = client.get(_project_url(world.objects["projects"]["unodc"]))
    may = role in {"secretariat", "entity"}
    assert (response.context["form"] is not None) == may
    assert (_project_url(world.objects["projects"]["unodc"], "responses") in response.content.decode()) == may


def test_the_lead_entity_sets_the_responses_and_keeps_the_links_it_cannot_see(people, world, client):
    project = world.objects["projects"]["unodc"]
    kenya_rec, norway_rec = world.objects["recommendations"]["kenya"], world.objects["recommendations"]["norway_shared"]
    other = RecommendationFactory(assessment=norway_rec.assessment, number=2)
    client.force_login(people.entity)
    form = client.get(_project_url(project)).context["form"]
    # The choices are the recommendations UNODC may see: Norway's, not Kenya's.
    offered = {value for _group, options in form.fields["recommendations"].choices for value, _label in options}
    assert offered == {norway_rec.pk, other.pk}
    response = client.post(_project_url(project, "responses"), {"recommendations": [other.pk]})
    assert response.status_code == 302
    assert set(project.responds_to.values_list("pk", flat=True)) == {kenya_rec.pk, other.pk}


def test_the_secretariat_sets_any_project_responses(people, world, client):
    project = world.objects["projects"]["unoct"]
    kenya_rec = world.objects["recommendations"]["kenya"]
    client.force_login(people.secretariat)
    assert client.post(_project_url(project, "responses"), {"recommendations": [kenya_rec.pk]}).status_code == 302
    assert list(project.responds_to.values_list("pk", flat=True)) == [kenya_rec.pk]
    assert client.post(_project_url(project, "responses"), {}).status_code == 302
    assert not project.responds_to.exists()


@pytest.mark.parametrize("role", ["cted", "state", "other_state", "regional"])
def test_others_may_not_set_a_project_responses(role, people, world, client):
    project = world.objects["projects"]["unodc"]
    before = set(project.responds_to.values_list("pk", flat=True))
    client.force_login(people.roles()[role])
    response = client.post(_project_url(project, "responses"), {"recommendations": []})
    assert response.status_code == 403
    assert set(project.responds_to.values_list("pk", flat=True)) == before


def test_an_entity_may_not_set_responses_of_another_entitys_project(people, world, client):
    project = world.objects["projects"]["unoct"]
    client.force_login(people.entity)
    response = client.post(
        _project_url(project, "responses"), {"recommendations": [world.objects["recommendations"]["norway_shared"].pk]}
    )
    assert response.status_code == 403
    assert not project.responds_to.exists()


@pytest.mark.parametrize("value", ["kenya", "abc", "1\x00", "99999999999999999999999", "-1"])
def test_bad_responses_are_refused_and_nothing_changes(value, people, world, client):
    project = world.objects["projects"]["unodc"]
    before = set(project.responds_to.values_list("pk", flat=True))
    norway_rec = world.objects["recommendations"]["norway_shared"]
    if value == "kenya":
        # Kenya's recommendation, which UNODC may not see: as unknown as any other id.
        value = str(world.objects["recommendations"]["kenya"].pk)
    client.force_login(people.entity)
    response = client.post(_project_url(project, "responses"), {"recommendations": [str(norway_rec.pk), value]})
    assert response.status_code == 200
    assert "recommendations" in response.context["form"].errors
    assert set(project.responds_to.values_list("pk", flat=True)) == before


def test_the_project_page_costs_the_same_queries_for_1_and_30_recommendations(people, reference, client):
    project = ProjectFactory(lead_entity=reference_org("UNODC"))
    assessment = CountryAssessmentFactory(member_state=reference_org("NO"), shared=True)
    _sign_in_for_counting(client, people.entity)
    RecommendationFactory(assessment=assessment, number=1, responding_projects=[project])
    AppealProjectFactory(project=project)
    one = _count_queries(client, _project_url(project))
    for number in range(2, 31):
        RecommendationFactory(assessment=assessment, number=number, responding_projects=[project])
        AppealProjectFactory(project=project)
    assert _count_queries(client, _project_url(project)) == one


# --- the Multi-Year Appeal ---------------------------------------------------------------------------------


def test_with_no_appeal_the_appeal_page_says_so(people, reference, client):
    client.force_login(people.entity)
    response = client.get(APPEAL)
    assert response.status_code == 200
    assert response.context["appeal"] is None
    assert "No Multi-Year Appeal has been published yet." in response.content.decode()


@pytest.fixture
def appeal(reference):
    """An appeal whose rows differ in pillars and lead entity, and an older one."""
    AppealFactory(title="Older appeal", start_year=2020, end_year=2021)
    appeal = AppealFactory(title="Latest appeal", start_year=2030, end_year=2033)
    pillars = {n: Pillar.objects.get(number=n) for n in (1, 2, 3, 4)}
    rows = [
        # lead, pillars, requirement, received
        ("UNODC", [1, 2], "1000000.00", "250000.00"),
        ("UNODC", [2], "400000.50", "400000.50"),
        ("UNOCT", [3], "300000.00", "0.00"),
        ("UNDP", [], "200000.00", "260000.00"),
        ("UNOCT", [1], "0.00", "0.00"),
    ]
    for lead, numbers, requirement, received in rows:
        project = ProjectFactory(lead_entity=reference_org(lead))
        project.pillars.set([pillars[n] for n in numbers])
        AppealProjectFactory(
            appeal=appeal, project=project, requirement=Decimal(requirement), funds_received=Decimal(received)
        )
    return appeal, rows


def _percent(received: Decimal, requirement: Decimal) -> int | None:
    return None if not requirement else int((received * 100 / requirement).quantize(Decimal(1), "ROUND_HALF_UP"))


def test_the_appeal_totals_are_the_sums_of_its_rows(people, appeal, client):
    appeal, rows = appeal
    client.force_login(people.regional)
    response = client.get(APPEAL)
    assert response.status_code == 200
    assert response.context["appeal"] == appeal  # the latest, by start year
    requirement = sum(Decimal(r[2]) for r in rows)
    received = sum(Decimal(r[3]) for r in rows)
    totals = response.context["totals"]
    assert (totals["requirement"], totals["received"], totals["projects"]) == (requirement, received, len(rows))
    assert totals["percent"] == _percent(received, requirement)

    by_pillar = {row["project__pillars__number"]: row for row in response.context["by_pillar"]}
    for number in (1, 2, 3, None):
        expected = [r for r in rows if (number in r[1]) or (number is None and not r[1])]
        got = by_pillar[number]
        assert got["requirement"] == sum(Decimal(r[2]) for r in expected), number
        assert got["received"] == sum(Decimal(r[3]) for r in expected), number
        assert got["projects"] == len(expected), number
    assert 4 not in by_pillar

    by_lead = {row["project__lead_entity__acronym"]: row for row in response.context["by_lead"]}
    for lead in ("UNODC", "UNOCT", "UNDP"):
        expected = [r for r in rows if r[0] == lead]
        assert by_lead[lead]["requirement"] == sum(Decimal(r[2]) for r in expected)
        assert by_lead[lead]["received"] == sum(Decimal(r[3]) for r in expected)
        assert by_lead[lead]["percent"] == _percent(
            sum(Decimal(r[3]) for r in expected), sum(Decimal(r[2]) for r in expected)
        )
    # Biggest requirement first.
    assert [row["project__lead_entity__acronym"] for row in response.context["by_lead"]] == ["UNODC", "UNOCT", "UNDP"]

    html = response.content.decode()
    assert "<progress" in html and "130%" in html and "Nothing required" in html
    # Every appeal is offered, the one shown marked as current.
    assert html.count('aria-current="page"') == 2  # the main navigation's and the appeal's
    for other in Appeal.objects.all():
        assert reverse("projects:appeal_detail", kwargs={"pk": other.pk}) in html


def test_an_appeal_by_its_id(people, appeal, client):
    client.force_login(people.state)
    older = Appeal.objects.get(title="Older appeal")
    response = client.get(reverse("projects:appeal_detail", kwargs={"pk": older.pk}))
    assert response.status_code == 200
    assert response.context["appeal"] == older
    assert response.context["totals"]["projects"] == 0
    assert "This appeal has no project yet." in response.content.decode()
    assert client.get(reverse("projects:appeal_detail", kwargs={"pk": 999999})).status_code == 404


def test_the_appeal_page_costs_the_same_queries_for_1_and_30_projects(people, reference, client):
    appeal = AppealFactory()
    pillar = Pillar.objects.get(number=1)

    def add():
        entry = AppealProjectFactory(appeal=appeal, project=ProjectFactory(lead_entity=reference_org("UNODC")))
        entry.project.pillars.set([pillar])

    _sign_in_for_counting(client, people.entity)
    add()
    one = _count_queries(client, APPEAL)
    for _ in range(29):
        add()
    assert _count_queries(client, APPEAL) == one
    assert len(client.get(APPEAL).context["page"].object_list) == 25


def test_the_pages_render_in_french(people, world, client):
    client.force_login(people.entity)
    client.cookies["django_language"] = "fr"
    for url in (INDEX, APPEAL, _project_url(world.objects["projects"]["unodc"])):
        assert client.get(url, headers={"Accept-Language": "fr"}).status_code == 200


def test_recommendations_stay_hidden_in_the_project_page_for_those_who_may_not_see_them(people, world, client):
    # Kenya's recommendation is hidden from Norway: not listed, not offered, not counted.
    client.force_login(people.other_state)
    response = client.get(_project_url(world.objects["projects"]["unodc"]))
    html = response.content.decode()
    assert Recommendation.objects.get(pk=world.objects["recommendations"]["kenya"].pk).text not in html
    assert response.context["form"] is None

"""The Member States' pages: the list by region and each State's profile, which shows every viewer only
what that viewer may see (tests/scenario.py says who sees what)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platform_app.cted.models import CountryAssessment
from platform_app.directory.models import Organization
from platform_app.structure.models import Language, ThematicArea, WorkingGroupMembership
from tests import scenario as sc
from tests.factories import (
    CountryAssessmentFactory,
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    ProjectFactory,
    RecommendationFactory,
    WorkingGroupGuestFactory,
    reference_group,
    reference_org,
)

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

INDEX = reverse("countries:index")
ROLES = sorted(sc.PLATFORM)
NEUTRAL_CTED = "No CTED assessment to show."


def _profile(code: str) -> str:
    return reverse("countries:profile", kwargs={"iso3": code})


def _as(client, user):
    client.force_login(user)
    return client


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _section(text: str, heading_id: str) -> str:
    """The HTML of one <section> of a profile, by its heading's id."""
    start = text.index(f'aria-labelledby="{heading_id}"')
    return text[start : text.index("</section>", start)]


# --- the list ----------------------------------------------------------------------------------------------


def test_the_list_has_every_member_state_by_region(people, client):
    response = _as(client, people.regional).get(INDEX)
    assert response.status_code == 200
    states = Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE)
    assert response.context["count"] == states.count()
    listed = [state for region in response.context["regions"] for state in region["states"]]
    assert {state.pk for state in listed} == set(states.values_list("pk", flat=True))
    assert [region["code"] for region in response.context["regions"]] == [
        code for code in Organization.Region.values if states.filter(region=code).exists()
    ]
    assert _profile("KEN") in response.content.decode()
    # Only Member States: entities and regional organizations have directory pages instead.
    assert "UNODC" not in {state.acronym for state in listed}


@pytest.mark.parametrize("query", [{"q": "kenya"}, {"q": "KEN"}, {"q": "ken", "region": "africa"}])
def test_search_and_region(query, people, client):
    response = _as(client, people.state).get(INDEX, query)
    names = {state.name for region in response.context["regions"] for state in region["states"]}
    assert "Kenya" in names and "Norway" not in names


def test_region_filter(people, client):
    response = _as(client, people.entity).get(INDEX, {"region": "europe"})
    assert [region["code"] for region in response.context["regions"]] == ["europe"]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"q": "a\x00"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"region": "atlantis"}, "region"),
        ({"region": "\x00"}, "region"),
    ],
)
def test_bad_input_in_the_list_is_reported_and_left_out(query, field, people, client):
    response = _as(client, people.entity).get(INDEX, query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["count"] == Organization.objects.filter(kind=Organization.Kind.MEMBER_STATE).count()


def test_htmx_gets_the_list_only(people, client):
    response = _as(client, people.entity).get(INDEX, {"q": "ken"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert 'id="countries"' in text and "<html" not in text


# --- finding a profile -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["KEN", "ken", "Ken"])
def test_the_code_is_matched_in_any_case(code, people, client):
    response = _as(client, people.entity).get(_profile(code))
    assert response.status_code == 200
    assert response.context["state"] == reference_org("KE")


@pytest.mark.parametrize("code", ["ZZZ", "KE", "KENY", "K1N", "K%00N", "UNODC", "AU", "x" * 300])
def test_unknown_or_malformed_codes_are_404(code, people, client):
    assert _as(client, people.entity).get(f"/countries/{code}/").status_code == 404


# --- CTED assessments and recommendations ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, code", [("kenya", "KEN"), ("norway_shared", "NOR")])
def test_assessments_and_recommendations_follow_the_scenario(role, name, code, people, world, client):
    text = _text(_as(client, people.roles()[role]), _profile(code))
    cted = _section(text, "state-cted-heading")
    assessment = world.objects["assessments"][name]
    recommendation = world.objects["recommendations"][name]
    sees = role in world.visible["assessments"][name]
    assert (assessment.title in cted) == sees
    summary = escape(assessment.summary)
    assert (summary in cted) == sees
    assert summary not in text or sees
    assert (recommendation.text in text) == (role in world.visible["recommendations"][name])
    if sees:
        assert reverse("cted:assessment", kwargs={"pk": assessment.pk}) in cted
        assert reverse("cted:recommendation", kwargs={"pk": recommendation.pk}) in cted
    else:
        assert NEUTRAL_CTED in cted


def test_kenya_never_sees_norways_unshared_assessment_and_sees_its_own(people, world, client):
    secret = CountryAssessmentFactory(
        member_state=reference_org("NO"), title="Norway confidential review", summary="Only for Oslo and CTED."
    )
    RecommendationFactory(assessment=secret, number=7, text="Norway should quietly fix something.")
    client = _as(client, people.state)
    norway = _text(client, _profile("NOR"))
    for secret_text in ("Norway confidential review", "Only for Oslo and CTED.", "Norway should quietly fix"):
        assert secret_text not in norway
    # Nor the assessment Norway shared with entities: a Member State never sees another State's.
    assert world.objects["assessments"]["norway_shared"].title not in norway
    assert NEUTRAL_CTED in _section(norway, "state-cted-heading")
    kenya = _text(client, _profile("KEN"))
    assert world.objects["assessments"]["kenya"].title in kenya
    assert world.objects["recommendations"]["kenya"].text in kenya
    # Norway and CTED do see it; an entity does not (Norway did not consent).
    assert "Norway confidential review" in _text(_as(client, people.other_state), _profile("NOR"))
    assert "Norway confidential review" in _text(_as(client, people.cted), _profile("NOR"))
    assert "Norway confidential review" not in _text(_as(client, people.entity), _profile("NOR"))


@pytest.mark.parametrize("role", ["regional", "other_state", "entity"])
def test_hidden_assessments_leave_no_trace(role, people, world, client):
    """The CTED part of Kenya's profile reads the same for these viewers with or without Kenya's assessments."""
    client = _as(client, people.roles()[role])
    with_hidden = _section(_text(client, _profile("KEN")), "state-cted-heading")
    CountryAssessment.objects.filter(member_state=reference_org("KE")).delete()
    without = _section(_text(client, _profile("KEN")), "state-cted-heading")
    assert with_hidden == without
    assert NEUTRAL_CTED in without


# --- the other parts of a profile --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_focal_points_follow_the_directory_rules(role, people, world, client):
    hidden = world.objects["focal-points"]["hidden_contact"]
    hidden.phone = "+47 555 0123"
    hidden.save()
    people_part = _section(_text(_as(client, people.roles()[role]), _profile("NOR")), "state-people-heading")
    assert hidden.job_title in people_part
    assert (hidden.email in people_part) == (role == "secretariat")
    assert (hidden.phone in people_part) == (role == "secretariat")
    former = FocalPointFactory(organization=reference_org("NO"), is_active=False, job_title="Retired attaché")
    people_part = _section(_text(client, _profile("NOR")), "state-people-heading")
    assert (former.job_title in people_part) == (role == "secretariat")


@pytest.mark.parametrize("role", ROLES)
def test_a_profiles_focal_points_are_the_rows_the_states_directory_page_draws(role, people, world, client):
    """One table of people, drawn the same way on the directory's page of the State and on its profile:
    the same people, contacts, expertise and languages, in the reader's language."""
    kenya = reference_org("KE")
    FocalPointFactory(
        organization=kenya,
        job_title="Analyst",
        expertise=ThematicArea.objects.order_by("pk")[:2],
        languages=Language.objects.filter(code__in=["fr", "ar"]),
    )
    _as(client, people.roles()[role])

    def rows(url: str, language: str) -> str:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        text = response.content.decode()
        start = text.index("<tbody>", text.index('class="directory-people'))
        return text[start : text.index("</tbody>", start)]

    for language in ("en", "fr"):
        directory = rows(reverse("directory:organization", args=[kenya.pk]), language)
        assert directory.count("<tr") >= 2 and "Analyst" in directory
        assert rows(_profile("KEN"), language) == directory


@pytest.mark.parametrize("role", ROLES)
def test_projects_events_and_documents_are_those_the_viewer_may_see(role, people, world, client):
    kenya, norway = reference_org("KE"), reference_org("NO")
    ProjectFactory(title="Kenya beneficiary project", beneficiary_states=[kenya])
    ProjectFactory(title="Norway-only project", beneficiary_states=[norway])
    soon = timezone.now() + timedelta(days=3)
    EventFactory(title="Open Kenya workshop", countries=[kenya], starts_at=soon, ends_at=soon + timedelta(hours=2))
    EventFactory(
        title="Closed Kenya consultation",
        countries=[kenya],
        visibility="restricted",
        allowed_organizations=[norway],
        starts_at=datetime(2020, 5, 1, 9, tzinfo=UTC),
        ends_at=datetime(2020, 5, 1, 11, tzinfo=UTC),
    )
    DocumentFactory(title="Kenya national strategy", organization=kenya)
    DocumentFactory(
        title="Kenya restricted note", organization=kenya, visibility="restricted", allowed_organizations=[norway]
    )
    DocumentFactory(title="UNODC only paper", organization=reference_org("UNODC"))
    text = _text(_as(client, people.roles()[role]), _profile("KEN"))
    projects = _section(text, "state-projects-heading")
    assert "Kenya beneficiary project" in projects and "Norway-only project" not in projects
    events = _section(text, "state-events-heading")
    assert "Open Kenya workshop" in events
    assert ("Closed Kenya consultation" in events) == (role in {"secretariat", "other_state"})
    documents = _section(text, "state-documents-heading")
    assert "Kenya national strategy" in documents and "UNODC only paper" not in documents
    # The owner keeps seeing what it shared; Norway is named; the others do not see it.
    assert ("Kenya restricted note" in documents) == (role in {"secretariat", "state", "other_state"})


@pytest.mark.parametrize("role", ROLES)
def test_working_groups_and_invitations(role, people, world, client):
    kenya = reference_org("KE")
    WorkingGroupMembership.objects.create(working_group=reference_group("PCVE"), organization=kenya, role="observer")
    WorkingGroupGuestFactory(working_group=reference_group("NARS"), organization=kenya, expires_on=datetime(2020, 1, 1))
    groups = _section(_text(_as(client, people.roles()[role]), _profile("KEN")), "state-groups-heading")
    # Memberships are reference data; the invitation to BMLE's space is told to those who read that space.
    assert reverse("workinggroups:detail", kwargs={"short_name": "PCVE"}) in groups and "Observer" in groups
    assert ("/working-groups/BMLE/" in groups) == (role in {"secretariat", "cted", "entity", "state"})
    assert "/working-groups/NARS/" not in groups  # the invitation has expired


def test_links_to_the_other_areas(people, world, client):
    kenya = reference_org("KE")
    project = ProjectFactory(beneficiary_states=[kenya])
    event = EventFactory(countries=[kenya])
    document = DocumentFactory(organization=kenya)
    text = _text(_as(client, people.secretariat), _profile("KEN"))
    assert reverse("calendar:event", kwargs={"pk": event.pk}) in text
    assert reverse("library:document", kwargs={"pk": document.pk}) in text
    assert reverse("projects:project", kwargs={"pk": project.pk}) in text
    assert reverse("directory:organization", kwargs={"pk": kenya.pk}) in text


def test_long_parts_are_cut_with_a_way_to_the_rest(people, client):
    kenya = reference_org("KE")
    FocalPointFactory.create_batch(26, organization=kenya)
    DocumentFactory.create_batch(26, organization=kenya, version=None)
    text = _text(_as(client, people.entity), _profile("KEN"))
    assert f"{reverse('directory:index')}?country=KEN" in text
    assert f"{reverse('library:index')}?organization={kenya.pk}" in text


def test_a_profile_shows_the_most_recent_assessments_and_links_to_every_one(people, world, client):
    """A State's profile shows its ASSESSMENTS most recent assessments, each with all its recommendations,
    and links to CTED's page of the State for the rest, as its other parts show their first rows: every
    assessment inline grew the page with each of them (15 assessments and 478 rows for Kenya at a hundred
    times the platform's size)."""
    from datetime import date

    from platform_app.countries.selectors import ASSESSMENTS

    kenya = reference_org("KE")
    everything = reverse("cted:country", kwargs={"iso3": "KEN"})
    client = _as(client, people.secretariat)
    shown = list(CountryAssessment.objects.filter(member_state=kenya).order_by("-visit_start", "-pk"))
    assert 0 < len(shown) <= ASSESSMENTS
    page = client.get(_profile("KEN")).content.decode()
    assert all(f'id="assessment-{assessment.pk}"' in page for assessment in shown)
    assert everything not in page

    older = [
        CountryAssessmentFactory(member_state=kenya, visit_start=date(2001 + n, 1, 1), visit_end=date(2001 + n, 1, 5))
        for n in range(ASSESSMENTS + 1)
    ]
    for assessment in older:
        RecommendationFactory(assessment=assessment, number=1, text=f"Oldest advice {assessment.pk}")
    newest = list(CountryAssessment.objects.filter(member_state=kenya).order_by("-visit_start", "-pk"))
    page = client.get(_profile("KEN")).content.decode()
    assert [a.pk for a in newest if f'id="assessment-{a.pk}"' in page] == [a.pk for a in newest[:ASSESSMENTS]]
    assert f"Oldest advice {older[0].pk}" not in page
    assert f'href="{everything}"' in page
    assert f"The {ASSESSMENTS} most recent assessments are shown." in page
    # CTED's page of the State, where the link leads, lists the oldest one's recommendation.
    assert f"Oldest advice {older[0].pk}" in client.get(everything).content.decode()


def test_profiles_refuse_post(people, client):
    assert _as(client, people.secretariat).post(_profile("KEN")).status_code == 405


def test_profile_queries_do_not_grow_with_rows(people, world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kenya = reference_org("KE")
    client = _as(client, people.secretariat)

    def add(n: int, start: int) -> None:
        FocalPointFactory.create_batch(n, organization=kenya)
        ProjectFactory.create_batch(n, beneficiary_states=[kenya])
        EventFactory.create_batch(n, countries=[kenya])
        DocumentFactory.create_batch(n, organization=kenya, version=None)
        assessment = CountryAssessmentFactory(member_state=kenya)
        for number in range(start, start + n):
            RecommendationFactory(assessment=assessment, number=number)

    add(1, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_profile("KEN")).status_code == 200
    add(30, 100)
    with django_assert_max_num_queries(len(few)):
        assert client.get(_profile("KEN")).status_code == 200

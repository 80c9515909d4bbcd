"""The directory of focal points: who is listed for whom, hidden contact details, filters, bad input, the
CSV export, organizations' pages, each person's page, and the pager of its list."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from platform_app.directory.models import FocalPoint, Organization
from platform_app.structure.models import Language, ThematicArea, WorkingGroupMembership
from tests import scenario as sc
from tests.factories import FocalPointFactory, UserFactory, reference_group, reference_org
from tests.people import african_union

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

INDEX = reverse("directory:index")
EXPORT = reverse("directory:export")
ROLES = sorted(sc.PLATFORM)
NOT_SECRETARIAT = sorted(sc.PLATFORM - {"secretariat"})


def _organization_url(organization) -> str:
    return reverse("directory:organization", kwargs={"pk": organization.pk})


def _as(client, user):
    client.force_login(user)
    return client


def _ids(response) -> set[int]:
    return {person.pk for person in response.context["page"].object_list}


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _hidden(world) -> FocalPoint:
    """Norway's adviser who hid email and phone; given numbers of their own (the factory's are shared)."""
    hidden = world.objects["focal-points"]["hidden_contact"]
    if hidden.phone != "+47 555 0123":
        hidden.phone, hidden.mobile = "+47 555 0123", "+47 555 0199"
        hidden.save()
    return hidden


# --- who is listed -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_exactly_the_people_the_scenario_lets_it_see(role, people, world, client):
    response = _as(client, people.roles()[role]).get(INDEX, {"q": sc.MARKER})
    assert response.status_code == 200
    assert _ids(response) == world.expected_ids("focal-points", role)


@pytest.mark.parametrize("role", ROLES)
def test_the_unfiltered_directory_lists_every_visible_focal_point(role, people, world, client):
    response = _as(client, people.roles()[role]).get(INDEX)
    visible = set(FocalPoint.objects.visible_to(people.roles()[role]).values_list("pk", flat=True))
    assert response.context["page"].paginator.count == len(visible)
    former = world.objects["focal-points"]["deactivated"]
    assert (former.pk in visible) == (role == "secretariat")


def test_past_the_count_limit_the_directory_says_more_than_the_limit(people, world, client, settings):
    visible = FocalPoint.objects.visible_to(people.state).count()
    settings.LIST_COUNT_LIMIT = visible - 1
    response = _as(client, people.state).get(INDEX)
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == visible - 1
    assert f"More than {visible - 1} found" in response.content.decode()

    settings.LIST_COUNT_LIMIT = visible
    response = client.get(INDEX)
    assert not response.context["page"].paginator.capped
    assert "More than" not in response.content.decode()
    assert f"{visible} people" in response.content.decode()

    # A search counts up to the (smaller) search limit.
    settings.LIST_COUNT_LIMIT = 10_000
    found = len(world.expected_ids("focal-points", "secretariat"))
    assert found > 1
    settings.SEARCH_COUNT_LIMIT = found - 1
    searched = _as(client, people.secretariat).get(INDEX, {"q": sc.MARKER})
    assert searched.context["page"].paginator.capped
    assert f"More than {found - 1} found" in searched.content.decode()
    assert not client.get(INDEX).context["page"].paginator.capped


def test_the_secretariat_sees_deactivated_people_marked(people, world, client):
    former = world.objects["focal-points"]["deactivated"]
    response = _as(client, people.secretariat).get(INDEX, {"q": "Former officer"})
    assert _ids(response) == {former.pk}
    assert "Deactivated" in response.content.decode()


def test_a_person_whose_account_is_disabled_leaves_the_directory(people, world, client):
    person = FocalPointFactory(organization=reference_org("KE"), job_title="Disabled account")
    person.user.is_active = False
    person.user.save()
    assert _ids(_as(client, people.state).get(INDEX, {"q": "Disabled account"})) == set()
    assert _ids(_as(client, people.secretariat).get(INDEX, {"q": "Disabled account"})) == {person.pk}


# --- contact details a person chose to hide ----------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_hidden_contact_details_never_reach_anyone_but_the_secretariat(role, people, world, client):
    hidden = _hidden(world)
    client = _as(client, people.roles()[role])
    for url in (INDEX + f"?q={sc.MARKER}", _organization_url(hidden.organization)):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert hidden.job_title in text
        assert hidden.email not in text
        assert hidden.user.email not in text
        assert hidden.phone not in text and hidden.mobile not in text
    country = client.get(reverse("countries:profile", kwargs={"iso3": "NOR"})).content.decode()
    assert hidden.job_title in country and hidden.email not in country and hidden.phone not in country


def test_the_secretariat_sees_hidden_contact_details_marked_as_hidden(people, world, client):
    hidden = _hidden(world)
    response = _as(client, people.secretariat).get(INDEX, {"q": sc.MARKER})
    text = response.content.decode()
    assert hidden.email in text and hidden.phone in text
    assert "Hidden from others" in text


def test_people_see_their_own_hidden_details(people, client):
    me = FocalPoint.objects.get(user=people.state)
    me.hide_email = True
    me.save()
    text = _as(client, people.state).get(INDEX, {"country": "KE"}).content.decode()
    assert me.email in text and "Hidden from others" in text


def test_details_nobody_hid_are_shown_to_everyone(people, world, client):
    visible = FocalPointFactory(organization=reference_org("KE"), email="open.contact@example.org")
    text = _as(client, people.regional).get(INDEX, {"country": "KEN"}).content.decode()
    assert "open.contact@example.org" in text and visible.phone in text


# --- filters -----------------------------------------------------------------------------------------------


def _filter_people():
    theme = ThematicArea.objects.order_by("slug").first()
    french = Language.objects.get(code="fr")
    return (
        {
            "ke": FocalPointFactory(organization=reference_org("KE"), expertise=[theme], job_title="Filter ke"),
            "unodc": FocalPointFactory(
                organization=reference_org("UNODC"), languages=[french], job_title="Filter unodc"
            ),
            "au": FocalPointFactory(organization=african_union(), expertise=[theme], languages=[french]),
        },
        theme,
        french,
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"country": "KE"}, {"ke"}),
        ({"country": "ken"}, {"ke"}),
        ({"kind": "regional_org"}, {"au"}),
        ({"kind": "entity", "q": "Filter"}, {"unodc"}),
        ({"expertise": "THEME"}, {"ke", "au"}),
        ({"language": "fr"}, {"unodc", "au"}),
        ({"language": "fr", "expertise": "THEME"}, {"au"}),
        ({"q": "Filter"}, {"ke", "unodc"}),
    ],
)
def test_filters_narrow_the_list_and_the_export(query, expected, people, client):
    made, theme, _french = _filter_people()
    query = {key: theme.slug if value == "THEME" else value for key, value in query.items()}
    client = _as(client, people.entity)
    ids = {made[name].pk for name in expected}
    listed = _ids(client.get(INDEX, query)) & {person.pk for person in made.values()}
    assert listed == ids
    exported = {row["Job title"] for row in _csv(client.get(EXPORT, query))}
    assert {made[name].job_title for name in expected} <= exported
    assert not {person.job_title for name, person in made.items() if name not in expected} & exported


def test_filter_by_organization(people, world, client):
    unodc = reference_org("UNODC")
    response = _as(client, people.state).get(INDEX, {"organization": unodc.pk})
    assert _ids(response) == set(
        FocalPoint.objects.visible_to(people.state).filter(organization=unodc).values_list("pk", flat=True)
    )
    assert response.context["form"].errors == {}


def test_search_by_first_and_last_name(people, client):
    person = FocalPointFactory(
        organization=reference_org("KE"), user=UserFactory(first_name="Wanjiru", last_name="Kamau-Otieno")
    )
    client = _as(client, people.other_state)
    assert _ids(client.get(INDEX, {"q": "wanjiru"})) == {person.pk}
    assert _ids(client.get(INDEX, {"q": "Kamau-Otieno"})) == {person.pk}


@pytest.mark.parametrize(
    "query, field",
    [
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"organization": "999999999"}, "organization"),
        ({"organization": "9" * 30}, "organization"),
        ({"organization": "-1"}, "organization"),
        ({"organization": "1\x00"}, "organization"),
        ({"organization": "abc"}, "organization"),
        ({"kind": "planet"}, "kind"),
        ({"kind": "\x00"}, "kind"),
        ({"country": "ZZZ"}, "country"),
        ({"country": "K\x00"}, "country"),
        ({"country": "KENYA"}, "country"),
        ({"country": "1"}, "country"),
        ({"expertise": "no-such-theme"}, "expertise"),
        ({"expertise": "a\x00"}, "expertise"),
        ({"expertise": "x" * 5000}, "expertise"),
        ({"language": "xx"}, "language"),
        ({"language": "e\x00n"}, "language"),
    ],
)
def test_bad_filters_are_reported_and_left_out(query, field, people, world, client):
    client = _as(client, people.entity)
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    # The filter is left out: the list is the whole visible directory.
    assert response.context["page"].paginator.count == FocalPoint.objects.visible_to(people.entity).count()
    assert client.get(EXPORT, query).status_code == 200


@pytest.mark.parametrize("page", ["2", "abc", "-1", "0", "99999999999999999999999", "\x00"])
def test_malformed_page_numbers_never_fail(page, people, client):
    response = _as(client, people.entity).get(INDEX, {"page": page})
    assert response.status_code in (200, 404)


def test_pages_of_25(people, client):
    FocalPointFactory.create_batch(30, organization=reference_org("KE"), job_title="Paged person")
    client = _as(client, people.state)
    first = client.get(INDEX, {"q": "Paged person"})
    second = client.get(INDEX, {"q": "Paged person", "page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert not _ids(first) & _ids(second)
    assert "page=2" in first.content.decode()


def test_htmx_gets_the_results_only(people, client):
    response = _as(client, people.state).get(INDEX, {"kind": "entity"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and 'id="directory"' in text
    assert "HX-Request" in response["Vary"]
    full = client.get(INDEX, {"kind": "entity"}).content.decode()
    assert "<html" in full and "<h1>" in full


# --- export ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_export_lists_what_the_page_lists(role, people, world, client):
    client = _as(client, people.roles()[role])
    rows = _csv(client.get(EXPORT, {"q": sc.MARKER}))
    expected = {
        world.objects["focal-points"][name].job_title
        for name in world.visible["focal-points"]
        if role in world.visible["focal-points"][name]
    }
    assert {row["Job title"] for row in rows} == expected


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_export_never_contains_hidden_details(role, people, world, client):
    hidden = _hidden(world)
    response = _as(client, people.roles()[role]).get(EXPORT)
    text = b"".join(response.streaming_content).decode()
    assert hidden.job_title in text
    assert hidden.email not in text and hidden.user.email not in text and hidden.phone not in text
    assert world.objects["focal-points"]["deactivated"].job_title not in text
    assert "Email hidden from others" not in text


def test_export_for_the_secretariat_has_hidden_details_and_deactivated_people(people, world, client):
    rows = _csv(_as(client, people.secretariat).get(EXPORT, {"q": sc.MARKER}))
    by_title = {row["Job title"]: row for row in rows}
    hidden = by_title[_hidden(world).job_title]
    assert hidden["Email"] == _hidden(world).email and hidden["Email hidden from others"] == "yes"
    former = by_title[world.objects["focal-points"]["deactivated"].job_title]
    assert former["Active"] == "no"


def test_export_cells_cannot_run_formulas(people, client):
    FocalPointFactory(organization=reference_org("KE"), job_title="=HYPERLINK(1)")
    rows = _csv(_as(client, people.state).get(EXPORT, {"country": "KE"}))
    assert "'=HYPERLINK(1)" in {row["Job title"] for row in rows}


# --- organization pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_organization_page_shows_its_groups_with_roles_and_its_people(role, people, world, client):
    unodc = reference_org("UNODC")
    response = _as(client, people.roles()[role]).get(_organization_url(unodc))
    assert response.status_code == 200
    text = response.content.decode()
    bmle = WorkingGroupMembership.objects.get(organization=unodc, working_group=reference_group("BMLE"))
    assert reverse("workinggroups:detail", kwargs={"short_name": "BMLE"}) in text
    assert bmle.get_role_display() in text
    assert escape(people.entity.last_name) in text
    assert {person.pk for person in response.context["page"].object_list} == set(
        FocalPoint.objects.visible_to(people.roles()[role]).filter(organization=unodc).values_list("pk", flat=True)
    )


def test_a_member_state_page_links_to_its_country_profile(people, world, client):
    text = _as(client, people.entity).get(_organization_url(reference_org("KE"))).content.decode()
    assert reverse("countries:profile", kwargs={"iso3": "KEN"}) in text


def test_deactivated_people_on_an_organization_page_only_for_the_secretariat(people, world, client):
    former = world.objects["focal-points"]["deactivated"]
    url = _organization_url(former.organization)
    assert former.job_title not in _as(client, people.entity).get(url).content.decode()
    assert former.job_title in _as(client, people.secretariat).get(url).content.decode()


def test_an_unknown_organization_is_404(people, client):
    client = _as(client, people.entity)
    assert client.get("/directory/organizations/999999999/").status_code == 404
    assert client.get("/directory/organizations/99999999999999999999999999/").status_code == 404


def test_the_directory_writes_nothing_and_refuses_post(people, client):
    response = _as(client, people.secretariat).post(INDEX, {"q": "x"})
    assert response.status_code == 405


# --- query counts ------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [INDEX, INDEX + "?country=KEN&q=Counted", EXPORT, EXPORT + "?country=KE", "organization", "country"],
)
def test_queries_do_not_grow_with_the_number_of_people(url, people, client, django_assert_max_num_queries):
    kenya = reference_org("KE")
    url = {"organization": _organization_url(kenya), "country": reverse("countries:profile", args=["KEN"])}.get(
        url, url
    )
    theme = ThematicArea.objects.order_by("slug").first()
    english = Language.objects.get(code="en")
    client = _as(client, people.secretariat)
    FocalPointFactory(organization=kenya, expertise=[theme], languages=[english], job_title="Counted", hide_email=True)
    few = _queries(client, url)
    FocalPointFactory.create_batch(
        29, organization=kenya, expertise=[theme], languages=[english], job_title="Counted", hide_phone=True
    )
    with django_assert_max_num_queries(few):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


# --- one filter set for the page and the API ---------------------------------------------------------------

FOCAL_POINTS_API = reverse("api:focal-point-list")
ORGANIZATIONS_API = reverse("api:organization-list")


def _api(client, url, query) -> dict:
    """The API's answer to the portal's session, its search named `search` as the API names it."""
    query = {("search" if name == "q" else name): value for name, value in query.items()}
    response = client.get(url, query, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.parametrize(
    "role, query",
    [
        ("entity", {}),
        ("entity", {"q": sc.MARKER}),
        ("entity", {"q": "officer"}),
        ("entity", {"kind": "member_state"}),
        ("state", {"country": "NOR", "q": sc.MARKER}),
        ("regional", {"language": "en"}),
        ("secretariat", {"q": sc.MARKER}),
        ("secretariat", {"status": "active"}),
        ("secretariat", {"status": "inactive"}),
        ("secretariat", {"status": "inactive", "q": "former"}),
        ("secretariat", {"kind": "entity", "status": "active"}),
    ],
)
def test_the_directory_and_the_api_list_the_same_people_in_the_same_order(role, query, people, world, client):
    client = _as(client, people.roles()[role])
    page = client.get(INDEX, query).context["page"]
    answer = _api(client, FOCAL_POINTS_API, {**query, "page_size": 25})
    assert [person.pk for person in page.object_list] == [row["id"] for row in answer["results"]]
    assert page.paginator.count == answer["count"]


def test_the_status_is_the_secretariats_filter_on_the_page_and_names_nobody_else_in_the_api(people, world, client):
    former = world.objects["focal-points"]["deactivated"]
    secretariat = _as(client, people.secretariat).get(INDEX, {"status": "inactive"})
    assert former.pk in _ids(secretariat)
    assert not FocalPoint.objects.filter(pk__in=_ids(secretariat), is_active=True, user__is_active=True).exists()

    # Others see only people in office: the page offers no status and reads none.
    client = _as(client, people.entity)
    response = client.get(INDEX, {"status": "inactive"})
    assert "status" not in response.context["form"].fields and not response.context["form"].errors
    assert response.context["page"].paginator.count == FocalPoint.objects.visible_to(people.entity).count()
    assert not response.context["filtered"]
    assert _api(client, FOCAL_POINTS_API, {"status": "inactive"})["count"] == 0
    assert _api(client, FOCAL_POINTS_API, {"status": "active"})["count"] == response.context["page"].paginator.count


def _organization_ids(response) -> list[int]:
    return [org.pk for group in response.context["groups"] for org in group["organizations"]]


@pytest.mark.parametrize(
    "query",
    [
        {"nominated": "1"},
        {"kind": "member_state", "nominated": "1"},
        {"kind": "regional_org", "nominated": "1"},
        {"kind": "entity", "q": "united"},
        {"q": "nations", "nominated": "1"},
    ],
)
def test_the_organizations_page_and_the_api_list_the_same_organizations(query, people, client):
    client = _as(client, people.state)
    response = client.get(reverse("directory:organizations"), query)
    assert response.status_code == 200 and not response.context["form"].errors
    api_query = {**query, "page_size": 200}
    if "nominated" in api_query:
        api_query["nominated"] = "true"
    answer = _api(client, ORGANIZATIONS_API, api_query)
    assert answer["next"] is None
    # The page lists the active organizations, by kind.
    active = [row for row in answer["results"] if row["is_active"]]
    kinds = Organization.Kind.values
    by_kind = sorted(active, key=lambda row: kinds.index(row["kind"]))
    assert _organization_ids(response) == [row["id"] for row in by_kind]
    assert response.context["count"] == len(active)


def test_nominated_in_the_api_splits_the_organizations_in_two(people, client):
    client = _as(client, people.state)
    everyone = _api(client, ORGANIZATIONS_API, {"kind": "member_state", "page_size": 1})["count"]
    with_one = _api(client, ORGANIZATIONS_API, {"kind": "member_state", "nominated": "true", "page_size": 200})
    without = _api(client, ORGANIZATIONS_API, {"kind": "member_state", "nominated": "false", "page_size": 1})
    assert 0 < with_one["count"] < everyone
    assert with_one["count"] + without["count"] == everyone
    nominated = {row["id"] for row in with_one["results"]}
    assert reference_org("KE").pk in nominated
    in_office = FocalPoint.objects.filter(is_active=True, user__is_active=True, organization__kind="member_state")
    assert nominated == set(in_office.values_list("organization_id", flat=True))


@pytest.mark.parametrize(
    "query", [{"nominated": "true"}, {"nominated": "0"}, {"nominated": "yes"}, {"nominated": "\x00"}]
)
def test_the_organizations_page_reads_only_its_own_nominated_value(query, people, client):
    response = _as(client, people.state).get(reverse("directory:organizations"), query)
    assert response.status_code == 200
    assert response.context["form"].errors == {"nominated": ["Unknown choice of focal points."]}
    assert response.context["count"] == Organization.objects.filter(is_active=True).count()


@pytest.mark.parametrize("query", [{"region": "europe"}, {"q": "ken"}, {"q": "NOR", "region": "europe"}, {"q": "rep"}])
def test_the_member_states_page_lists_what_the_api_lists_for_member_states(query, people, client):
    client = _as(client, people.entity)
    response = client.get(reverse("countries:index"), query)
    assert response.status_code == 200 and not response.context["form"].errors
    answer = _api(client, ORGANIZATIONS_API, {**query, "kind": "member_state", "page_size": 200})
    assert answer["next"] is None and answer["count"] > 0
    regions = Organization.Region.values
    by_region = sorted(answer["results"], key=lambda row: regions.index(row["region"]))
    listed = [state.pk for region in response.context["regions"] for state in region["states"]]
    assert listed == [row["id"] for row in by_region]


@pytest.mark.parametrize(
    "url, selects",
    [
        (INDEX, ["organization", "kind", "country", "expertise", "language", "status"]),
        (reverse("directory:organizations"), ["kind", "nominated"]),
        (reverse("countries:index"), ["region"]),
    ],
)
def test_each_select_of_the_filters_offers_any_once(url, selects, people, client):
    text = _as(client, people.secretariat).get(url).content.decode()
    for name in selects:
        start = text.index(f'name="{name}"')
        select = text[start : text.index("</select>", start)]
        assert select.count('<option value=""') == 1, name
        assert select.count(">Any</option>") == 1, name


# --- a person's page ---------------------------------------------------------------------------------------


def _person_url(person) -> str:
    return reverse("directory:person", kwargs={"pk": person.pk})


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_page_of_a_person_in_office(role, people, world, client):
    hidden = world.objects["focal-points"]["hidden_contact"]
    text = _text(_as(client, people.roles()[role]).get(_person_url(hidden)))
    assert escape(hidden.user.get_full_name()) in text
    assert hidden.job_title in text
    assert _organization_url(hidden.organization) in text


@pytest.mark.parametrize("role", ROLES)
def test_a_person_the_directory_does_not_list_is_a_404_except_for_the_secretariat(role, people, world, client):
    former = world.objects["focal-points"]["deactivated"]
    disabled = FocalPointFactory(organization=reference_org("KE"), job_title="Account disabled")
    disabled.user.is_active = False
    disabled.user.save()
    client = _as(client, people.roles()[role])
    for person in (former, disabled):
        response = client.get(_person_url(person))
        if role == "secretariat":
            assert "Deactivated" in _text(response)
        else:
            assert response.status_code == 404


@pytest.mark.parametrize("pk", ["999999999", "99999999999999999999999999"])
def test_an_unknown_person_is_a_404(pk, people, client):
    assert _as(client, people.entity).get(f"/directory/people/{pk}/").status_code == 404


def test_a_persons_page_writes_nothing_and_refuses_post(people, world, client):
    hidden = world.objects["focal-points"]["hidden_contact"]
    assert _as(client, people.secretariat).post(_person_url(hidden)).status_code == 405


@pytest.mark.parametrize("role", NOT_SECRETARIAT)
def test_a_persons_page_keeps_hidden_contact_details_from_everyone_but_the_secretariat(role, people, world, client):
    hidden = _hidden(world)
    text = _text(_as(client, people.roles()[role]).get(_person_url(hidden)))
    assert hidden.email not in text and hidden.user.email not in text
    assert hidden.phone not in text and hidden.mobile not in text
    assert "Not listed" in text


def test_the_secretariat_reads_hidden_contact_details_marked_on_a_persons_page(people, world, client):
    hidden = _hidden(world)
    text = _text(_as(client, people.secretariat).get(_person_url(hidden)))
    assert f'href="mailto:{hidden.email}"' in text
    assert hidden.phone in text and hidden.mobile in text
    assert text.count("Hidden from others") == 3


def test_people_read_their_own_hidden_details_on_their_page(people, client):
    me = FocalPoint.objects.get(user=people.state)
    me.hide_phone = True
    me.save()
    text = _text(_as(client, people.state).get(_person_url(me)))
    assert me.phone in text and "Hidden from others" in text


def test_details_nobody_hid_are_on_the_persons_page(people, client):
    person = FocalPointFactory(
        organization=reference_org("KE"), email="open.page@example.org", mobile="+254 700 000 111", city="Nairobi"
    )
    text = _text(_as(client, people.regional).get(_person_url(person)))
    assert 'href="mailto:open.page@example.org"' in text
    assert person.phone in text and "+254 700 000 111" in text and "Nairobi" in text
    assert "Hidden from others" not in text


def test_a_persons_page_shows_their_expertise_languages_and_working_groups(people, client):
    theme = ThematicArea.objects.get(name="Border management")
    french = Language.objects.get(code="fr")
    unodc = reference_org("UNODC")
    person = FocalPointFactory(organization=unodc, expertise=[theme], languages=[french], department="Border desk")
    response = _as(client, people.other_state).get(_person_url(person))
    text = _text(response)
    assert "Border desk" in text
    # Each theme and language leads to the people who share it.
    assert f'href="{INDEX}?expertise={theme.slug}"' in text
    assert f'href="{INDEX}?language=fr"' in text and "French" in text
    # The working groups, through the organization's memberships, with its role.
    memberships = WorkingGroupMembership.objects.filter(organization=unodc)
    assert memberships.exists()
    for membership in memberships:
        assert reverse("workinggroups:detail", args=[membership.working_group.short_name]) in text
    assert list(response.context["memberships"]) == list(memberships.order_by("working_group__number"))


def test_a_persons_page_without_expertise_or_groups_says_so(people, client):
    lonely = reference_org("FR")
    assert not WorkingGroupMembership.objects.filter(organization=lonely).exists()
    text = _text(_as(client, people.entity).get(_person_url(FocalPointFactory(organization=lonely))))
    assert text.count("None given.") == 2
    assert "belongs to no working group" in text
    assert "No other focal point of this organization is listed." in text


def test_a_persons_page_links_the_other_focal_points_its_reader_may_see(people, world, client):
    former = world.objects["focal-points"]["deactivated"]
    unoct = former.organization
    person = FocalPointFactory(organization=unoct, job_title="Colleague page")
    others = FocalPointFactory.create_batch(2, organization=unoct)
    in_office = {p.pk for p in others} | set(
        FocalPoint.objects.visible_to(people.entity).filter(organization=unoct).values_list("pk", flat=True)
    )
    in_office.discard(person.pk)

    response = _as(client, people.entity).get(_person_url(person))
    text = _text(response)
    assert {colleague.pk for colleague in response.context["colleagues"]} == in_office
    for colleague in others:
        assert _person_url(colleague) in text
    assert _person_url(former) not in text and former.job_title not in text
    # The person is not their own colleague.
    assert person.pk not in {colleague.pk for colleague in response.context["colleagues"]}

    response = _as(client, people.secretariat).get(_person_url(person))
    assert former.pk in {colleague.pk for colleague in response.context["colleagues"]}
    assert _person_url(former) in _text(response)


def test_a_persons_page_names_twenty_colleagues_and_links_to_all(people, client):
    kenya = reference_org("KE")
    person = FocalPointFactory(organization=kenya)
    visible = FocalPoint.objects.visible_to(people.entity).filter(organization=kenya).exclude(pk=person.pk)
    FocalPointFactory.create_batch(max(0, 21 - visible.count()), organization=kenya)
    response = _as(client, people.entity).get(_person_url(person))
    assert len(response.context["colleagues"]) == 20 and response.context["more_colleagues"]
    assert f'href="{_organization_url(kenya)}"' in _text(response)
    assert "All focal points of" in _text(response)


def test_a_persons_page_reads_a_bounded_number_of_queries(people, client, django_assert_max_num_queries):
    kenya = reference_org("KE")
    themes = list(ThematicArea.objects.order_by("slug")[:3])
    person = FocalPointFactory(organization=kenya, expertise=themes[:1])
    client = _as(client, people.secretariat)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_person_url(person)).status_code == 200
    person.expertise.set(themes)
    person.languages.set(Language.objects.all())
    FocalPointFactory.create_batch(25, organization=kenya, expertise=themes)
    with django_assert_max_num_queries(len(few)):
        assert client.get(_person_url(person)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_every_name_in_the_directory_leads_to_the_persons_page(role, people, world, client):
    response = _as(client, people.roles()[role]).get(INDEX, {"q": sc.MARKER})
    text = _text(response)
    listed = response.context["page"].object_list
    assert listed
    for person in listed:
        assert f'<a href="{_person_url(person)}">' in text


def test_names_on_organization_and_country_pages_lead_to_the_persons_page(people, world, client):
    hidden = world.objects["focal-points"]["hidden_contact"]
    client = _as(client, people.state)
    for url in (_organization_url(hidden.organization), reverse("countries:profile", args=["NOR"])):
        assert f'<a href="{_person_url(hidden)}">' in _text(client.get(url))


# --- the pager ---------------------------------------------------------------------------------------------


@pytest.fixture
def paged(people):
    """Twelve pages of Kenya's people found by two words (25 a page, the last one of 5)."""
    FocalPointFactory.create_batch(280, organization=reference_org("KE"), job_title="Pager person")
    return {"q": "Pager person", "country": "KEN"}


def _pager(response) -> str:
    text = _text(response)
    start = text.index('<nav class="pagination pager"')
    return text[start : text.index("</nav>", start)]


def test_the_pager_shows_numbers_around_the_page_with_the_first_and_the_last(people, paged, client):
    pager = _pager(_as(client, people.entity).get(INDEX, {**paged, "page": 6}))
    numbers = [int(n) for n in re.findall(r'aria-label="Page \d+">(\d+)</a>', pager)]
    assert numbers == [1, 4, 5, 6, 7, 8, 12]
    assert pager.count("…") == 2
    assert pager.count('aria-current="page"') == 1
    assert 'aria-current="page" aria-label="Page 6">6</a>' in pager
    assert 'rel="prev"' in pager and 'rel="next"' in pager
    assert 'aria-label="Pages"' in pager


def test_every_link_of_the_pager_keeps_the_search_and_the_filters(people, paged, client):
    pager = _pager(_as(client, people.entity).get(INDEX, {**paged, "page": 6}))
    links = re.findall(r'href="([^"]+)"', pager)
    assert len(links) == 9  # previous, seven numbers, next
    for link in links:
        assert "q=Pager+person" in link and "country=KEN" in link
    assert "page=5" in links[0] and "page=7" in links[-1]


def test_the_jump_form_keeps_the_search_and_the_filters(people, paged, client):
    client = _as(client, people.entity)
    pager = _pager(client.get(INDEX, {**paged, "page": 2}))
    assert f'<form class="pager-jump" method="get" action="{INDEX}">' in pager
    assert '<input type="hidden" name="q" value="Pager person">' in pager
    assert '<input type="hidden" name="country" value="KEN">' in pager
    assert 'name="page" type="number" inputmode="numeric" min="1" max="12" value="2"' in pager
    assert pager.count('name="page"') == 1
    # What the form sends: the same filters and the page asked for.
    response = client.get(INDEX, {**paged, "page": "9"})
    assert response.context["page"].number == 9
    assert response.context["form"].cleaned_data["q"] == "Pager person"


def test_the_first_and_last_pages_offer_no_step_beyond(people, paged, client):
    client = _as(client, people.entity)
    first = _pager(client.get(INDEX, paged))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'aria-current="page" aria-label="Page 1">1</a>' in first
    last = _pager(client.get(INDEX, {**paged, "page": 12}))
    assert 'rel="next"' not in last and 'rel="prev"' in last


@pytest.mark.parametrize(("asked", "shown"), [("13", 12), ("400", 12), ("0", 12), ("abc", 1), ("-3", 12)])
def test_page_numbers_out_of_range_or_malformed_keep_their_answer(asked, shown, people, paged, client):
    response = _as(client, people.entity).get(INDEX, {**paged, "page": asked})
    assert response.context["page"].number == shown
    assert f'aria-current="page" aria-label="Page {shown}">{shown}</a>' in _pager(response)


def test_a_page_number_past_the_deepest_page_is_a_404(people, paged, client):
    assert _as(client, people.entity).get(INDEX, {**paged, "page": "401"}).status_code == 404


def test_a_list_of_one_page_has_no_pager(people, client):
    text = _text(_as(client, people.entity).get(INDEX, {"q": sc.MARKER}))
    assert 'class="pagination pager"' not in text and "Go to page" not in text

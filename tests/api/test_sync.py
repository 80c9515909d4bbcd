"""Staying in sync: what changed since a time (`updated_after`, ordering by `updated_at`), what was deleted
(/api/v1/deletions/, to those who could read it), and conditional GETs (ETag, 304) on lists and records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compact import api_urls
from newsletters.models import FrozenFigure
from platform_app.core import sync
from platform_app.core.filters import ChangeFilterSet
from platform_app.core.models import Deletion
from platform_app.countries.models import EntryAttachment
from platform_app.cted.models import Recommendation
from platform_app.cted.services import assessment_set_sharing
from platform_app.directory.models import FocalPoint, Organization
from platform_app.library.models import Document
from platform_app.structure.models import ThematicArea, WorkingGroup, WorkingGroupMembership
from platform_app.support.models import SupportRequest, SupportRouting
from tests import scenario as sc
from tests.factories import (
    AppealFactory,
    AppealProjectFactory,
    CountryPageFactory,
    DocumentFactory,
    DocumentVersionFactory,
    reference_group,
    reference_org,
)
from tests.people import african_union

from .openapi import openapi_schema

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

REGISTRY = {prefix: (viewset, basename) for prefix, viewset, basename in api_urls.router.registry}
# The lists of records a Member State's system copies: all of the router's but one's own tokens (which have
# no updated_at) and the deletions themselves.
NOT_COPIED = {"auth/tokens", "deletions"}
COPIED = sorted(set(REGISTRY) - NOT_COPIED)

OLD = datetime(2020, 1, 1, tzinfo=UTC)
CHANGED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def list_url(resource: str) -> str:
    return reverse(f"api:{REGISTRY[resource][1]}-list")


def detail_url(resource: str, pk: int) -> str:
    return reverse(f"api:{REGISTRY[resource][1]}-detail", kwargs={"pk": pk})


def model_of(resource: str):
    return apps.get_model(sync.SYNCED[resource])


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [item["id"] for item in response.json()["results"]]


def changed_at(model, pk: int, when: datetime) -> None:
    model._base_manager.filter(pk=pk).update(updated_at=when)


def two_rows(resource: str) -> list[int]:
    """Two records of the list, the Secretariat's to read (the scenario has one appeal and one page)."""
    model = model_of(resource)
    if model._base_manager.count() < 2:
        {"appeals": AppealFactory, "country-pages": lambda: CountryPageFactory(member_state=reference_org("NO"))}[
            resource
        ]()
    return list(model._base_manager.order_by("pk").values_list("pk", flat=True)[:2])


def test_the_copied_lists_are_every_list_of_records():
    assert set(COPIED) == set(sync.SYNCED)
    for resource in COPIED:
        assert REGISTRY[resource][0].queryset.model is model_of(resource), resource


@pytest.mark.parametrize("resource", COPIED)
def test_every_list_filter_set_takes_updated_after(resource):
    assert issubclass(REGISTRY[resource][0].filterset_class, ChangeFilterSet), resource


# --- updated_after and ordering by updated_at ---------------------------------------------------------


@pytest.mark.parametrize("resource", COPIED)
def test_updated_after_lists_what_changed_at_or_after_a_time(api, people, world, resource):
    model = model_of(resource)
    two_rows(resource)
    model._base_manager.update(updated_at=OLD)
    changed = next(iter(world.objects[resource].values()))
    changed_at(model, changed.pk, CHANGED)
    api.as_user(people.secretariat)
    url = list_url(resource)
    assert ids(api.get(url, {"updated_after": "2024-06-01T12:00:00Z"})) == [changed.pk]
    assert ids(api.get(url, {"updated_after": "2024-06-01T14:00:00+02:00"})) == [changed.pk], "the same instant"
    assert ids(api.get(url, {"updated_after": "2024-06-01T12:00:00.000001Z"})) == []
    everything = api.get(url).json()["count"]
    assert api.get(url, {"updated_after": "2019-12-31T23:59:59Z"}).json()["count"] == everything > 1


@pytest.mark.parametrize("resource", COPIED)
def test_a_malformed_or_zoneless_updated_after_is_a_400_naming_it(api, people, resource):
    api.as_user(people.state)
    for value in ("yesterday", "2024-06-01T12:00:00", "2024-06-01", "2024-13-01T00:00:00Z"):
        response = api.get(list_url(resource), {"updated_after": value})
        assert response.status_code == 400, (value, response.content[:200])
        assert set(response.json()["errors"]) == {"updated_after"}, value


@pytest.mark.parametrize("resource", COPIED)
def test_every_list_orders_by_updated_at(api, people, world, resource):
    model = model_of(resource)
    rows = two_rows(resource)
    model._base_manager.update(updated_at=OLD)
    order = [rows[1], rows[0]]
    for n, pk in enumerate(order):
        changed_at(model, pk, CHANGED + timedelta(minutes=n))
    api.as_user(people.secretariat)
    url = list_url(resource)
    since = {"updated_after": "2024-01-01T00:00:00Z"}
    ascending = api.get(url, {**since, "ordering": "updated_at"})
    assert ids(ascending) == order
    assert [item["updated_at"] for item in ascending.json()["results"]] == [
        "2024-06-01T12:00:00Z",
        "2024-06-01T12:01:00Z",
    ]
    assert ids(api.get(url, {**since, "ordering": "-updated_at"})) == order[::-1]


# --- updated_at moves whichever way a record changes ---------------------------------------------------


def _new_version(people, world):
    DocumentVersionFactory(document=world.objects["documents"]["platform"])
    return [world.objects["documents"]["platform"]]


def _themes(people, world):
    world.objects["documents"]["platform"].themes.add(ThematicArea.objects.order_by("pk").first())
    return [world.objects["documents"]["platform"]]


def _new_member(people, world):
    # Norway joins BMLE: the group lists it, and Norway may now read what is shared with the group.
    WorkingGroupMembership.objects.create(working_group=reference_group("BMLE"), organization=reference_org("NO"))
    return [reference_group("BMLE"), world.objects["documents"]["bmle"], world.objects["events"]["bmle"]]


def _group_member_through_the_relation(people, world):
    reference_group("PCVE").organizations.add(reference_org("NO"), through_defaults={"role": "member"})
    return [reference_group("PCVE"), world.objects["meetings"]["pcve"]]


def _shared_assessment(people, world):
    assessment = world.objects["assessments"]["kenya"]
    assessment_set_sharing(user=people.state, assessment=assessment, shared=True)
    return [world.objects["recommendations"]["kenya"], world.objects["support-requests"]["kenya_to_unodc"]]


def _renamed(people, world):
    person = world.objects["focal-points"]["hidden_contact"].user
    person.last_name = "Renamed"
    person.save()
    return [world.objects["focal-points"]["hidden_contact"]]


def _routed(people, world):
    request = world.objects["support-requests"]["kenya_submitted"]
    SupportRouting.objects.create(request=request, organization=reference_org("UNOCT"))
    return [request]


def _attached(people, world):
    entry = world.objects["country-entries"]["platform"]
    EntryAttachment.objects.create(entry=entry, file="countries/t/x.pdf", original_filename="x.pdf", size=3)
    return [entry]


def _appeal_project(people, world):
    AppealProjectFactory(appeal=world.objects["appeals"]["appeal"])
    return [world.objects["appeals"]["appeal"]]


def _responds(people, world):
    project = world.objects["projects"]["unoct"]
    project.responds_to.add(world.objects["recommendations"]["norway_shared"])
    return [project, world.objects["recommendations"]["norway_shared"]]


def _cited_deleted(people, world):
    # The projects and requests citing a recommendation list it no more.
    world.objects["recommendations"]["kenya"].delete()
    return [world.objects["projects"]["unodc"], world.objects["support-requests"]["kenya_to_unodc"]]


def _figures(people, world):
    FrozenFigure.objects.create(issue=world.objects["newsletters"]["draft"], key="entities", label="Entities", value=1)
    return [world.objects["newsletters"]["draft"]]


def _cleared(people, world):
    entry = world.objects["country-entries"]["for_au"]
    entry.allowed_organizations.clear()
    return [entry]


CHANGES = {
    "a document's new version": _new_version,
    "a document's themes": _themes,
    "a group's new member": _new_member,
    "a group's member added through the relation": _group_member_through_the_relation,
    "an assessment shared": _shared_assessment,
    "a person renamed": _renamed,
    "a request routed": _routed,
    "an entry's file": _attached,
    "an appeal's project": _appeal_project,
    "a project responding to a recommendation": _responds,
    "a cited recommendation deleted": _cited_deleted,
    "an issue's figures": _figures,
    "an entry's named organizations cleared": _cleared,
}


@pytest.mark.parametrize("change", CHANGES)
def test_updated_at_moves_whichever_way_a_record_changes(people, world, change):
    for model in {apps.get_model(label) for label in sync.SYNCED.values()}:
        model._base_manager.update(updated_at=OLD)
    records = CHANGES[change](people, world)
    for record in records:
        moved = type(record)._base_manager.get(pk=record.pk).updated_at
        assert moved > OLD, (change, type(record).__name__)


def test_a_sign_in_does_not_change_the_directory(people, world):
    focal_point = FocalPoint.objects.get(user=people.state)
    changed_at(FocalPoint, focal_point.pk, OLD)
    people.state.last_login = datetime.now(UTC)
    people.state.save(update_fields=["last_login"])
    people.state.save()  # a full save with no watched field changed
    assert FocalPoint.objects.get(pk=focal_point.pk).updated_at == OLD


# --- deletions ---------------------------------------------------------------------------------------


def deletions(api, user, **params) -> set[tuple[str, int]]:
    api.as_user(user)
    response = api.get(reverse("api:deletion-list"), {"page_size": 200, **params})
    assert response.status_code == 200, response.content[:300]
    return {(item["kind"], item["id"]) for item in response.json()["results"]}


@pytest.mark.parametrize("resource", COPIED)
def test_a_deletion_is_listed_to_whoever_could_read_the_record(api, people, world, resource):
    deleted = {}
    for name, obj in world.objects[resource].items():
        try:
            with transaction.atomic():
                type(obj)._base_manager.filter(pk=obj.pk).delete()
        except (ProtectedError, RestrictedError):
            continue
        deleted[name] = obj.pk
    if not deleted:  # the scenario's organizations and groups are referred to; a new one is read by all
        created = {
            "organizations": lambda: Organization.objects.create(kind="regional_org", name="Gone organization"),
            "working-groups": lambda: WorkingGroup.objects.create(
                number=99, short_name="GONE", name="Gone", objective="-"
            ),
        }[resource]()
        deleted["created"] = created.pk
        created.delete()
        world.visible[resource]["created"] = sc.PLATFORM
    assert deleted, resource
    for role in sorted(sc.PLATFORM):
        listed = deletions(api, people.roles()[role], kind=resource)
        expected = {(resource, pk) for name, pk in deleted.items() if role in world.visible[resource][name]}
        assert listed == expected, (resource, role)


def test_kenya_hears_of_its_deleted_entry_and_norway_does_not(api, people, world):
    entry = world.objects["country-entries"]["entities"]
    gone = ("country-entries", entry.pk)
    entry.delete()
    assert gone in deletions(api, people.state)
    assert gone in deletions(api, people.entity)  # the entry was for entities
    assert gone not in deletions(api, people.other_state)
    assert gone in deletions(api, people.secretariat)


def test_the_author_hears_of_the_deletion_of_what_they_shared(api, people, world):
    document = DocumentFactory(
        visibility="restricted", allowed_organizations=[african_union()], uploaded_by=people.other_state
    )
    gone = ("documents", document.pk)
    document.delete()
    assert gone in deletions(api, people.other_state)  # Norway's focal point uploaded it
    assert gone in deletions(api, people.regional)
    assert gone not in deletions(api, people.state)
    assert gone not in deletions(api, people.entity)  # UNODC; the owner is UNOCT


def test_deletions_since_a_time_oldest_first_paged(api, people, world):
    first, second = world.objects["documents"]["platform"], world.objects["events"]["platform"]
    first_pk, second_pk = first.pk, second.pk
    first.delete()
    second.delete()
    Deletion.objects.filter(kind="documents", object_id=first_pk).update(deleted_at=CHANGED)
    Deletion.objects.filter(kind="events", object_id=second_pk).update(deleted_at=CHANGED + timedelta(hours=1))
    api.as_user(people.other_state)
    url = reverse("api:deletion-list")
    page = api.get(url, {"since": "2024-06-01T12:00:00Z", "page_size": 1}).json()
    assert page["count"] == 2
    assert page["results"] == [{"kind": "documents", "id": first_pk, "deleted_at": "2024-06-01T12:00:00Z"}]
    assert ids(api.get(page["next"])) == [second_pk]
    assert deletions(api, people.other_state, since="2024-06-01T12:30:00Z") == {("events", second_pk)}
    for value in ("2024-06-01T12:30:00", "soon"):
        response = api.get(url, {"since": value})
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"since"}


def test_who_could_read_a_record_is_asked_in_a_few_queries(people, world):
    document = world.objects["documents"]["for_kenya"]
    organizations = Organization.objects.count()
    with CaptureQueriesContext(connection) as captured:
        readers = sync.readers_of(document)
    # Kenya, for which it is restricted, and UNOCT, which shared it.
    assert readers == [{"organization_id": pk} for pk in sorted([reference_org("KE").pk, reference_org("UNOCT").pk])]
    # The kinds, the organizations, then one question per ASKED_AT_ONCE organizations.
    assert len(captured) <= 2 + -(-organizations // sync.ASKED_AT_ONCE), [q["sql"][:200] for q in captured]


def test_the_deletions_are_documented():
    schema = openapi_schema()
    operation = schema["paths"]["/api/v1/deletions/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"since", "kind", "page", "page_size", "If-None-Match"}


# --- ETag and 304 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", COPIED)
def test_every_list_and_record_answers_304_to_its_etag(api, people, world, resource):
    api.as_user(people.secretariat)
    record = next(iter(world.objects[resource].values()))
    for url in (list_url(resource), detail_url(resource, record.pk)):
        full = api.get(url)
        assert full.status_code == 200
        etag = full["ETag"]
        assert etag.startswith('W/"'), etag
        assert full.has_header("Last-Modified")
        again = api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, (url, again.content[:200])
        assert again.content == b""
        assert again["ETag"] == etag
        assert api.get(url, HTTP_IF_NONE_MATCH='W/"not-this-one"').status_code == 200
        assert api.get(url, HTTP_IF_NONE_MATCH="*").status_code == 304


def test_the_deletions_answer_304_too(api, people, world):
    world.objects["documents"]["platform"].delete()
    api.as_user(people.state)
    url = reverse("api:deletion-list")
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    world.objects["events"]["platform"].delete()
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("resource", COPIED)
def test_a_304_costs_no_count_query(api, people, world, resource):
    api.as_user(people.secretariat)
    url = list_url(resource)
    etag = api.get(url)["ETag"]
    with CaptureQueriesContext(connection) as full:
        assert api.get(url, HTTP_IF_NONE_MATCH='W/"stale"').status_code == 200
    assert any("COUNT(" in q["sql"].upper() for q in full), "a page in full counts the list"
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    counting = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counting == []
    assert len(captured) < len(full)


def etag(api, url, **params) -> str:
    response = api.get(url, params)
    assert response.status_code == 200
    return response["ETag"]


def test_the_etag_changes_with_what_the_caller_sees(api, people, world):
    api.as_user(people.other_state)
    url = list_url("documents")
    seen = [etag(api, url)]

    def changed(**params) -> None:
        now = etag(api, url, **params)
        assert now not in seen
        seen.append(now)

    platform = world.objects["documents"]["platform"]
    platform.title = "Platform guidance, second edition"
    platform.save()
    changed()  # a record updated
    DocumentFactory()
    changed()  # a record added
    page = etag(api, url, page_size=1, ordering="-published_on")
    last = Document.objects.visible_to(people.other_state).order_by("published_on", "id").first()
    last.delete()
    assert etag(api, url, page_size=1, ordering="-published_on") != page, "a record deleted after the page"
    world.objects["documents"]["for_kenya"].allowed_organizations.add(reference_org("NO"))
    changed()  # a record come into view


def test_a_record_s_etag_changes_with_it(api, people, world):
    api.as_user(people.state)
    record = world.objects["documents"]["platform"]
    url = detail_url("documents", record.pk)
    before = etag(api, url)
    record.description = "Second edition."
    record.save()
    after = etag(api, url)
    assert after != before
    assert api.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=after).status_code == 304
    owner = Organization.objects.get(pk=record.organization_id)
    owner.name = "Renamed office"
    owner.save()
    assert etag(api, url) != after, "the body names the organization"


def test_people_who_see_different_things_get_different_etags(api, people, world):
    url = list_url("documents")
    kenya = etag(api.as_user(people.state), url)
    norway = etag(api.as_user(people.other_state), url)
    assert kenya != norway
    assert api.as_user(people.other_state).get(url, HTTP_IF_NONE_MATCH=kenya).status_code == 200


def test_a_membership_changes_the_etag_of_what_it_opens(api, people, world):
    api.as_user(people.other_state)
    url = list_url("documents")
    before = etag(api, url, ordering="title", page_size=1)
    WorkingGroupMembership.objects.create(working_group=reference_group("BMLE"), organization=reference_org("NO"))
    assert etag(api, url, ordering="title", page_size=1) != before


def test_support_requests_routed_to_a_group_follow_its_members(people, world):
    request = world.objects["support-requests"]["kenya_to_bmle"]
    changed_at(SupportRequest, request.pk, OLD)
    WorkingGroupMembership.objects.filter(
        working_group=reference_group("BMLE"), organization=reference_org("CTED")
    ).delete()
    assert SupportRequest.objects.get(pk=request.pk).updated_at > OLD
    assert WorkingGroup.objects.get(short_name="BMLE").updated_at > OLD


def test_a_recommendation_of_an_assessment_shared_is_not_changed_by_an_edit_of_the_summary(people, world):
    assessment = world.objects["assessments"]["kenya"]
    changed_at(Recommendation, world.objects["recommendations"]["kenya"].pk, OLD)
    assessment.summary = "Edited."
    assessment.save()
    assert Recommendation.objects.get(pk=world.objects["recommendations"]["kenya"].pk).updated_at == OLD

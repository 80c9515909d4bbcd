"""The Member States' pages and requests for tailored support through the API: the whole thread of a
request, who may act (403) and who may not even know (404), bad input, and edits that cross."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_app.countries.models import CountryEntry
from platform_app.support.models import SupportOffer, SupportRequest, SupportStep
from tests import scenario as sc
from tests.factories import (
    FocalPointFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    reference_group,
    reference_org,
)
from tests.people import african_union

# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world


def url(name: str, pk: int | None = None) -> str:
    return reverse(f"api:{name}", kwargs={"pk": pk} if pk is not None else {})


def request_body(**overrides):
    body = {
        "title": "Training of forensic analysts",
        "needs": "Two sessions for twenty analysts before June.",
        "thematic_area": "border-management",
        "pillar": 2,
        "urgency": "priority",
    }
    return body | overrides


def entry_body(**overrides):
    body = {"kind": "priority", "title": "Screening at land borders", "text": "Our priority.", "dated_on": "2026-05-01"}
    return body | overrides


def writes() -> tuple[int, int, int, int]:
    return (
        SupportRequest.objects.count(),
        SupportOffer.objects.count(),
        SupportStep.objects.count(),
        CountryEntry.objects.count(),
    )


# --- the thread of a request ---------------------------------------------------------------------------


def test_a_request_is_filed_routed_offered_accepted_and_closed(api, people, world):
    kenya_rec = world.objects["recommendations"]["kenya"]
    filed = api.as_user(people.state).post(
        url("support-request-list"), request_body(recommendations=[kenya_rec.pk], working_groups=["BMLE"])
    )
    assert filed.status_code == 201, filed.content[:300]
    body = filed.json()
    pk = body["id"]
    assert (body["status"], body["country"]["iso_alpha3"], body["pillar"]) == ("submitted", "KEN", 2)
    assert (body["recommendations"], body["working_groups"]) == ([kenya_rec.pk], ["BMLE"])
    assert [s["action"] for s in body["steps"]] == ["filed"]
    kenya = reference_org("KE")
    assert body["steps"][0]["organization"] == (kenya.acronym or kenya.name)

    # Not yet routed: UNODC does not know of it, and cannot make an offer on it.
    assert api.as_user(people.entity).get(url("support-request-detail", pk)).status_code == 404
    refused = api.post(url("support-offer-list"), {"request": pk, "description": "Mentoring."})
    assert refused.status_code == 400
    assert "request" in refused.json()["errors"]

    routed = api.as_user(people.secretariat).post(
        url("support-request-route", pk), {"organizations": [reference_org("UNODC").pk], "note": "Forensics."}
    )
    assert routed.status_code == 200, routed.content[:300]
    assert routed.json()["status"] == "routed"
    assert routed.json()["routings"][0]["organization"]["acronym"] == "UNODC"
    assert routed.json()["routings"][0]["working_group"] is None

    seen = api.as_user(people.entity).get(url("support-request-detail", pk))
    assert seen.status_code == 200
    assert seen.json()["recommendations"] == []  # Kenya's assessment is not shared with entities
    offered = api.post(url("support-offer-list"), {"request": pk, "description": "Mentoring by our experts."})
    assert offered.status_code == 201, offered.content[:300]
    offer = offered.json()
    assert (offer["status"], offer["organization"]["acronym"], offer["request"]) == ("offered", "UNODC", pk)

    after_offer = api.as_user(people.state).get(url("support-request-detail", pk)).json()
    assert after_offer["status"] == "offered"
    assert after_offer["first_offer_at"] is not None
    assert after_offer["offers"] == [offer["id"]]

    accepted = api.post(url("support-offer-accept", offer["id"]), {"note": "Gladly."})
    assert accepted.status_code == 200, accepted.content[:300]
    assert (accepted.json()["status"], accepted.json()["decision_note"]) == ("accepted", "Gladly.")
    again = api.post(url("support-offer-decline", offer["id"]), {})
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"

    closed = api.post(url("support-request-close", pk), {"note": "Served."})
    assert closed.status_code == 200
    final = closed.json()
    assert final["status"] == "closed"
    assert final["closed_at"] is not None
    assert [(s["action"], s["status"]) for s in final["steps"]] == [
        ("filed", "submitted"),
        ("routed", "routed"),
        ("offered", "offered"),
        ("accepted", "accepted"),
        ("closed", "closed"),
    ]
    assert final["steps"][3]["note"] == "Gladly."


def test_a_closed_or_withdrawn_request_takes_no_more_changes(api, people, world):
    kenya = world.objects["support-requests"]["kenya_to_unodc"]
    withdrawn = api.as_user(people.state).post(url("support-request-withdraw", kenya.pk), {"note": "No longer needed."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    before = writes()
    for method, name, body, user in [
        ("patch", "support-request-detail", {"title": "Changed"}, people.state),
        ("post", "support-request-withdraw", {}, people.state),
        ("post", "support-request-close", {}, people.secretariat),
        ("post", "support-request-route", {"working_groups": ["PCVE"]}, people.secretariat),
    ]:
        response = getattr(api.as_user(user), method)(url(name, kenya.pk), body)
        assert response.status_code == 409, (name, response.content[:200])
        assert response.json() == {"detail": "This request is withdrawn: it takes no more changes.", "code": "conflict"}
    offer = api.as_user(people.entity).post(url("support-offer-list"), {"request": kenya.pk, "description": "Late."})
    assert offer.status_code == 409
    assert offer.json()["code"] == "conflict"
    pending = world.objects["support-offers"]["unodc_to_kenya"]
    assert api.as_user(people.state).post(url("support-offer-accept", pending.pk), {}).status_code == 409
    assert writes() == before
    kenya.refresh_from_db()
    assert kenya.title != "Changed"


def test_an_entity_withdraws_its_offer_and_the_state_declines_another(api, people, world):
    offer = world.objects["support-offers"]["unodc_to_kenya"]
    assert api.as_user(people.state).post(url("support-offer-withdraw", offer.pk), {}).status_code == 403
    withdrawn = api.as_user(people.entity).post(url("support-offer-withdraw", offer.pk), {"note": "Staff moved."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.post(url("support-offer-withdraw", offer.pk), {}).status_code == 409
    second = api.post(
        url("support-offer-list"), {"request": offer.request_id, "description": "Another way.", "project": None}
    )
    assert second.status_code == 201
    declined = api.as_user(people.state).post(url("support-offer-decline", second.json()["id"]), {"note": "No."})
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"


TO_PCVE, TO_UNODC = {"working_groups": ["PCVE"]}, {"organizations": ["UNODC"]}
# What the request, and the offer if any, have come to; who tries what. On a request routed to UNODC.
STATE_CONFLICTS = {
    "withdraw a withdrawn request": ("withdrawn", None, "state", "post", "support-request-withdraw", {}),
    "withdraw a closed request": ("closed", None, "state", "post", "support-request-withdraw", {}),
    "close a closed request": ("closed", None, "secretariat", "post", "support-request-close", {}),
    "close a withdrawn request": ("withdrawn", None, "state", "post", "support-request-close", {}),
    "change a closed request": ("closed", None, "state", "patch", "support-request-detail", {"title": "New"}),
    "route a closed request": ("closed", None, "secretariat", "post", "support-request-route", TO_PCVE),
    "route again where it went": ("routed", None, "secretariat", "post", "support-request-route", TO_UNODC),
    "offer on a closed request": ("closed", None, "entity", "post", "support-offer-list", {"description": "Late."}),
    "accept an accepted offer": ("accepted", "accepted", "state", "post", "support-offer-accept", {}),
    "decline an accepted offer": ("accepted", "accepted", "state", "post", "support-offer-decline", {}),
    "accept a declined offer": ("offered", "declined", "state", "post", "support-offer-accept", {}),
    "accept a withdrawn offer": ("offered", "withdrawn", "state", "post", "support-offer-accept", {}),
    "accept an offer on a withdrawn request": ("withdrawn", "offered", "state", "post", "support-offer-accept", {}),
    "withdraw a withdrawn offer": ("offered", "withdrawn", "entity", "post", "support-offer-withdraw", {}),
    "withdraw an accepted offer": ("accepted", "accepted", "entity", "post", "support-offer-withdraw", {}),
    "withdraw an offer on a closed request": ("closed", "offered", "entity", "post", "support-offer-withdraw", {}),
}


@pytest.mark.parametrize("case", STATE_CONFLICTS)
def test_a_move_the_present_state_does_not_allow_is_a_409_and_changes_nothing(api, people, world, case):
    request_status, offer_status, role, method, name, body = STATE_CONFLICTS[case]
    unodc = reference_org("UNODC")
    request = SupportRequestFactory(status=request_status, routed_to=[unodc])
    pk = request.pk
    if offer_status is not None:
        decided = None if offer_status == "offered" else timezone.now()
        pk = SupportOfferFactory(request=request, status=offer_status, decided_at=decided).pk
    if name == "support-offer-list":
        pk, body = None, body | {"request": request.pk}
    if "organizations" in body:
        body = body | {"organizations": [unodc.pk]}

    def stored():
        return (
            writes(),
            list(SupportRequest.objects.filter(pk=request.pk).values()),
            list(SupportOffer.objects.filter(request=request).values()),
            list(request.routings.values()),
        )

    before = stored()
    response = getattr(api.as_user(people.roles()[role]), method)(url(name, pk), body)
    assert response.status_code == 409, response.content[:300]
    assert response.json()["code"] == "conflict"
    assert response.json()["detail"]
    assert stored() == before


def test_a_request_routed_to_a_group_reaches_its_entity_members_and_not_its_observers(api, people, world):
    pcve = reference_group("PCVE")
    assert pcve.memberships.get(organization=reference_org("DESA")).role == "observer"
    observer = FocalPointFactory(organization=reference_org("DESA")).user
    pk = SupportRequestFactory(routed_to=[pcve]).pk

    def listed(user) -> set[int]:
        response = api.as_user(user).get(url("support-request-list"), {"page_size": 200})
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert pk not in listed(observer)
    assert api.get(url("support-request-detail", pk)).status_code == 404
    refused = api.post(url("support-offer-list"), {"request": pk, "description": "Help from an observer."})
    assert refused.status_code == 400 and "request" in refused.json()["errors"]
    assert not SupportOffer.objects.filter(request_id=pk).exists()

    assert pk in listed(people.entity)  # UNODC, a member of PCVE
    assert api.get(url("support-request-detail", pk)).status_code == 200
    offered = api.post(url("support-offer-list"), {"request": pk, "description": "Two mentors."})
    assert offered.status_code == 201, offered.content[:300]


# --- 403 for who sees but may not act, 404 for who may not see ------------------------------------------


@pytest.mark.parametrize(
    ("role", "name", "resource", "obj", "body", "expected"),
    [
        ("state", "support-request-route", "support-requests", "kenya_submitted", {"working_groups": ["BMLE"]}, 403),
        ("entity", "support-request-route", "support-requests", "kenya_to_unodc", {"working_groups": ["BMLE"]}, 403),
        ("regional", "support-request-route", "support-requests", "kenya_submitted", {"working_groups": ["BMLE"]}, 404),
        ("entity", "support-request-close", "support-requests", "kenya_to_unodc", {}, 403),
        ("secretariat", "support-request-withdraw", "support-requests", "kenya_to_unodc", {}, 403),
        ("other_state", "support-request-withdraw", "support-requests", "kenya_to_unodc", {}, 404),
        ("secretariat", "support-offer-accept", "support-offers", "unodc_to_kenya", {}, 403),
        ("entity", "support-offer-accept", "support-offers", "unodc_to_kenya", {}, 403),
        ("other_state", "support-offer-decline", "support-offers", "unodc_to_kenya", {}, 404),
        ("state", "support-offer-withdraw", "support-offers", "unodc_to_kenya", {}, 403),
        ("cted", "support-offer-withdraw", "support-offers", "unodc_to_kenya", {}, 404),
        ("state", "country-entry-moderate", "country-entries", "platform", {"hidden": True, "reason": "x"}, 403),
        ("regional", "country-entry-moderate", "country-entries", "hidden", {"hidden": False, "reason": "x"}, 404),
    ],
)
def test_who_sees_but_may_not_act_gets_403_and_who_may_not_see_404(
    api, people, world, role, name, resource, obj, body, expected
):
    before = writes()
    response = api.as_user(people.roles()[role]).post(url(name, world.objects[resource][obj].pk), body)
    assert response.status_code == expected, response.content[:300]
    assert writes() == before


@pytest.mark.parametrize(
    ("role", "method", "obj", "expected"),
    [
        ("secretariat", "patch", "kenya_submitted", 403),
        ("entity", "patch", "kenya_to_unodc", 403),
        ("other_state", "patch", "kenya_to_unodc", 404),
        ("state", "patch", "kenya_submitted", 200),
    ],
)
def test_only_the_requesting_state_changes_its_request(api, people, world, role, method, obj, expected):
    pk = world.objects["support-requests"][obj].pk
    response = getattr(api.as_user(people.roles()[role]), method)(
        url("support-request-detail", pk), {"urgency": "urgent"}
    )
    assert response.status_code == expected
    assert (SupportRequest.objects.get(pk=pk).urgency == "urgent") is (expected == 200)


@pytest.mark.parametrize("role", ["outsider", *sorted(sc.PLATFORM)])
def test_who_may_file_a_request_and_make_an_offer(api, people, world, role):
    api.as_user(people.roles()[role])
    filed = api.post(url("support-request-list"), request_body())
    assert filed.status_code == (201 if role in ("state", "other_state") else 403)
    routed_to_unodc = world.objects["support-requests"]["kenya_to_unodc"].pk
    offered = api.post(url("support-offer-list"), {"request": routed_to_unodc, "description": "Help."})
    # CTED is an entity, but the request was not routed to it: to CTED it does not exist.
    assert offered.status_code == {"entity": 201, "cted": 400}.get(role, 403)


def test_an_entity_sees_only_the_recommendations_it_may_see(api, people, world):
    request = world.objects["support-requests"]["kenya_to_unodc"]
    kenya_rec = world.objects["recommendations"]["kenya"].pk
    assert api.as_user(people.state).get(url("support-request-detail", request.pk)).json()["recommendations"] == [
        kenya_rec
    ]
    assert api.as_user(people.entity).get(url("support-request-detail", request.pk)).json()["recommendations"] == []


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"thematic_area": "no-such-area"}, "thematic_area"),
        ({"thematic_area": "border\x00management"}, "thematic_area"),
        ({"pillar": 9}, "pillar"),
        ({"pillar": 2**70}, "pillar"),
        ({"pillar": "2"}, "pillar"),
        ({"title": "x" * 300}, "title"),
        ({"title": "   "}, "title"),
        ({"needs": "with a \x00 byte"}, "needs"),
        ({"needs": "x" * 20_001}, "needs"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"recommendations": [999_999]}, "recommendations"),
        ({"recommendations": [2**70]}, "recommendations"),
        ({"recommendations": "1"}, "recommendations"),
        ({"working_groups": ["NO-SUCH-GROUP"]}, "working_groups"),
        ({"working_groups": ["BM\x00LE"]}, "working_groups"),
        ({"status": "closed"}, "status"),
    ],
)
def test_a_bad_request_is_refused_naming_the_field_and_nothing_is_written(api, people, world, body, field):
    before = writes()
    response = api.as_user(people.state).post(url("support-request-list"), request_body(**body))
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert response.json()["detail"].startswith(field)
    assert writes() == before


def test_citing_another_states_recommendation_is_refused(api, people, world):
    norway_rec = world.objects["recommendations"]["norway_shared"]
    before = writes()
    response = api.as_user(people.state).post(
        url("support-request-list"), request_body(recommendations=[norway_rec.pk])
    )
    assert response.status_code == 400
    assert "recommendations" in response.json()["errors"]
    # Kenya may not see Norway's recommendation: the answer is that of one that does not exist.
    missing = api.post(url("support-request-list"), request_body(recommendations=[999_999]))
    assert response.json()["errors"]["recommendations"][0].replace(str(norway_rec.pk), "N") == missing.json()["errors"][
        "recommendations"
    ][0].replace("999999", "N")
    assert writes() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"working_groups": ["NO-SUCH-GROUP"]}, "working_groups"),
        ({"working_groups": ["BMLE", "NO-SUCH-GROUP"]}, "working_groups"),
        ({"organizations": [999_999]}, "organizations"),
        ({"organizations": [2**70]}, "organizations"),
        ({}, "working_groups"),
        ({"note": "\x00"}, "note"),
        ({"organizations": ["UNODC"]}, "organizations"),
    ],
)
def test_a_bad_routing_is_refused_naming_the_field(api, people, world, body, field):
    request = world.objects["support-requests"]["kenya_submitted"]
    before = (writes(), request.routings.count())
    response = api.as_user(people.secretariat).post(url("support-request-route", request.pk), body)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert (writes(), request.routings.count()) == before


def test_routing_to_a_member_state_is_refused_by_the_rules(api, people, world):
    request = world.objects["support-requests"]["kenya_submitted"]
    response = api.as_user(people.secretariat).post(
        url("support-request-route", request.pk), {"organizations": [reference_org("NO").pk]}
    )
    assert response.status_code == 400
    assert "entities" in response.json()["errors"]["organizations"][0]
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"request": 2**70}, "request"),
        ({"request": "1"}, "request"),
        ({"description": ""}, "description"),
        ({"project": 999_999}, "project"),
        ({"appeal_project": 999_999}, "appeal_project"),
    ],
)
def test_a_bad_offer_is_refused(api, people, world, body, field):
    payload = {"request": world.objects["support-requests"]["kenya_to_unodc"].pk, "description": "Help."} | body
    before = writes()
    response = api.as_user(people.entity).post(url("support-offer-list"), payload)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert writes() == before


def test_an_appeal_project_of_another_project_is_refused(api, people, world):
    appeal_project = world.objects["appeals"]["appeal"].appeal_projects.get()
    body = {
        "request": world.objects["support-requests"]["kenya_to_unodc"].pk,
        "description": "Help.",
        "project": world.objects["projects"]["unodc"].pk,
        "appeal_project": appeal_project.pk,
    }
    response = api.as_user(people.entity).post(url("support-offer-list"), body)
    assert response.status_code == 400
    assert "appeal_project" in response.json()["errors"]


# --- edits that cross ------------------------------------------------------------------------------------


def test_a_change_from_an_older_revision_is_a_409(api, people, world):
    request = world.objects["support-requests"]["kenya_submitted"]
    api.as_user(people.state)
    read = api.get(url("support-request-detail", request.pk)).json()
    first = api.patch(url("support-request-detail", request.pk), {"urgency": "urgent", "revision": read["revision"]})
    assert first.status_code == 200
    assert first.json()["revision"] == read["revision"] + 1
    assert [s["action"] for s in first.json()["steps"]] == ["edited"]
    stale = api.patch(url("support-request-detail", request.pk), {"title": "Mine", "revision": read["revision"]})
    assert stale.status_code == 409
    assert (stale.json()["code"], stale.json()["revision"]) == ("conflict", read["revision"] + 1)
    header = api.patch(
        url("support-request-detail", request.pk), {"title": "Mine"}, HTTP_IF_MATCH=f'"{read["revision"]}"'
    )
    assert header.status_code == 409
    malformed = api.patch(url("support-request-detail", request.pk), {"title": "Mine"}, HTTP_IF_MATCH="soon")
    assert malformed.status_code == 400
    request.refresh_from_db()
    assert (request.urgency, request.title) == ("urgent", world.objects["support-requests"]["kenya_submitted"].title)


def test_an_entry_change_from_an_older_revision_is_a_409(api, people, world):
    entry = world.objects["country-entries"]["platform"]
    api.as_user(people.state)
    assert api.patch(url("country-entry-detail", entry.pk), {"title": "New title", "revision": 1}).status_code == 200
    stale = api.patch(url("country-entry-detail", entry.pk), {"text": "Other text"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    entry.refresh_from_db()
    assert (entry.title, entry.revision) == ("New title", 2)
    assert entry.text != "Other text"


# --- the State's page ------------------------------------------------------------------------------------


def test_a_state_writes_an_entry_for_named_organizations_and_deletes_it(api, people, world):
    au = african_union()
    created = api.as_user(people.state).post(
        url("country-entry-list"),
        entry_body(audience="named", allowed_organizations=[au.pk], pillar=1, thematic_area="border-management"),
    )
    assert created.status_code == 201, created.content[:300]
    body = created.json()
    assert (body["country"]["iso_alpha3"], body["pillar"], body["thematic_area"]) == ("KEN", 1, "border-management")
    assert (body["allowed_organizations"], body["is_hidden"], body["attachments"]) == ([au.pk], False, [])
    detail = url("country-entry-detail", body["id"])
    seen = api.as_user(people.regional).get(detail).json()
    assert (seen["allowed_organizations"], seen["is_hidden"], seen["moderation_reason"]) == (None, None, None)
    assert api.as_user(people.entity).get(detail).status_code == 404
    assert api.as_user(people.regional).delete(detail).status_code == 403
    assert api.as_user(people.regional).patch(detail, {"title": "Ours"}).status_code == 403

    changed = api.as_user(people.state).patch(detail, {"title": "Border screening"})
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["allowed_organizations"]) == ("Border screening", [au.pk])
    assert changed.json()["text"] == "Our priority."
    assert api.delete(detail).status_code == 204
    assert not CountryEntry.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize(
    ("body", "field", "user"),
    [
        ({"audience": "named"}, "allowed_organizations", "state"),
        ({"allowed_organizations": [2**70], "audience": "named"}, "allowed_organizations", "state"),
        ({"kind": "rumour"}, "kind", "state"),
        ({"dated_on": "someday"}, "dated_on", "state"),
        ({"pillar": 5}, "pillar", "state"),
        ({"thematic_area": "nowhere"}, "thematic_area", "state"),
        # The schema's slug pattern allows no empty string: none is said with null.
        ({"thematic_area": ""}, "thematic_area", "state"),
        ({"title": "t" * 256}, "title", "state"),
        ({"text": "\x00"}, "text", "state"),
        ({"attachments": []}, "attachments", "state"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_is_written(api, people, world, body, field, user):
    before = writes()
    response = api.as_user(getattr(people, user)).post(url("country-entry-list"), entry_body(**body))
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert writes() == before


@pytest.mark.parametrize("role", ["outsider", *sorted(sc.PLATFORM)])
def test_only_a_states_focal_points_add_entries(api, people, world, role):
    response = api.as_user(people.roles()[role]).post(url("country-entry-list"), entry_body())
    assert response.status_code == (201 if role in ("state", "other_state") else 403)


def test_the_secretariat_hides_an_entry_with_a_reason_and_the_state_still_sees_it(api, people, world):
    entry = world.objects["country-entries"]["platform"]
    moderate = url("country-entry-moderate", entry.pk)
    blank = api.as_user(people.secretariat).post(moderate, {"hidden": True, "reason": "   "})
    assert blank.status_code == 400
    assert "reason" in blank.json()["errors"]
    hidden = api.post(moderate, {"hidden": True, "reason": "Names a person."})
    assert hidden.status_code == 200
    assert (hidden.json()["is_hidden"], hidden.json()["moderation_reason"]) == (True, "Names a person.")
    assert api.as_user(people.regional).get(url("country-entry-detail", entry.pk)).status_code == 404
    own = api.as_user(people.state).get(url("country-entry-detail", entry.pk)).json()
    assert (own["is_hidden"], own["moderation_reason"]) == (True, "Names a person.")


# --- filters -------------------------------------------------------------------------------------------


def test_the_lists_filter(api, people, world):
    api.as_user(people.secretariat)

    def ids(response):
        assert response.status_code == 200, response.content[:300]
        return {item["id"] for item in response.json()["results"]}

    assert ids(api.get(url("country-page-list"), {"country": "ken"})) == {world.objects["country-pages"]["kenya"].pk}
    assert ids(api.get(url("country-page-list"), {"country": "NOR"})) == set()
    challenges = ids(api.get(url("country-entry-list"), {"kind": "challenge", "country": "KEN"}))
    assert challenges == {world.objects["country-entries"]["entities"].pk}
    norway = ids(api.get(url("support-request-list"), {"country": "no", "status": "routed"}))
    assert norway == {world.objects["support-requests"]["norway_to_unoct"].pk}
    assert ids(api.get(url("support-request-list"), {"status": "closed"})) == set()
    urgent = SupportRequestFactory(urgency="urgent", title=f"Urgent {sc.MARKER}")
    assert ids(api.get(url("support-request-list"), {"urgency": "urgent", "search": sc.MARKER})) == {urgent.pk}
    offers = ids(
        api.get(url("support-offer-list"), {"request": world.objects["support-requests"]["kenya_to_unodc"].pk})
    )
    assert offers == {world.objects["support-offers"]["unodc_to_kenya"].pk}
    assert ids(api.get(url("support-offer-list"), {"status": "accepted"})) == set()
    for name, params in [
        ("country-page-list", {"country": "Kenya"}),
        ("country-entry-list", {"thematic_area": "not a slug"}),
        ("support-request-list", {"urgency": "now"}),
        ("support-offer-list", {"request": str(2**70)}),
    ]:
        response = api.get(url(name), params)
        assert response.status_code == 400, (name, params)
        assert next(iter(params)) in response.json()["errors"]

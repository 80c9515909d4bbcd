"""Bad input gets a 4xx JSON answer naming the field at fault; never a 500, never a half-written row."""

from __future__ import annotations

import zoneinfo

import pytest
from django.urls import reverse
from rest_framework import serializers

from platform_app.calendar.models import Event
from platform_app.cted.models import CountryAssessment
from tests.factories import reference_group, reference_org
from tests.people import african_union


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("organization-list", {"kind": "planet"}, "kind"),
        ("organization-list", {"acronym": "A" * 500}, "acronym"),
        ("document-list", {"working_group": "not-a-number"}, "working_group"),
        ("document-list", {"working_group": "99999999999999999999999"}, "working_group"),
        ("document-list", {"theme": "not a slug!"}, "theme"),
        ("document-list", {"published_after": "yesterday"}, "published_after"),
        ("document-list", {"search": "border\x00management"}, "search"),
        ("document-list", {"search": "word " * 100}, "search"),
        ("document-list", {"ordering": "secret_field"}, "ordering"),
        ("document-list", {"page_size": "0"}, "page_size"),
        ("document-list", {"page_size": "201"}, "page_size"),
        ("document-list", {"page_size": "many"}, "page_size"),
        ("recommendation-list", {"country": "K\x00"}, "country"),
        ("recommendation-list", {"country": "Kenya"}, "country"),
        ("recommendation-list", {"status": "done"}, "status"),
        ("recommendation-list", {"assessment": "1e400"}, "assessment"),
        ("recommendation-list", {"assessment": str(2**70)}, "assessment"),
        ("event-list", {"starts_after": "2026-13-45"}, "starts_after"),
        ("focal-point-list", {"expertise": "\x00"}, "expertise"),
        ("appeal-list", {"year": "-5"}, "year"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, people, name, params, field):
    response = api.as_user(people.entity).get(reverse(f"api:{name}"), params)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"].startswith(field)


@pytest.mark.parametrize(
    "path", ["/api/v1/documents/99999999999999999999999/", "/api/v1/documents/abc/", "/api/v1/nothing/"]
)
def test_an_unknown_object_or_route_is_a_json_404(api, people, path):
    response = api.as_user(people.entity).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_page_past_the_end_is_a_404(api, people):
    response = api.as_user(people.entity).get(reverse("api:organization-list"), {"page": 10_000})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_malformed_json_is_a_400(api, people):
    api.as_user(people.cted)
    response = api.post(reverse("api:assessment-list"), '{"member_state": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_body_in_another_format_is_a_415(api, people):
    response = api.as_user(people.cted).post(reverse("api:assessment-list"), "<x/>", content_type="application/xml")
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"member_state": "Kenya"}, "member_state"),
        ({"member_state": 2**70}, "member_state"),
        ({"member_state": None}, "member_state"),
        ({"title": "x" * 10_000}, "title"),
        ({"summary": "with a \x00 byte"}, "summary"),
        ({"visit_start": "2024-03-10", "visit_end": "2024-03-01"}, "visit_end"),
        ({"shared_with_entities": "perhaps"}, "shared_with_entities"),
        ({"kind": ["comprehensive"]}, "kind"),
        ({"sharing_decided_by": 1}, "sharing_decided_by"),
    ],
)
def test_a_bad_assessment_is_refused_naming_the_field_and_nothing_is_written(api, people, body, field):
    payload = {"member_state": reference_org("KE").pk, "title": "A visit"} | body
    before = CountryAssessment.objects.count()
    response = api.as_user(people.cted).post(reverse("api:assessment-list"), payload)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert CountryAssessment.objects.count() == before


def test_a_member_state_that_is_not_one_is_refused(api, people):
    response = api.as_user(people.cted).post(reverse("api:assessment-list"), {"member_state": african_union().pk})
    assert response.status_code == 400
    assert "member_state" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "not a date"}, "starts_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"countries": [0]}, "countries"),
        ({"visibility": "restricted"}, "allowed_organizations"),
        ({"working_group": 10**12}, "working_group"),
        ({"title": ""}, "title"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "europe/vienna"}, "time_zone"),
        ({"time_zone": "Europe/Vienna\x00"}, "time_zone"),
        ({"time_zone": "localtime"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": 3}, "time_zone"),
        ({"time_zone": None}, "time_zone"),
    ],
)
def test_a_bad_event_is_refused_and_nothing_is_written(api, people, body, field):
    payload = {
        "title": "Workshop",
        "starts_at": "2026-12-01T08:00:00Z",
        "ends_at": "2026-12-01T10:00:00Z",
        "working_group": reference_group("BMLE").pk,
    } | body
    before = Event.objects.count()
    response = api.as_user(people.entity).post(reverse("api:event-list"), payload)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert Event.objects.count() == before


def test_a_time_zone_is_any_iana_zone_name_and_nothing_else():
    from platform_app.core.api.inputs import TimeZoneField

    field = TimeZoneField()
    zones = zoneinfo.available_timezones() - {"localtime"}
    # GMT0, GMT+0 and GMT-0 are three names of one zone: a client generated from an enum of the zones
    # could not tell them apart.
    assert {"Africa/Nairobi", "UTC", "GMT0", "GMT+0", "GMT-0"} <= zones
    for zone in zones:
        assert field.run_validation(zone) == zone
    for wrong in ("Mars/Olympus", "africa/nairobi", " UTC", "UTC\x00", "localtime", "../etc/passwd"):
        with pytest.raises(serializers.ValidationError, match="IANA"):
            field.run_validation(wrong)


def test_a_time_zone_is_documented_as_an_iana_name_in_text_not_a_list_of_zones():
    from .openapi import openapi_schema

    schemas = openapi_schema()["components"]["schemas"]
    found = {name for name, component in schemas.items() if "time_zone" in component.get("properties", {})}
    assert {"EventCreateInputRequest", "Event"} <= found
    for name in found:
        zone = schemas[name]["properties"]["time_zone"]
        assert zone["type"] == "string", (name, zone)
        assert not {"enum", "$ref", "allOf", "oneOf", "anyOf"} & zone.keys(), (name, zone)
        assert "IANA" in zone["description"], (name, zone)
        assert "Africa/Nairobi" in zone["examples"], (name, zone)
    assert not any("zone" in name.lower() for name in schemas)


def test_a_token_request_with_the_wrong_types_is_a_400(api, people):
    response = api.post(reverse("api:token-obtain"), {"username": ["a"], "password": 5})
    assert response.status_code == 400
    assert "username" in response.json()["errors"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/documents/%C2%84/",
        "/api/v1/recommendations/%C2%84/",
        "/api/v1/documents/1/nothing/",
        "/api/nothing/",
        "/api/v1/nothing/",
    ],
)
def test_every_api_path_answers_json_whatever_the_debug_setting(api, people, settings, debug, path):
    settings.DEBUG = debug
    response = api.as_user(people.entity).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_server_error_in_the_api_is_json_whatever_the_debug_setting(people, settings, monkeypatch, debug):
    from rest_framework.test import APIClient

    from platform_app.directory.api import OrganizationViewSet

    def fail(self, request, *args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(OrganizationViewSet, "list", fail)
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(people.entity)
    response = client.get(reverse("api:organization-list"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"


def test_a_page_outside_the_api_keeps_its_html_error_page(client, people, settings):
    settings.DEBUG = True
    client.force_login(people.entity)
    response = client.get("/library/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

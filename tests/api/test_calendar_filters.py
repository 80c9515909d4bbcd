"""The joint calendar's filters: the list of upcoming events and the API's events read one filter set
(platform_app.calendar.filters.EventFilterSet), so the same filters and search give the same events, in
the same order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from platform_app.structure.models import Pillar
from tests.factories import EventFactory, reference_group, reference_org

pytestmark = pytest.mark.django_db

EVENT_LINK = re.compile(r'href="/calendar/events/(\d+)/"')
EVENTS = "/api/v1/events/"


def _at(day: int, hour: int = 9, hours: int = 2) -> dict:
    start = datetime(2030, 3, day, hour, tzinfo=UTC)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


@pytest.fixture
def events(reference) -> dict:
    """Events of March 2030 (no other event is that late), a few of them about borders."""
    return {
        "weak": EventFactory(
            title="Training of prison staff", description="One visit to a border post.", location="Rabat", **_at(2)
        ),
        "strong": EventFactory(
            title="Border management",
            description="Border security at every border crossing.",
            location="Nairobi",
            kind="webinar",
            countries=[reference_org("KE")],
            **_at(5),
        ),
        "group": EventFactory(title="Group meeting", working_group=reference_group("BMLE"), **_at(9, hours=30)),
        "late": EventFactory(title="Late conference", kind="conference", countries=[reference_org("KE")], **_at(20)),
    }


def _page(client, query: dict) -> list[int]:
    response = client.get(reverse("calendar:list"), query)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error"' not in body and "error-summary" not in body, query
    return [int(pk) for pk in EVENT_LINK.findall(body)]


def _api(api, query: dict) -> list[int]:
    response = api.get(EVENTS, {**query, "page_size": 200})
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


# The page's query string, and the API's for the same events.
SAME_FILTERS = [
    ({"from": "2030-03-01"}, {"from_date": "2030-03-01"}),
    ({"from": "2030-03-06"}, {"from_date": "2030-03-06"}),
    ({"from": "2030-03-01", "to": "2030-03-09"}, {"from_date": "2030-03-01", "to_date": "2030-03-09"}),
    ({"from": "2030-03-10", "to": "2030-03-10"}, {"from_date": "2030-03-10", "to_date": "2030-03-10"}),
    ({"from": "2030-03-01", "kind": "webinar"}, {"from_date": "2030-03-01", "kind": "webinar"}),
    ({"from": "2030-03-01", "country": "KEN"}, {"from_date": "2030-03-01", "country": "KEN"}),
    ({"from": "2030-03-01", "country": "ke"}, {"from_date": "2030-03-01", "country": "ke"}),
    ({"from": "2030-03-01", "q": "border"}, {"from_date": "2030-03-01", "search": "border"}),
    (
        {"from": "2030-03-01", "q": "border", "kind": "webinar"},
        {"from_date": "2030-03-01", "search": "border", "kind": "webinar"},
    ),
]


@pytest.mark.parametrize(("page", "query"), SAME_FILTERS)
def test_the_list_page_and_the_api_give_the_same_events_in_the_same_order(client, api, people, events, page, query):
    client.force_login(people.entity)
    api.as_user(people.entity)
    shown = _page(client, page)
    assert shown
    if "q" in page:
        # Searched, the page keeps the calendar's order (start) where the API ranks (on PostgreSQL):
        # the API in order of start gives the page's list.
        assert shown == _api(api, {**query, "ordering": "starts_at"})
    else:
        assert shown == _api(api, query)


def test_the_api_filters_by_the_days_the_list_page_offers(api, people, events):
    api.as_user(people.entity)
    assert _api(api, {"from_date": "2030-03-06"}) == [events["group"].pk, events["late"].pk]
    # Still going on at the start of the day counts (the group's meeting runs from the 9th to the 10th).
    assert _api(api, {"from_date": "2030-03-10", "to_date": "2030-03-10"}) == [events["group"].pk]
    assert _api(api, {"from_date": "2030-03-01", "to_date": "2030-03-04"}) == [events["weak"].pk]
    assert not {event.pk for event in events.values()} & set(_api(api, {"to_date": "2030-03-01"}))


def test_the_days_are_those_of_the_zone_the_times_are_given_in(client, api, people, events):
    evening = EventFactory(title="Evening call", **_at(25, hour=20, hours=1))  # 26 March, 05:00 in Tokyo
    user = people.entity
    user.time_zone = "Asia/Tokyo"
    user.save()
    client.force_login(user)
    tokyo_day = {"from": "2030-03-26", "to": "2030-03-26"}
    assert _page(client, tokyo_day) == [evening.pk]
    # Through the portal's session, the API gives the viewer's times, and takes the viewer's days.
    response = client.get(EVENTS, {"from_date": "2030-03-26", "to_date": "2030-03-26"})
    assert [row["id"] for row in response.json()["results"]] == [evening.pk]
    assert response.json()["results"][0]["starts_at"] == "2030-03-26T05:00:00+09:00"
    # With a token, in UTC.
    api.as_user(user)
    assert _api(api, {"from_date": "2030-03-26", "to_date": "2030-03-26"}) == []
    assert _api(api, {"from_date": "2030-03-25", "to_date": "2030-03-25"}) == [evening.pk]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_day_the_page_calls_a_typing_mistake_is_a_bound_in_the_api(api, people, events, day):
    api.as_user(people.entity)
    everything = set(_api(api, {}))
    early = set(_api(api, {"from_date": day}))
    late = set(_api(api, {"to_date": day}))
    if day.startswith("9999"):
        assert early == set() and late == everything
    else:
        assert early == everything and late == set()


@pytest.mark.parametrize("name", ["from_date", "to_date"])
@pytest.mark.parametrize("value", ["garbage", "2030-02-30", "2030-03-01\x00"])
def test_a_malformed_day_is_a_400_naming_it(api, people, name, value):
    response = api.as_user(people.entity).get(EVENTS, {name: value})
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_the_filters_the_page_and_the_api_share_narrow_alike(client, api, people, events):
    """Working group and pillar, by the API's names and values."""
    pillar = Pillar.objects.get(number=2)
    events["late"].pillars.set([pillar])
    client.force_login(people.entity)
    api.as_user(people.entity)
    group = str(reference_group("BMLE").pk)
    assert _page(client, {"from": "2030-03-01", "working_group": group}) == [events["group"].pk]
    assert _api(api, {"from_date": "2030-03-01", "working_group": group}) == [events["group"].pk]
    assert _page(client, {"from": "2030-03-01", "pillar": "2"}) == _api(api, {"pillar": "2"}) == [events["late"].pk]


@pytest.mark.postgres
def test_a_search_finds_the_same_events_the_page_in_order_of_start_the_api_best_first(client, api, people, events):
    """The calendar's list joins working-group meetings to the events, so it keeps a calendar's order
    (start) when searched; the API's list of events ranks the same matches best first."""
    client.force_login(people.entity)
    api.as_user(people.entity)
    assert _page(client, {"from": "2030-03-01", "q": "border"}) == [events["weak"].pk, events["strong"].pk]
    assert _api(api, {"from_date": "2030-03-01", "search": "border"}) == [events["strong"].pk, events["weak"].pk]

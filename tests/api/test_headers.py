"""What a client reads from the headers: its rate limit (RateLimit-Limit, -Remaining, -Reset; Retry-After on a
429) on every answer a rate limit counted, and the other pages of a list (an RFC 8288 Link header)."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from platform_app.core.api.throttling import SignInRateThrottle, TokenRateThrottle
from tests.factories import TEST_PASSWORD

from .openapi import openapi_schema
from .test_access import ROUTES, path_of, route_methods

RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


@pytest.fixture
def tiny_rates(monkeypatch):
    """Three requests a minute per token, and two sign-ins, counted from nothing."""
    monkeypatch.setattr(TokenRateThrottle, "rate", "3/minute", raising=False)
    monkeypatch.setattr(SignInRateThrottle, "rate", "2/minute", raising=False)
    cache.clear()


def limits(response) -> tuple[int, int, int]:
    return tuple(int(response[header]) for header in RATE_LIMIT_HEADERS)


def test_every_counted_answer_says_the_limit_what_remains_and_when_it_grows_again(api, people, tiny_rates):
    api.as_user(people.state)
    url = reverse("api:organization-list")
    first, second = api.get(url), api.get(url)
    assert first.status_code == second.status_code == 200
    assert limits(first)[:2] == (3, 2)
    assert limits(second)[:2] == (3, 1)
    # The window slides: the first request counts for a minute after it was made.
    assert 0 < limits(second)[2] <= 60


def test_a_429_says_nothing_remains_and_when_to_retry(api, people, tiny_rates):
    api.as_user(people.state)
    url = reverse("api:organization-list")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url)
    assert refused.status_code == 429
    limit, remaining, reset = limits(refused)
    assert (limit, remaining) == (3, 0)
    assert 0 < reset <= 60 and reset == int(refused["Retry-After"])


def test_a_429_says_when_to_retry_after_the_rate_was_lowered(api, people, tiny_rates, monkeypatch):
    # More requests counted than the new rate allows: DRF computes no wait, the window still says when.
    api.as_user(people.state)
    url = reverse("api:organization-list")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/minute")
    refused = api.get(url)
    assert refused.status_code == 429
    assert limits(refused)[:2] == (2, 0)
    assert 0 < int(refused["Retry-After"]) == limits(refused)[2] <= 60


def test_an_error_after_the_count_carries_the_headers_too(api, people, tiny_rates):
    api.as_user(people.state)
    invalid = api.get(reverse("api:recommendation-list"), {"status": "not-a-status"})
    assert invalid.status_code == 400
    assert limits(invalid)[:2] == (3, 2)


def test_the_token_endpoint_counts_sign_ins(api, people, tiny_rates):
    url = reverse("api:token-obtain")
    wrong = api.post(url, {"username": people.state.username, "password": "wrong"})
    issued = api.post(url, {"username": people.state.username, "password": TEST_PASSWORD})
    refused = api.post(url, {"username": people.state.username, "password": TEST_PASSWORD})
    assert [wrong.status_code, issued.status_code, refused.status_code] == [401, 201, 429]
    assert [limits(r)[:2] for r in (wrong, issued, refused)] == [(2, 1), (2, 0), (2, 0)]
    assert limits(refused)[2] == int(refused["Retry-After"])


ANSWERED_GET = [name for name, route in ROUTES.items() if route.kind != "public" and "GET" in route_methods(name)]


@pytest.mark.parametrize("name", ANSWERED_GET)
def test_every_route_of_the_api_says_its_rate_limit(api, people, name):
    # Whatever the answer (a page, an object, a 404 for an id that does not exist), the request was counted.
    api.as_user(people.secretariat)
    response = api.get(path_of(name, pk=999_999_999))
    assert response.status_code in (200, 404), response.content[:200]
    assert all(header in response for header in RATE_LIMIT_HEADERS), (name, dict(response.headers))


def test_an_answer_no_rate_limit_counted_says_none(api, people):
    # A token that is not valid is refused before any count: there is nothing true to say.
    api.credentials(HTTP_AUTHORIZATION="Token ccp_not-a-real-key")
    refused = api.get(reverse("api:organization-list"))
    assert refused.status_code == 401
    assert not any(header in refused for header in RATE_LIMIT_HEADERS)


def test_no_rate_limit_headers_while_the_counter_is_unreachable(api, people):
    api.as_user(people.state)
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=dead):
        listed = api.get(reverse("api:organization-list"))
        issued = api.post(reverse("api:token-obtain"), {"username": people.state.username, "password": TEST_PASSWORD})
    assert (listed.status_code, issued.status_code) == (200, 201)
    for response in (listed, issued):
        assert not any(header in response for header in RATE_LIMIT_HEADERS), dict(response.headers)


# --- the pages of a list --------------------------------------------------------------------------------


def links(response) -> dict[str, str]:
    """The targets of the response's Link header, by relation."""
    found = {}
    for part in re.findall(r'<([^>]*)>\s*;\s*rel="([^"]+)"', response.get("Link", "")):
        target, relation = part
        assert relation not in found, response["Link"]
        found[relation] = target
    return found


def page_of(url: str) -> int:
    return int(parse_qs(urlsplit(url).query).get("page", ["1"])[0])


def test_a_page_links_to_the_next_the_previous_the_first_and_the_last(api, people):
    api.as_user(people.state)
    url = reverse("api:organization-list")
    size = 40
    first = api.get(url, {"page_size": size, "kind": "member_state"})
    body = first.json()
    pages = math.ceil(body["count"] / size)
    assert pages >= 3, "the test needs at least three pages"
    page_one = links(first)
    assert set(page_one) == {"first", "next", "last"}
    assert page_one["next"] == body["next"]
    assert page_of(page_one["last"]) == pages

    second = api.get(page_one["next"])
    page_two = links(second)
    assert set(page_two) == {"first", "prev", "next", "last"}
    assert page_two["prev"] == second.json()["previous"] and page_two["next"] == second.json()["next"]
    assert api.get(page_two["first"]).json()["results"] == body["results"]

    last = api.get(page_one["last"])
    assert last.status_code == 200 and last.json()["next"] is None
    page_last = links(last)
    assert set(page_last) == {"first", "prev", "last"}
    assert page_last["prev"] == last.json()["previous"]
    assert all(parse_qs(urlsplit(target).query)["kind"] == ["member_state"] for target in page_last.values())


def test_the_last_page_linked_is_the_last_a_capped_list_reaches(api, people, settings):
    settings.LIST_COUNT_LIMIT = 5
    api.as_user(people.state)
    response = api.get(reverse("api:organization-list"), {"page_size": 2})
    assert response.json()["count_capped"] is True
    last = links(response)["last"]
    assert page_of(last) == 3
    assert api.get(last).status_code == 200


def test_a_single_page_links_only_to_itself(api, people):
    api.as_user(people.state)
    response = api.get(reverse("api:working-group-list"), {"page_size": 200})
    assert response.json()["next"] is None
    assert set(links(response)) == {"first", "last"}


# --- the schema ---------------------------------------------------------------------------------------------


def test_the_schema_documents_the_headers():
    paths = openapi_schema()["paths"]
    for template, operations in paths.items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                assert set(RATE_LIMIT_HEADERS) <= set(response.get("headers", {})), (method, template, status)
            if "429" in operation["responses"]:
                assert "Retry-After" in operation["responses"]["429"]["headers"], (method, template)
    listing = paths["/api/v1/recommendations/"]["get"]["responses"]["200"]
    assert "Link" in listing["headers"]
    assert "Link" not in paths["/api/v1/recommendations/{id}/"]["get"]["responses"]["200"].get("headers", {})
    headers = openapi_schema()["components"]["headers"]
    assert headers["RateLimit-Remaining"]["schema"]["type"] == "integer"

"""Every page of the portal, for every role: generated from the URL configuration.

A route that no `routes_<area>.py` declares fails `test_every_page_is_declared`, so a new page
cannot be added without saying who may open it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import portal
from tests.people import People

from .pages import Page

# Routes outside the portal's pages, tested elsewhere.
NOT_PAGES = {
    "admin": "the admin (tests/test_admin.py)",
    "api": "the REST API (tests/api/)",
    "set_language": "Django's language switch (tests/test_accounts.py)",
    "health": "the health check (tests/test_health.py)",
    "health_node": "the load balancers' health check (tests/test_health.py)",
}


def _declared() -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for module in pkgutil.iter_modules(portal.__path__):
        if module.name.startswith("routes_"):
            declared = importlib.import_module(f"tests.portal.{module.name}").PAGES
            overlap = pages.keys() & declared.keys()
            assert not overlap, f"declared twice: {overlap}"
            pages.update(declared)
    return pages


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in NOT_PAGES and not namespace:
                continue
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and f"{namespace}{pattern.name}" not in NOT_PAGES:
            names.add(f"{namespace}{pattern.name}")
    return names


# Every test reads the same people and scenario; they are built once for the module.
pytestmark = pytest.mark.shared_world

PAGES = _declared()
ROLES = ["anonymous", "outsider", "secretariat", "cted", "entity", "state", "other_state", "regional"]


def test_every_page_is_declared():
    names = _url_names()
    assert names - PAGES.keys() == set(), "routes with no access rule in tests/portal/routes_*.py"
    assert PAGES.keys() - names == set(), "access rules for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name, role, people: People, world, client: Client):
    page = PAGES[name]
    user = people.roles()[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=page.kwargs(world, people) if page.kwargs else None) + page.query
    response = client.get(url)
    if role == "anonymous":
        if page.anonymous == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == page.anonymous, url
        return
    if role == "outsider":
        expected = page.outsider
    elif role in page.roles:
        expected = 405 if page.method == "post" else page.ok
    elif role in page.forbidden:
        expected = 403
    else:
        expected = page.others
    assert response.status_code == expected, f"{role} GET {url}"

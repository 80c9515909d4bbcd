"""How each portal route is reached in the access tests (test_access.py).

Every area declares its routes in a `routes_<area>.py` module of this folder as
`PAGES: dict[str, Page]`, keyed by the URL name with its namespace ("library:document"). The
access test fails for a route of the URL configuration that no module declares, so a new page
cannot escape the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests import scenario as sc
from tests.people import People

ALL_PLATFORM = frozenset(sc.PLATFORM)


@dataclass(frozen=True)
class Page:
    # URL kwargs, from the scenario of tests/scenario.py and the people of tests/people.py.
    kwargs: Callable[[sc.Scenario, People], dict] | None = None
    query: str = ""
    # Roles (names of People.roles()) that get 200 on GET. The others among the platform users get
    # `others` (404 for an object they may not see, 403 for a page their role may not use).
    roles: frozenset[str] = ALL_PLATFORM
    ok: int = 200  # what those roles get (a redirect for the sign-in page once signed in)
    others: int = 404
    # Roles that see the object but may not use this page: 403, whatever `others` says.
    forbidden: frozenset[str] = frozenset()
    # "post": the route only accepts POST; a GET by a role that may use it answers 405.
    method: str = "get"
    # What an anonymous visitor gets: "login" (redirected to sign in) or a status code.
    anonymous: str | int = "login"
    # What a signed-in account with no organization gets.
    outsider: int = 403
    notes: str = field(default="", compare=False)

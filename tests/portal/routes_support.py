"""Access rules of the requests for tailored support (see pages.py). The scenario is in tests/scenario.py.

Kenya's request routed to UNODC is seen by Kenya, the Secretariat and UNODC (the entity); for every other
platform user it does not exist (404). Who sees it but may not make a move gets 403; a move's form is
POST only (405 on GET for whoever may make it). The moves themselves are tested in test_support.py.
"""

from tests.portal.pages import Page

READERS = frozenset({"secretariat", "state", "entity"})


def _named(resource, name):
    return lambda world, people: {"pk": world.objects[resource][name].pk}


REQUEST = _named("support-requests", "kenya_to_unodc")
OFFER = _named("support-offers", "unodc_to_kenya")

PAGES = {
    "support:index": Page(),
    # Filed by focal points of Member States; the others are told who files.
    "support:create": Page(roles=frozenset({"state", "other_state"}), others=403),
    "support:request": Page(kwargs=REQUEST, roles=READERS),
    "support:edit": Page(kwargs=REQUEST, roles=frozenset({"state"}), forbidden=frozenset({"secretariat", "entity"})),
    "support:route": Page(
        kwargs=REQUEST, roles=frozenset({"secretariat"}), method="post", forbidden=frozenset({"state", "entity"})
    ),
    "support:offer": Page(
        kwargs=REQUEST, roles=frozenset({"entity"}), method="post", forbidden=frozenset({"state", "secretariat"})
    ),
    "support:close": Page(
        kwargs=REQUEST, roles=frozenset({"state", "secretariat"}), method="post", forbidden=frozenset({"entity"})
    ),
    "support:decide": Page(
        kwargs=OFFER, roles=frozenset({"state"}), method="post", forbidden=frozenset({"secretariat", "entity"})
    ),
    "support:withdraw_offer": Page(
        kwargs=OFFER, roles=frozenset({"entity"}), method="post", forbidden=frozenset({"secretariat", "state"})
    ),
}

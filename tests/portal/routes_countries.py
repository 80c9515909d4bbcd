"""Access rules of the Member States' pages (see pages.py): every platform user may open them.

A profile shows each viewer only what that viewer may see (test_countries.py), so the page itself is open.
"""

from tests.portal.pages import Page


def _kenya(world, people):
    # Lower case on purpose: the code is matched whatever its case.
    return {"iso3": world.objects["organizations"]["kenya"].iso_alpha3.lower()}


PAGES = {
    "countries:index": Page(),
    "countries:profile": Page(kwargs=_kenya),
}


def _object(resource, name):
    return lambda world, people: {"pk": world.objects[resource][name].pk}


def _kenya_upper(world, people):
    return {"iso3": "KEN"}


# Kenya's own focal points write its page; every other platform user is told so (403).
KENYA_WRITES = {"roles": frozenset({"state"}), "others": 403}
# The entry for Compact entities: Kenya writes it, the Secretariat moderates it, entities (CTED included)
# read it; for Norway and the African Union it does not exist.
ENTRY = _object("country-entries", "entities")
ENTRY_READERS = frozenset({"secretariat", "state", "cted", "entity"})

PAGES |= {
    "countries:page_edit": Page(kwargs=_kenya_upper, **KENYA_WRITES),
    "countries:entry_create": Page(kwargs=_kenya_upper, **KENYA_WRITES),
    "countries:entry_edit": Page(kwargs=ENTRY, roles=frozenset({"state"}), forbidden=ENTRY_READERS - {"state"}),
    "countries:entry_delete": Page(
        kwargs=ENTRY, roles=frozenset({"state"}), forbidden=ENTRY_READERS - {"state"}, method="post"
    ),
    "countries:entry_moderate": Page(
        kwargs=ENTRY, roles=frozenset({"secretariat"}), forbidden=ENTRY_READERS - {"secretariat"}
    ),
    "countries:attachment": Page(kwargs=_object("entry-attachments", "for_entities"), roles=ENTRY_READERS),
}

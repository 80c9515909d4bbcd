"""Access rules of the CTED pages (see pages.py). The scenario is in tests/scenario.py.

Kenya's assessment is not shared with entities: Kenya, CTED and the Secretariat see it, and for every
other platform user it does not exist (404). Norway's shared assessment is covered in
tests/portal/test_cted.py, where the entity reads it but may not change it (403).
"""

from tests.portal.pages import Page

KENYA_READERS = frozenset({"secretariat", "cted", "state"})


def _kenya(resource):
    return lambda world, people: {"pk": world.objects[resource]["kenya"].pk}


PAGES = {
    # Everyone gets the page; what it lists depends on the reader (nothing at all for regional organizations).
    "cted:index": Page(),
    "cted:country": Page(kwargs=lambda world, people: {"iso3": "KEN"}, roles=KENYA_READERS),
    "cted:assessment": Page(kwargs=_kenya("assessments"), roles=KENYA_READERS),
    "cted:assessment_sharing": Page(kwargs=_kenya("assessments"), roles=KENYA_READERS, method="post"),
    "cted:recommendation": Page(kwargs=_kenya("recommendations"), roles=KENYA_READERS),
    "cted:recommendation_progress": Page(kwargs=_kenya("recommendations"), roles=KENYA_READERS, method="post"),
    # For those who respond to recommendations: entities, CTED and the Secretariat.
    "cted:gaps": Page(roles=frozenset({"secretariat", "cted", "entity"}), others=403),
}

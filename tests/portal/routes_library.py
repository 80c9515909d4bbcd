"""Access rules of the library's pages (see pages.py). The scenario's documents are in tests/scenario.py."""

from tests.portal.pages import Page


def _document(name):
    return lambda world, people: {"pk": world.objects["documents"][name].pk}


PAGES = {
    "library:index": Page(),
    # Members of a working group share documents: UNODC and CTED are members of several; the scenario's
    # Member States and the African Union belong to none.
    "library:upload": Page(),
    # Restricted to Kenya: a document Norway may not see is a 404, as if it did not exist.
    "library:document": Page(kwargs=_document("for_kenya"), roles=frozenset({"secretariat", "state"})),
    # Shared with BMLE's members only: Kenya, merely invited to BMLE's space, does not get the file.
    "library:download": Page(kwargs=_document("bmle"), roles=frozenset({"secretariat", "cted", "entity"})),
    # The picture of its first page goes to whoever may download the file, and to nobody else.
    "library:thumbnail": Page(kwargs=_document("bmle"), roles=frozenset({"secretariat", "cted", "entity"})),
    # A platform document of UNOCT: everyone sees it, only the Secretariat (no UNOCT focal point here) may
    # add a version; tests/portal/test_library.py covers the owner and the 404 for those who cannot see.
    "library:new_version": Page(kwargs=_document("platform"), roles=frozenset({"secretariat"}), others=403),
}

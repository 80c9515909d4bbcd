"""Access rules of the directory's pages (see pages.py): every platform user may use them; a person's page
opens for whoever the directory lists that person to.

What each role sees in them (hidden contact details, deactivated people) is in test_directory.py.
"""

from tests.portal.pages import Page


def _kenya(world, people):
    return {"pk": world.objects["organizations"]["kenya"].pk}


def _former(world, people):
    return {"pk": world.objects["focal-points"]["deactivated"].pk}


PAGES = {
    "directory:index": Page(),
    "directory:export": Page(),
    "directory:organizations": Page(),
    # Organizations are reference data: every platform user sees each one's page.
    "directory:organization": Page(kwargs=_kenya),
    # A person's page opens where the directory lists the person: someone no longer in office only for the
    # Secretariat, a 404 for everyone else (people in office: test_directory.py, for every role).
    "directory:person": Page(kwargs=_former, roles=frozenset({"secretariat"})),
}

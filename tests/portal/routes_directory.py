"""Access rules of the directory's pages (see pages.py): every platform user may use them.

What each role sees in them (hidden contact details, deactivated people) is in test_directory.py.
"""

from tests.portal.pages import Page


def _kenya(world, people):
    return {"pk": world.objects["organizations"]["kenya"].pk}


PAGES = {
    "directory:index": Page(),
    "directory:export": Page(),
    "directory:organizations": Page(),
    # Organizations are reference data: every platform user sees each one's page.
    "directory:organization": Page(kwargs=_kenya),
}

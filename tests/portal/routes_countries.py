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

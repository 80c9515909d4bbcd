"""Access rules of the site search (see pages.py): every platform user searches, each finding only what
they may see (tests/portal/test_search_page.py); a signed-in account of no organization gets the 403 page."""

from tests import scenario as sc
from tests.portal.pages import Page

PAGES = {
    "search:index": Page(query=f"?q={sc.MARKER}"),
}

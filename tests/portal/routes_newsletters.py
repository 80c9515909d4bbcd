"""Access rules of the newsletter pages: the archive is open to anyone for issues marked public,
to every platform user for published ones, and drafts are previewed by the Secretariat only."""

from tests.portal.pages import Page


def _issue(name):
    return lambda world, people: {"slug": world.objects["newsletters"][name].slug}


PAGES = {
    "newsletters:index": Page(anonymous=200, outsider=200),
    # Not marked public: platform users only (an anonymous visitor gets 404, not a sign-in page,
    # since public issues are at the same address).
    "newsletters:detail": Page(kwargs=_issue("published"), anonymous=404, outsider=404),
    "newsletters:pdf": Page(kwargs=_issue("published"), anonymous=404, outsider=404),
    # The token is the credential: a forged one is refused alike for all.
    "newsletters:unsubscribe": Page(
        kwargs=lambda world, people: {"token": "forged"}, ok=400, anonymous=400, outsider=400
    ),
}

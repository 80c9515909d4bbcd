"""The home page, signing in and out, and the person's own account pages."""

from .pages import Page

BOGUS_LINK = {"uidb64": "MQ", "token": "abc-123"}  # a well-formed link that is not valid

PAGES = {
    # Anonymous visitors get the public landing page (the Compact's figures and a way to sign in).
    "home": Page(anonymous=200, outsider=200),
    "login": Page(anonymous=200, ok=302, outsider=302),
    "logout": Page(method="post", anonymous=405, outsider=405),
    # Where signing out lands; someone still signed in goes to the home page instead.
    "account:signed_out": Page(anonymous=200, ok=302, outsider=302),
    "account:profile": Page(outsider=200),
    "account:password_change": Page(outsider=200),
    # Only staff who have not yet confirmed a code this session are asked for one (tests/test_security.py);
    # everyone else, and staff already confirmed as the test client signs them in, goes on.
    "two_factor": Page(ok=302, outsider=302),
    "account:token_create": Page(method="post", outsider=405),
    "account:token_revoke": Page(kwargs=lambda world, people: {"pk": 1}, method="post", outsider=405),
    "account:calendar_feed_reset": Page(method="post", outsider=405),
    "account:password_reset": Page(anonymous=200, outsider=200),
    "account:password_reset_done": Page(anonymous=200, outsider=200),
    "account:password_reset_complete": Page(anonymous=200, outsider=200),
    "account:password_reset_confirm": Page(kwargs=lambda world, people: BOGUS_LINK, anonymous=200, outsider=200),
    "account:invitation": Page(kwargs=lambda world, people: BOGUS_LINK, anonymous=200, outsider=200),
    # Only an organization's main focal point reconfirms colleagues; none of the people here is one
    # (tests/background/test_reconfirmation.py has one who is).
    "account:reconfirm": Page(roles=frozenset(), others=403),
    # The token is the credential: no session needed, and a forged one is refused alike for all.
    "unsubscribe": Page(kwargs=lambda world, people: {"token": "forged"}, ok=400, anonymous=400, outsider=400),
}
